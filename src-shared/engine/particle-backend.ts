import type { Activation } from '../science/activations'
import type { LabelNoiseParams } from '../science/dynamics'
import type { Dataset, Particles } from '../science/particles'
import type { EngineFault } from './engine-fault'
import type { ConcreteBackend } from './simulation-types'

/** The fixed parameters of one run's dynamics, as a backend needs them (docs/science.md#model, docs/science.md#dynamics). */
export interface DynamicsConfig {
  m: number
  d: number
  sigma: Activation
  /** Output scale α of f = (α/M) Σ a_i σ(⟨w_i, x⟩ + b_i). */
  alpha: number
  /** L2 strength λ (each step adds −2 s λ θ). */
  lambda: number
  /** Inverse temperature β; Infinity = noiseless. */
  beta: number
  /** Which groups move; with `bias` false, b is absent (kept at 0, never trained). */
  train: { a: boolean; b: boolean; w: boolean }
  /** Seed of the backend's own noise generator. */
  seed: number
  /**
   * Where the gpu.js backends draw the Langevin normals: 'device' (in-kernel Philox, the default;
   * nothing drawn on the host) or 'host' (the reference backend's stream, for agreement with it up
   * to float32 rounding). The float64 and js backends always use the host stream.
   */
  noise?: 'device' | 'host'
  /** The update rule; absent = 'sgd'. Only the float64 backends (reference, js) run the others. */
  rule?: UpdateRule
  /** A deliberate fault (tests only, see engine-fault.ts); the float64 backend reads it. */
  fault?: EngineFault
}

/**
 * Which step a backend runs (docs/science.md#dynamics):
 * - 'sgd': science/sgd-step.ts (GD, SGD, online SGD, noisy or not), every backend;
 * - 'linearised': the first-order Taylor model at θ0 (science linearisedStep), same batches as sgd;
 * - 'two-timescale': exact second layer + MFLD on the first (science twoTimescaleStep, or
 *   labelNoiseStep when params.labelNoise > 0 and params.mode ≠ 'none'), always on the training set;
 *   its `stepSize` is ignored (the chunk's step sizes are used).
 */
export type UpdateRule =
  | { kind: 'sgd' }
  | { kind: 'linearised'; theta0: Particles }
  | { kind: 'two-timescale'; params: LabelNoiseParams }

/** The rule of a config ('sgd' when absent). */
export function ruleOf(cfg: DynamicsConfig): UpdateRule {
  return cfg.rule ?? { kind: 'sgd' }
}

/**
 * The batches of one chunk of K steps:
 * - 'train': every step uses the whole training set uploaded with `setTrainSet` (GD);
 * - 'samples': step k uses rows k·B … k·B + B − 1 of `x` (row-major, K·B×d) and `y` (K·B).
 */
export type ChunkBatches =
  { kind: 'train' } | { kind: 'samples'; batch: number; x: Float64Array; y: Float64Array }

/** One chunk of K steps: the per-step sizes s_k (length K) and where each step's batch comes from. */
export interface Chunk {
  stepSizes: Float64Array
  batches: ChunkBatches
  /**
   * The run's index of the chunk's first step (the driver's step count), for counter-based noise:
   * the gpu.js backends key their in-kernel normals by it, so a resumed run draws what the
   * uninterrupted one drew whatever noise state its checkpoint holds. Absent: the backend counts.
   */
  firstStep?: number
}

/** Per-particle reductions that come back after every chunk (M values each, float64 copies). */
export interface ParticleStats {
  /** ‖w_i‖² of each particle. */
  normW2: Float64Array
  /** a_i² + b_i² of each particle. */
  normAB2: Float64Array
}

/**
 * Host↔device traffic a gpu.js backend did (counted where it hands arrays to gpu.js or takes them
 * back): θ uploads and readbacks, reductions read back (norms, predictions), data uploads (batches,
 * training set, host normals) and host normals drawn.
 */
export interface TransferCounts {
  thetaUploads: number
  thetaReadbacks: number
  reductionReadbacks: number
  dataUploads: number
  hostNormals: number
}

/** A prediction begun by {@link ParticleBackend.predictBegin}. */
export interface PendingPrediction {
  /** f(x) on the set at the time it was begun. */
  collect(): Promise<Float64Array>
}

/**
 * What the driver (`simulation.ts`) needs from a device: the particles live there between calls; the
 * driver sends data and step sizes, and reads back small reductions, predictions on a set, or (on
 * request) the particles. Implementations: reference (float64 science), js (typed-array loops),
 * gpu.js (cpu, webasm, webgpu).
 */
export interface ParticleBackend {
  readonly name: ConcreteBackend
  /** Executor or adapter details for the report. */
  readonly detail: string
  /** Replaces the device particles by `p` (copied). */
  upload(p: Particles): Promise<void>
  /** Stores the training set on the device (used by chunks of kind 'train'). */
  setTrainSet(data: Dataset): Promise<void>
  /** Runs K = chunk.stepSizes.length steps in place. */
  runChunk(chunk: Chunk): Promise<void>
  /** f(x) on each of the n rows of x (row-major n×d); returns n values. */
  predict(x: Float64Array, n: number): Promise<Float64Array>
  /**
   * {@link ParticleBackend.predict} begun beside the next steps (optional; the js backend's GEMM
   * helper threads): takes the particles as they are now and returns; `collect()` gives exactly
   * what `predict` would have given now, even after runChunk has moved them.
   */
  predictBegin?(x: Float64Array, n: number): PendingPrediction
  /**
   * {@link ParticleBackend.predictBegin} for several sets at once (optional): one forward over all
   * their rows, so a record's test and training sets share one particle copy and one hand-off to
   * the helper threads. The same numbers as predictBegin on each set.
   */
  predictBeginSets?(sets: readonly { x: Float64Array; n: number }[]): PendingPrediction[]
  /** ‖w_i‖² and a_i² + b_i² per particle. */
  stats(): Promise<ParticleStats>
  /** A float64 copy of the particles. */
  read(): Promise<Particles>
  /** The state of the backend's noise generator (JSON-safe numbers), for checkpoints. */
  saveNoise(): number[]
  /** Restores a state from saveNoise(). */
  restoreNoise(state: readonly number[]): void
  /** The transfers so far (gpu.js backends; the host backends have none to count). */
  transfers?(): TransferCounts
  dispose(): void
}
