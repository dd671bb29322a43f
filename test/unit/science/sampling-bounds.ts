/**
 * Sampling-error helpers for moment tests. Every bound is Z standard errors: with Z = 5 a correct
 * sampler fails a two-sided check with probability < 6e-7 (normal approximation), and the seeds are
 * fixed, so a test either always passes or always fails.
 */
export const Z = 5

/** Mean and unbiased variance of the values. */
export function moments(values: ArrayLike<number>): { mean: number; variance: number; n: number } {
  const n = values.length
  let s = 0
  for (let i = 0; i < n; i++) s += values[i]
  const mean = s / n
  let v = 0
  for (let i = 0; i < n; i++) v += (values[i] - mean) ** 2
  return { mean, variance: v / (n - 1), n }
}

/** Standard error of a sample mean of n i.i.d. N(0, σ²) values: σ/√n. */
export const meanError = (sigma: number, n: number) => sigma / Math.sqrt(n)

/**
 * Standard error of the sample variance of n i.i.d. normal values with variance v: v·√(2/(n−1)).
 */
export const varianceError = (v: number, n: number) => v * Math.sqrt(2 / (n - 1))
