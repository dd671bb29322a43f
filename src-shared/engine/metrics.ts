import type { Activation } from '../science/activations'
import type { Dataset, Particles } from '../science/particles'
import type { ParticleStats } from './particle-backend'
import type { NormHistogram } from './simulation-types'

/** Mean squared error (1/n) Σ (y − f)², the risk convention of docs/science.md#dynamics, R = E[(y − f)²]. */
export function meanSquaredError(y: Float64Array, f: Float64Array): number {
  let s = 0
  for (let k = 0; k < y.length; k++) s += (y[k] - f[k]) ** 2
  return s / y.length
}

/** ‖w_i‖² and a_i² + b_i² of every particle, in float64 on the host. */
export function particleStats(p: Particles): ParticleStats {
  const normW2 = new Float64Array(p.m)
  const normAB2 = new Float64Array(p.m)
  for (let i = 0; i < p.m; i++) {
    let s = 0
    for (let j = 0; j < p.d; j++) s += p.w[i * p.d + j] ** 2
    normW2[i] = s
    normAB2[i] = p.a[i] ** 2 + p.b[i] ** 2
  }
  return { normW2, normAB2 }
}

/** Mean of √v over the entries of v (e.g. mean ‖w_i‖ from ‖w_i‖²). */
export function meanSqrt(v: Float64Array): number {
  let s = 0
  for (let i = 0; i < v.length; i++) s += Math.sqrt(v[i])
  return s / v.length
}

/** Whether every entry is finite. */
export function allFinite(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false
  return true
}

/** Histogram of the values √v (‖w_i‖ from ‖w_i‖²) on `bins` equal bins over [0, max]. */
export function normHistogram(step: number, normW2: Float64Array, bins: number): NormHistogram {
  let max = 0
  for (let i = 0; i < normW2.length; i++) max = Math.max(max, Math.sqrt(normW2[i]))
  const hi = max > 0 ? max * (1 + 1e-12) : 1
  const edges = Array.from({ length: bins + 1 }, (_, b) => (hi * b) / bins)
  const counts = new Array<number>(bins).fill(0)
  for (let i = 0; i < normW2.length; i++) {
    const b = Math.min(bins - 1, Math.floor((Math.sqrt(normW2[i]) / hi) * bins))
    counts[b]++
  }
  return { step, edges, counts }
}

/**
 * A local curvature of the risk along the step direction, in units of 1/step size, at the initial
 * particles: Ŝ = mean_x (1/M) Σ_i [σ_i² 1_a + a_i² σ′_i² (‖x‖² 1_w + 1_b)]. One step changes the
 * residual of a sample by the factor (1 − 2 s Ŝ) (derived from sgd-step.ts: the 1/α of the step and
 * the α of f cancel), so the dynamics are stable for roughly s < 1/Ŝ; the value is a hint for error
 * messages, not a guarantee.
 */
export function stableStepHint(
  p: Particles,
  sigma: Activation,
  train: { a: boolean; b: boolean; w: boolean },
  data: Dataset,
  maxSamples = 200
): number {
  const { m, d } = p
  // a few million multiply-adds at most: it runs when a run has just blown up
  const n = Math.max(1, Math.min(data.n, maxSamples, Math.floor(4e6 / (m * (d + 1)))))
  let total = 0
  for (let k = 0; k < n; k++) {
    let x2 = 0
    for (let j = 0; j < d; j++) x2 += data.x[k * d + j] ** 2
    let s = 0
    for (let i = 0; i < m; i++) {
      let t = p.b[i]
      for (let j = 0; j < d; j++) t += p.w[i * d + j] * data.x[k * d + j]
      const g = sigma.derivative(t)
      s +=
        (train.a ? sigma.value(t) ** 2 : 0) +
        p.a[i] ** 2 * g * g * ((train.w ? x2 : 0) + (train.b ? 1 : 0))
    }
    total += s / m
  }
  const curvature = total / Math.max(n, 1)
  return curvature > 0 ? 1 / curvature : Infinity
}

/** Rounds a positive number down to one significant digit (0.00347 → 0.003). */
export function roundDown1(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return v
  const e = Math.pow(10, Math.floor(Math.log10(v)))
  return Math.floor(v / e) * e
}
