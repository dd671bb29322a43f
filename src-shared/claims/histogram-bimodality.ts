/** Outcome of the two-radii test on a ‖w‖ histogram. */
export interface BimodalityTest {
  bimodal: boolean
  /**
   * Valley height / height of the smaller of the two peaks, after re-binning and smoothing; 1 when
   * there is no second peak. Bimodal when ≤ `maxDipRatio`.
   */
  dipRatio: number
  /** Fraction of the particles on the smaller peak's side of the valley. */
  minorMass: number
}

/** Thresholds of histogramBimodality. */
export interface BimodalityOptions {
  /** Largest valley/peak ratio still called a split (default 0.5). */
  maxDipRatio?: number
  /** Smallest share of particles in the minor mode (default 0.05). */
  minMinorMass?: number
}

/**
 * Whether a histogram has two separated modes (the "two radii" of MMN's split, docs/science.md#guided-experiments).
 *
 * Why this test: moment-based scores (Sarle's bimodality coefficient) also fire on skewed unimodal
 * laws, and a two-cluster split (Otsu + Ashman's D) calls a uniform law bimodal. Here the counts
 * are first merged to about √N bins (N particles) so each bin holds about √N counts (Poisson noise
 * ≈ N^(−1/4) relative: 32% at N = 100, 19% at N = 800), then smoothed once with [1, 2, 1]/4
 * (noise × 0.61). A split is a second local maximum holding ≥ `minMinorMass` of the particles with
 * a valley between it and the main peak at most `maxDipRatio` (½) of the smaller peak: for a
 * unimodal law such a dip needs a noise excursion of ≳ 2.5σ at N = 100.
 */
export function histogramBimodality(
  counts: readonly number[],
  opts: BimodalityOptions = {}
): BimodalityTest {
  const maxDip = opts.maxDipRatio ?? 0.5
  const minMass = opts.minMinorMass ?? 0.05
  const total = counts.reduce((s, c) => s + c, 0)
  const none: BimodalityTest = { bimodal: false, dipRatio: 1, minorMass: 0 }
  if (total < 20) return none
  const target = Math.max(6, Math.min(counts.length, Math.floor(Math.sqrt(total))))
  const merged = mergeBins(counts, Math.ceil(counts.length / target))
  const s = smooth(merged)
  const g = s.indexOf(Math.max(...s))
  let best = none
  for (let j = 0; j < s.length; j++) {
    if (j === g || !isLocalMax(s, j)) continue
    const [lo, hi] = j < g ? [j, g] : [g, j]
    let valley = Infinity
    let at = lo
    for (let k = lo; k <= hi; k++)
      if (s[k] < valley) {
        valley = s[k]
        at = k
      }
    const minor = j < g ? sum(merged, 0, at) : sum(merged, at + 1, merged.length)
    const dipRatio = s[j] > 0 ? valley / s[j] : 1
    const minorMass = minor / total
    if (minorMass >= minMass && dipRatio < best.dipRatio)
      best = { bimodal: dipRatio <= maxDip, dipRatio, minorMass }
  }
  return best
}

function mergeBins(counts: readonly number[], factor: number): number[] {
  const out: number[] = []
  for (let b = 0; b < counts.length; b += factor) out.push(sum(counts, b, b + factor))
  return out
}

// Edge bins are padded with their own value so an edge peak is not flattened.
function smooth(c: readonly number[]): number[] {
  return c.map((v, i) => (c[Math.max(0, i - 1)] + 2 * v + c[Math.min(c.length - 1, i + 1)]) / 4)
}

function isLocalMax(s: readonly number[], j: number): boolean {
  return (j === 0 || s[j] >= s[j - 1]) && (j === s.length - 1 || s[j] >= s[j + 1]) && s[j] > 0
}

function sum(c: readonly number[], from: number, to: number): number {
  let s = 0
  for (let i = from; i < Math.min(to, c.length); i++) s += c[i]
  return s
}
