import type { Activation } from './activations'
import type { Dataset, Particles } from './particles'

/**
 * f(x; θ) = (α/M) Σ_i a_i σ(⟨w_i, x⟩ + b_i) on each row of x (n×d), float64 (docs/science.md#model).
 */
export function predict(
  p: Particles,
  sigma: Activation,
  alpha: number,
  x: Float64Array,
  n: number
): Float64Array {
  const { m, d } = p
  const out = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    let s = 0
    for (let i = 0; i < m; i++) {
      let pre = p.b[i]
      for (let j = 0; j < d; j++) pre += p.w[i * d + j] * x[k * d + j]
      s += p.a[i] * sigma.value(pre)
    }
    out[k] = (alpha / m) * s
  }
  return out
}

/** Empirical risk (1/n) Σ (y − f)² in the convention of docs/science.md#dynamics, R = E[(y − f)²]. */
export function risk(p: Particles, sigma: Activation, alpha: number, data: Dataset): number {
  const f = predict(p, sigma, alpha, data.x, data.n)
  let s = 0
  for (let k = 0; k < data.n; k++) s += (data.y[k] - f[k]) ** 2
  return s / data.n
}
