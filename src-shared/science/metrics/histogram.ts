/** Counts of values in bins [e_0, e_1), [e_1, e_2), …, [e_{B−1}, e_B] (the last bin is closed). */
export interface Histogram {
  /** B + 1 increasing bin edges. */
  edges: number[]
  /** B counts. */
  counts: number[]
  /** Values below e_0 and above e_B (not in any bin); NaN values are counted in neither. */
  below: number
  above: number
}

/**
 * Bins of a histogram: fixed `edges`, or `bins` equal bins on `range` (default [min, max] of the
 * data).
 */
export interface HistogramOptions {
  edges?: ArrayLike<number>
  bins?: number
  range?: [number, number]
}

/**
 * Histogram of `values` (e.g. ‖w_i‖ from rowNorms, docs/science.md#observables). Automatic edges span [min, max]
 * of the finite values in `bins` (default 40) equal bins; a degenerate range [v, v] is widened to
 * [v − ½, v + ½]. Pass fixed `edges` (or `range`) to compare histograms across time steps.
 */
export function histogram(values: ArrayLike<number>, opts: HistogramOptions = {}): Histogram {
  const edges = opts.edges
    ? Array.from(opts.edges)
    : equalEdges(values, opts.bins ?? 40, opts.range)
  const bins = edges.length - 1
  if (bins < 1) throw new RangeError('a histogram needs at least 2 edges')
  for (let b = 1; b <= bins; b++)
    if (!(edges[b] > edges[b - 1])) throw new RangeError('histogram edges must increase strictly')
  const counts = new Array<number>(bins).fill(0)
  let below = 0
  let above = 0
  const uniform = opts.edges === undefined
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (Number.isNaN(v)) continue
    if (v < edges[0]) below++
    else if (v > edges[bins]) above++
    else counts[uniform ? uniformBin(v, edges) : searchBin(v, edges)]++
  }
  return { edges, counts, below, above }
}

function equalEdges(values: ArrayLike<number>, bins: number, range?: [number, number]): number[] {
  if (!(bins >= 1) || !Number.isInteger(bins))
    throw new RangeError(`bins must be a positive integer`)
  let [lo, hi] = range ?? [Infinity, -Infinity]
  if (!range)
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      if (!Number.isFinite(v)) continue
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
  if (lo > hi) [lo, hi] = [0, 1]
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5]
  return Array.from({ length: bins + 1 }, (_, b) => (b === bins ? hi : lo + ((hi - lo) * b) / bins))
}

function uniformBin(v: number, edges: number[]): number {
  const bins = edges.length - 1
  const b = Math.floor(((v - edges[0]) / (edges[bins] - edges[0])) * bins)
  // Rounding can put v one bin off near an edge: correct against the edges themselves.
  let c = Math.min(Math.max(b, 0), bins - 1)
  while (c > 0 && v < edges[c]) c--
  while (c < bins - 1 && v >= edges[c + 1]) c++
  return c
}

function searchBin(v: number, edges: number[]): number {
  let lo = 0
  let hi = edges.length - 2
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (v >= edges[mid]) lo = mid
    else hi = mid - 1
  }
  return lo
}
