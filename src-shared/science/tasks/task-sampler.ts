import type { Dataset } from '../particles'
import type { Rng } from '../rng'

/**
 * A data distribution (SCIENCE.md §2): draws labelled samples from a given stream, so every backend
 * sees the same data for the same seed. `train` and `test` are fixed sets drawn once per run.
 */
export interface TaskSampler {
  readonly d: number
  /** Draws n fresh samples (one-pass SGD, population-risk estimates). Throws for finite data (CSV). */
  sample(rng: Rng, n: number): Dataset
  /** Whether `sample` can draw fresh data (false for a CSV file). */
  readonly canSample: boolean
  /** The target without label noise, where known (for the noiseless part of the risk). */
  target?(x: Float64Array, n: number): Float64Array
  /** Planted direction w* (single index) or the label-defining subspace, for (s, r) projections. */
  readonly planted?: Float64Array
}

/** Allocates an empty dataset of n samples in dimension d. */
export function emptyDataset(n: number, d: number): Dataset {
  return { n, d, x: new Float64Array(n * d), y: new Float64Array(n) }
}
