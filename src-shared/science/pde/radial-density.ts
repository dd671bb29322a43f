import { logGamma } from '../metrics/special-functions'
import { Rng } from '../rng'

/**
 * Radii of N weights w ~ N(0, κ²/d · I_d): r = ‖w‖ ~ (κ/√d)·χ_d (MMN's initial law, docs/science.md#model).
 * d = Infinity gives the d → ∞ limit r ≡ κ.
 */
export function sampleInitialRadii(
  count: number,
  kappa: number,
  d: number,
  rng: Rng
): Float64Array {
  const out = new Float64Array(count)
  if (!Number.isFinite(d)) return out.fill(kappa)
  const scale = kappa / Math.sqrt(d)
  for (let i = 0; i < count; i++) {
    let s = 0
    for (let k = 0; k < d; k++) s += rng.normal() ** 2
    out[i] = scale * Math.sqrt(s)
  }
  return out
}

/**
 * The deterministic counterpart of sampleInitialRadii: the N quantiles of the law (κ/√d)·χ_d at
 * probabilities (i + ½)/N, ascending, to about 1e-14 relative. A PDE started from them carries no
 * sampling scatter of its initial law (sampled radii put ≈ 1/√N of seed-to-seed noise on every
 * later risk).
 * d = Infinity gives r ≡ κ.
 */
export function quantileInitialRadii(count: number, kappa: number, d: number): Float64Array {
  const out = new Float64Array(count)
  if (!Number.isFinite(d)) return out.fill(kappa)
  const scale = kappa / Math.sqrt(d)
  const cdf = (r: number) => lowerGammaRatio(d / 2, (r * r) / 2)
  // the χ_d density, the CDF's derivative
  const logNorm = (d / 2 - 1) * Math.LN2 + logGamma(d / 2)
  const pdf = (r: number) => (r > 0 ? Math.exp((d - 1) * Math.log(r) - (r * r) / 2 - logNorm) : 0)
  let lo = 0
  const hi = Math.sqrt(d) + 12
  let r = Math.sqrt(Math.max(d - 1, 0.5))
  for (let i = 0; i < count; i++) {
    const p = (i + 0.5) / count
    let a = lo
    let b = hi
    // Newton from the previous quantile (quantiles ascend), kept inside a bracket that shrinks
    // with every CDF evaluation and bisected when a step leaves it: to double precision of the
    // radius in a few CDF evaluations instead of ~45 by bisection alone
    for (let k = 0; k < 200; k++) {
      const f = cdf(r) - p
      if (f < 0) a = r
      else b = r
      if (b - a <= 1e-13 * b) {
        r = 0.5 * (a + b)
        break
      }
      const step = f / pdf(r)
      const next = r - step
      if (!(next > a && next < b)) r = 0.5 * (a + b)
      else if (Math.abs(step) <= 1e-14 * r) {
        r = next
        break
      } else r = next
    }
    lo = a
    out[i] = scale * r
  }
  return out
}

/** The regularised lower incomplete gamma function P(a, x) (series, or continued fraction). */
export function lowerGammaRatio(a: number, x: number): number {
  if (x <= 0) return 0
  const logPrefix = -x + a * Math.log(x) - logGamma(a)
  if (x < a + 1) {
    let term = 1 / a
    let sum = term
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n)
      sum += term
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break
    }
    return sum * Math.exp(logPrefix)
  }
  // Lentz's continued fraction for Q(a, x)
  const tiny = 1e-300
  let b = x + 1 - a
  let c = 1 / tiny
  let dd = 1 / b
  let h = dd
  for (let n = 1; n < 500; n++) {
    const an = -n * (n - a)
    b += 2
    dd = an * dd + b
    if (Math.abs(dd) < tiny) dd = tiny
    c = b + an / c
    if (Math.abs(c) < tiny) c = tiny
    dd = 1 / dd
    const del = dd * c
    h *= del
    if (Math.abs(del - 1) < 1e-16) break
  }
  return 1 - Math.exp(logPrefix) * h
}

/** Silverman's rule-of-thumb bandwidth 0.9·min(sd, IQR/1.34)·N^(−1/5) (> 0). */
export function silvermanBandwidth(samples: ArrayLike<number>): number {
  const n = samples.length
  const sorted = Float64Array.from(samples).sort()
  let mean = 0
  for (let i = 0; i < n; i++) mean += sorted[i]
  mean /= n
  let v = 0
  for (let i = 0; i < n; i++) v += (sorted[i] - mean) ** 2
  const sd = Math.sqrt(v / Math.max(n - 1, 1))
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25)
  const spread = Math.min(sd, iqr > 0 ? iqr / 1.34 : sd)
  return Math.max(0.9 * spread * Math.pow(n, -0.2), 1e-6 * (Math.abs(mean) + 1))
}

/**
 * Kernel density estimate of a law on r ≥ 0 on `grid` (Gaussian kernel, reflected at r = 0 so the
 * mass stays on the half-line). Units: probability per unit radius; integrates to ≈ 1 over [0, ∞).
 */
export function radialDensity(
  samples: ArrayLike<number>,
  grid: ArrayLike<number>,
  bandwidth = silvermanBandwidth(samples)
): Float64Array {
  const out = new Float64Array(grid.length)
  const norm = 1 / (samples.length * bandwidth * Math.sqrt(2 * Math.PI))
  for (let g = 0; g < grid.length; g++) {
    const r = grid[g]
    let s = 0
    for (let i = 0; i < samples.length; i++) {
      const a = (r - samples[i]) / bandwidth
      const b = (r + samples[i]) / bandwidth
      s += Math.exp(-0.5 * a * a) + Math.exp(-0.5 * b * b)
    }
    out[g] = r >= 0 ? s * norm : 0
  }
  return out
}

/**
 * Histogram of `samples` on bins [edges[b], edges[b+1]), normalised as a density
 * (counts / (N·width)) so that it overlays `radialDensity`. Samples outside the edges count in N
 * but in no bin.
 */
export function radialHistogram(
  samples: ArrayLike<number>,
  edges: ArrayLike<number>
): Float64Array {
  const nb = edges.length - 1
  const out = new Float64Array(Math.max(nb, 0))
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i]
    let lo = 0
    let hi = nb
    if (!(x >= edges[0] && x < edges[nb])) continue
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1
      if (x >= edges[mid]) lo = mid
      else hi = mid
    }
    out[lo]++
  }
  for (let b = 0; b < nb; b++) out[b] /= samples.length * (edges[b + 1] - edges[b])
  return out
}

/** The p-quantile (0 ≤ p ≤ 1) of an ascending array, by linear interpolation. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const x = p * (sorted.length - 1)
  const i = Math.floor(x)
  if (i >= sorted.length - 1) return sorted[sorted.length - 1]
  return sorted[i] + (x - i) * (sorted[i + 1] - sorted[i])
}

/** Quantiles of unsorted samples at each p of `ps`. */
export function quantiles(samples: ArrayLike<number>, ps: readonly number[]): number[] {
  const sorted = Float64Array.from(samples).sort()
  return ps.map((p) => quantileSorted(sorted, p))
}
