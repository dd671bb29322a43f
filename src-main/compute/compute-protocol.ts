import type { Dataset } from '@shared/science/particles'
import type { BackendName, ExperimentSpec } from '@shared/spec/experiment-spec'
import type {
  BackendReport,
  Checkpoint,
  MetricRecord,
  NormHistogram
} from '@shared/engine/simulation-types'
import type { ParticleSnapshot } from '@shared/session/session-types'

/**
 * The messages between a host (CLI, studies, the app's run queue) and the compute worker that runs one
 * simulation. Commands go in, events come out; large arrays travel as transferred typed arrays.
 *
 * Life of a run: `start` → 'backend' → 'status' running (or paused) → 'metrics' / 'histogram' /
 * 'particles' events → exactly one of 'done' (completed or stopped, with a checkpoint to resume
 * from) or 'error'. Hosts may send pause / resume / step / setSpeed / stop / request* at any time
 * after start; requests are answered between two chunks of steps.
 */

/** How to start a run. */
export interface StartOptions {
  /** A validated spec (the worker validates it again: it crossed a thread boundary). */
  spec: ExperimentSpec
  /** Backend to open; default spec.compute.backend. */
  backend?: BackendName | 'reference'
  /** Resume from this state instead of the initial particles of spec.seed. */
  checkpoint?: Checkpoint | null
  /** Open the backend, then wait for resume or step (step-by-step teaching mode). */
  paused?: boolean
  /** Upper bound on the speed (steps per second); null or absent = as fast as possible. */
  stepsPerSecond?: number | null
  /** Send a 'live' particle snapshot at most this often (ms); 0 or absent = never. */
  liveParticlesMs?: number
  /** Gather metric records and send them at most this often (ms); default 100. */
  metricsFlushMs?: number
  /** The rows of a 'csv' task (the session's data/x and data/y; see session/csv-rows.ts). */
  csv?: Dataset | null
  /** Where `auto` remembers its measured backend choices (auto-memory-file.ts); absent = nowhere. */
  autoMemoryFile?: string
  /** `auto` measures again even when the file remembers a choice for the run's shape class. */
  remeasure?: boolean
}

/** Commands a host sends to the worker. */
export type ComputeCommand =
  | { type: 'start'; options: StartOptions }
  | { type: 'pause' }
  | { type: 'resume' }
  /** While paused: run this many steps, then stay paused. */
  | { type: 'step'; steps: number }
  /** Finish the chunk in flight, then end with a 'done' event (status 'stopped') and its checkpoint. */
  | { type: 'stop' }
  | { type: 'setSpeed'; stepsPerSecond: number | null }
  | { type: 'requestCheckpoint'; requestId: number }
  | { type: 'requestParticles'; requestId: number }

/** Particles as float32 (w row-major m×d), why they were sent, and at which step. */
export interface ParticlesEvent extends ParticleSnapshot {
  type: 'particles'
  /**
   * 'snapshot': at step 0 and every observe.snapshotEvery steps (when > 0) and at the end of a
   * completed run, to keep in the session; 'live': for views; 'request': answer to requestParticles.
   */
  reason: 'snapshot' | 'live' | 'request'
  requestId?: number
}

/** The end of a run that did not fail. */
export interface DoneEvent {
  type: 'done'
  status: 'completed' | 'stopped'
  step: number
  time: number
  /** Metrics of the final state (measured at the end, also when stopped between two records). */
  final: MetricRecord
  /** State to resume from (and, for a completed run, to extend it). */
  checkpoint: Checkpoint
}

/** A run that failed: divergence (NaN/Inf), a bad spec, a backend error, or a worker crash. */
export interface ErrorEvent {
  type: 'error'
  message: string
  /** The error's class name, e.g. 'DivergenceError', 'SpecError', 'WorkerCrash'. */
  name: string
  /** The step it happened at, when known. */
  step: number | null
}

/** Events the worker sends. */
export type ComputeEvent =
  | { type: 'backend'; backend: BackendReport }
  | { type: 'status'; status: 'running' | 'paused'; step: number }
  /** Records in step order; stepsPerSecond is measured over the steps since the previous batch. */
  | { type: 'metrics'; records: MetricRecord[]; step: number; time: number; stepsPerSecond: number }
  /** ‖w_i‖ histogram, sent at record steps (about 200 per run at most). */
  | { type: 'histogram'; histogram: NormHistogram }
  | ParticlesEvent
  | { type: 'checkpoint'; requestId: number; checkpoint: Checkpoint }
  | DoneEvent
  | ErrorEvent

/** How a worker sends an event (postMessage with a transfer list). */
export type PostEvent = (event: ComputeEvent, transfer: ArrayBuffer[]) => void
