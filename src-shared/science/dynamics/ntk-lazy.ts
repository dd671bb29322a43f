import type { Activation } from '../activations'
import type { Dataset, Particles } from '../particles'
import { allocParticles } from '../particles'
import type { Rng } from '../rng'

/**
 * The NTK / lazy-training model of seed 003 (docs/science.md#dynamics): f(x) = (1/√m) Σ_k a_k σ(⟨w_k, x⟩) with
 * a_k = ±1 fixed and no bias, trained by gradient descent on w with L(w) = ½ Σ_i (f(x_i) − y_i)² (a
 * sum, not a mean). The particles' `a` holds the signs and `b` stays 0.
 */

/** m neurons: a_k = ±1 (fair signs), w_k ~ N(0, wStd²·I_d), b_k = 0 (seed 003: w ~ N(0, I)). */
export function ntkInit(m: number, d: number, rng: Rng, wStd = 1): Particles {
  const p = allocParticles(m, d)
  for (let k = 0; k < m; k++) p.a[k] = rng.sign()
  rng.fillNormal(p.w, 0, wStd)
  return p
}

/** u_i = f(x_i) = (1/√m) Σ_k a_k σ(⟨w_k, x_i⟩) on the rows of x (row-major n×d). */
export function ntkPredict(
  p: Particles,
  sigma: Activation,
  x: ArrayLike<number>,
  n: number
): Float64Array {
  const { m, d } = p
  const u = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let k = 0; k < m; k++) {
      let t = 0
      for (let l = 0; l < d; l++) t += p.w[k * d + l] * x[i * d + l]
      s += p.a[k] * sigma.value(t)
    }
    u[i] = s / Math.sqrt(m)
  }
  return u
}

/** L = ½ Σ_i (f(x_i) − y_i)² (seed 003). */
export function ntkLoss(p: Particles, sigma: Activation, data: Dataset): number {
  const u = ntkPredict(p, sigma, data.x, data.n)
  let s = 0
  for (let i = 0; i < data.n; i++) s += (u[i] - data.y[i]) ** 2
  return s / 2
}

/**
 * One GD step on w with learning rate η, in place (seed 003 eq. 3 discretised):
 *
 *   w_k ← w_k − η Σ_i (f(x_i) − y_i) · a_k σ′(⟨w_k, x_i⟩) x_i / √m.
 *
 * This equals `sgdStep` with α = √m, the whole set as the batch, λ = 0, β = ∞, training w only, and
 * step size s = ntkSgdStepSize(η, n) = η·n/2 (sgdStep descends R = (1/n)Σ(y − f)² = 2L/n at rate
 * s·M/α² = s).
 */
export function ntkGdStep(p: Particles, sigma: Activation, data: Dataset, eta: number): void {
  const { m, d } = p
  const { n, x } = data
  const u = ntkPredict(p, sigma, x, n)
  const scale = eta / Math.sqrt(m)
  const grad = new Float64Array(m * d)
  for (let k = 0; k < m; k++)
    for (let i = 0; i < n; i++) {
      let t = 0
      for (let l = 0; l < d; l++) t += p.w[k * d + l] * x[i * d + l]
      const c = (u[i] - data.y[i]) * p.a[k] * sigma.derivative(t)
      for (let l = 0; l < d; l++) grad[k * d + l] += c * x[i * d + l]
    }
  for (let i = 0; i < m * d; i++) p.w[i] -= scale * grad[i]
}

/** The step size s at which sgdStep (α = √m, full batch of n) equals ntkGdStep with rate η. */
export function ntkSgdStepSize(eta: number, n: number): number {
  return (eta * n) / 2
}
