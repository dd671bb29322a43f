/**
 * Quantiles of `values` at probabilities `probs` (each in [0, 1]), by linear interpolation between
 * order statistics (Hyndman–Fan type 7, the default of R and NumPy): q(p) = x_(⌊h⌋) + (h −
 * ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋)), h = (n − 1)p, 0-based order statistics. NaN values are ignored; an
 * empty input gives NaN.
 */
export function quantiles(values: ArrayLike<number>, probs: readonly number[]): number[] {
  const sorted = Float64Array.from(values)
    .filter((v) => !Number.isNaN(v))
    .sort()
  const n = sorted.length
  return probs.map((p) => {
    if (!(p >= 0 && p <= 1))
      throw new RangeError(`quantile probability must be in [0, 1], got ${p}`)
    if (n === 0) return NaN
    const h = (n - 1) * p
    const lo = Math.floor(h)
    const hi = Math.min(lo + 1, n - 1)
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
  })
}
