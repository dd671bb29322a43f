import { estimateRun } from '../spec/run-estimate'
import type { ExperimentSpec } from '../spec/experiment-spec'

/** What a whole study costs on one core per run, from each run's estimate (run-estimate.ts). */
export interface StudyEstimate {
  runs: number
  /** Sum of every run's estimated seconds: the CPU time of the study. */
  cpuSeconds: number
  /** The longest run's estimated seconds (the wall time of a study with one core per run). */
  longestSeconds: number
  /** The largest run's estimated bytes. */
  largestBytes: number
}

/** Adds up the estimates of a study's runs (their specs, in plan order). */
export function estimateStudy(specs: readonly ExperimentSpec[]): StudyEstimate {
  let cpuSeconds = 0
  let longestSeconds = 0
  let largestBytes = 0
  for (const spec of specs) {
    const e = estimateRun(spec)
    cpuSeconds += e.seconds
    longestSeconds = Math.max(longestSeconds, e.seconds)
    largestBytes = Math.max(largestBytes, e.bytes)
  }
  return { runs: specs.length, cpuSeconds, longestSeconds, largestBytes }
}

/**
 * CPU time from which the Studies page offers a Slurm cluster: a study this long ties up a laptop
 * for an afternoon or more even on several cores.
 */
export const LONG_STUDY_CPU_SECONDS = 3600

/** The resources each array task asks Slurm for. */
export interface SlurmResources {
  cpusPerTask: number
  /** Memory per task in MiB (`--mem`). */
  memoryMiB: number
  /** Time limit per task in minutes (`--time`). */
  timeMinutes: number
}

/**
 * Node, the compute worker and the bundled engine on their own: `mflab run` of a small run peaks at
 * ≈ 120 MiB resident (/usr/bin/time -v); the rest is headroom for V8's heap growth.
 */
const PROCESS_BASE_MIB = 384
/** Estimates are ballpark figures calibrated on one laptop: ask for this many times the longest. */
const TIME_MARGIN = 3
const TIME_FLOOR_MINUTES = 10

/**
 * Per-task resources for a study's array job (one task per run; every task gets the largest
 * run's needs): one CPU, since a run steps on one thread unless full-batch GD's GEMM threads help
 * (then up to 4); memory from the largest run's estimate ×1.5 plus the process's own; a time limit
 * of TIME_MARGIN × the longest run's estimate plus TIME_FLOOR_MINUTES, so a node slower than the
 * reference machine still finishes (and a task stopped at the limit resumes from its checkpoint).
 */
export function slurmResources(specs: readonly ExperimentSpec[]): SlurmResources {
  const e = estimateStudy(specs)
  const fullBatch = specs.some(
    (s) => s.dynamics.kind === 'gd' && s.model.width * s.task.trainSize >= 1 << 20
  )
  const cpusPerTask = fullBatch ? 4 : 1
  const memoryMiB = Math.ceil((PROCESS_BASE_MIB + (1.5 * e.largestBytes) / 2 ** 20) / 64) * 64
  const timeMinutes = Math.ceil((TIME_MARGIN * e.longestSeconds) / 60) + TIME_FLOOR_MINUTES
  return { cpusPerTask, memoryMiB, timeMinutes }
}

/** Slurm's `--time` format: `D-HH:MM:00` or `HH:MM:00`. */
export function slurmTime(minutes: number): string {
  const d = Math.floor(minutes / 1440)
  const h = Math.floor((minutes % 1440) / 60)
  const m = minutes % 60
  const hhmm = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`
  return d > 0 ? `${d}-${hhmm}` : hhmm
}
