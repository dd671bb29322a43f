import type { BackendName, ExperimentSpec } from '../spec/experiment-spec'
import type { Particles } from '../science/particles'
import type { TransferCounts } from './particle-backend'

/** A concrete backend that can run the particle dynamics. */
export type ConcreteBackend = Exclude<BackendName, 'auto'> | 'reference'

/** Which backend was asked for, which one actually ran, and why it differs (if it does). */
export interface BackendReport {
  requested: BackendName | 'reference'
  actual: ConcreteBackend
  /** Adapter or executor details, e.g. 'NVIDIA H100 (vulkan)', 'fused-threaded, 2 workers'. */
  detail: string
  /** Why the actual backend differs from the requested one; null when it does not. */
  fallbackReason: string | null
}

/**
 * Metric series as columns of equal length, one entry per record (every `observe.every` steps).
 * Always present: 'step', 'time' (t = Σ s_k), 'risk' (population or held-out E(y − f)²).
 * Where defined: 'trainRisk', 'meanNormW', 'l2'; two-timescale runs: 'objective' (G(μ) on the
 * training set), 'dof' (d(μ)), 'alignment' (kernel–target alignment of K_μ on the training set);
 * the observables' columns (observe/observable-columns.ts), 'pdeRisk' (the 'pde' observable).
 */
export type MetricColumns = Record<string, number[]>

/** One metric record: column name → value at one step. */
export type MetricRecord = Record<string, number>

/**
 * Histogram of ‖w_i‖ at one step: bin edges (bins+1) and counts (bins). With the 'pde' observable,
 * `pdeCounts` (bins) are the mean-field PDE's radii on the same bins, scaled to M particles.
 */
export interface NormHistogram {
  step: number
  edges: number[]
  counts: number[]
  pdeCounts?: number[]
}

/** State to resume a run bit-for-bit on the same backend (statistically on another). */
export interface Checkpoint {
  step: number
  time: number
  particles: Particles
  /** Saved states of the host random streams, by stream name. */
  rng: Record<string, number[]>
  /** Backend-specific extra state (e.g. a device RNG counter), JSON-safe. */
  extra: Record<string, number>
}

/** The dynamics stopped because the state blew up. */
export class DivergenceError extends Error {
  constructor(
    readonly step: number,
    message: string
  ) {
    super(message)
    this.name = 'DivergenceError'
  }
}

/**
 * A running experiment: the dynamics of one spec on one backend. Created by `createSimulation`.
 * Particle state stays on the device between calls; only metrics and requested snapshots come back.
 */
export interface Simulation {
  readonly spec: ExperimentSpec
  readonly backend: BackendReport
  /** Steps done so far. */
  readonly step: number
  /** Time t = Σ_k s_k so far. */
  readonly time: number
  /**
   * Runs up to `steps` more steps (clipped at spec.dynamics.steps) and returns the metric records
   * taken on the way (at multiples of observe.every, and at the last step of the run).
   * Throws DivergenceError (with a message naming the likely cause) when NaN/Inf appears.
   *
   * With `defer`, a record's risk is computed beside the steps where the backend can
   * (ParticleBackend.predictBegin): the record is begun at its step and completed, with every
   * check, after the next chunk of steps (returned by a later advance, or by settle()). The records
   * and errors are the same as without it, one chunk later; a DivergenceError names the record's
   * step. A caller that defers must settle() before measure() and wherever records must be complete.
   */
  advance(steps: number, options?: { defer?: boolean }): Promise<MetricRecord[]>
  /** Completes the deferred record, if any (none, or the one record, in a list). */
  settle(): Promise<MetricRecord[]>
  /** Metrics of the current state (does not advance). */
  measure(): Promise<MetricRecord>
  /** A float64 copy of the particles (read back from the device). */
  snapshot(): Promise<Particles>
  /** ‖w_i‖ histogram of the current state. */
  histogram(bins?: number): Promise<NormHistogram>
  checkpoint(): Promise<Checkpoint>
  /** Host↔device transfers of the backend so far (gpu.js backends), for benchmarks. */
  transfers?(): TransferCounts | undefined
  /** Frees device memory and workers. */
  dispose(): void
}
