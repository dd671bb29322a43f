import type { Dataset } from '../particles'
import type { Rng } from '../rng'

/** The planted teacher network f* = (1/M*) Σ_j a*_j σ*(⟨w*_j, x⟩) of the 'teacher' task. */
export interface TeacherWeights {
  /** Teacher width M*. */
  m: number
  /** Output weights a*_j, length M*. */
  a: Float64Array
  /** First-layer weights, row-major M*×d: w*_j = w[j·d … j·d + d − 1], each of norm √d. */
  w: Float64Array
}

/**
 * A data distribution (docs/science.md#tasks): draws labelled samples from a given stream, so every backend
 * sees the same data for the same seed. `train` and `test` are fixed sets drawn once per run
 * (see `drawTaskData`).
 */
export interface TaskSampler {
  readonly d: number
  /**
   * Draws n fresh samples (one-pass SGD, population-risk estimates). Throws for finite data (CSV).
   */
  sample(rng: Rng, n: number): Dataset
  /** Whether `sample` can draw fresh data (false for a CSV file). */
  readonly canSample: boolean
  /** The target without label noise, E[y | x], where known (for the noiseless part of the risk). */
  target?(x: Float64Array, n: number): Float64Array
  /**
   * Planted direction w* (length d, ‖w*‖ = √d) of the single-index task, for the (s, r)
   * projections. Absent for the other tasks.
   */
  readonly planted?: Float64Array
  /** The planted teacher of the 'teacher' task. */
  readonly teacher?: TeacherWeights
  /** The whole finite data set of a CSV task (split into train and test by `drawTaskData`). */
  readonly data?: Dataset
}

/** Allocates an empty dataset of n samples in dimension d. */
export function emptyDataset(n: number, d: number): Dataset {
  return { n, d, x: new Float64Array(n * d), y: new Float64Array(n) }
}
