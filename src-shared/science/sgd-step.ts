import type { Activation } from './activations'
import type { Particles } from './particles'

/** The parameters of one step of the particle dynamics (docs/science.md#dynamics). */
export interface StepParams {
  /** Output scale α of f = (α/M) Σ a_i σ(·). */
  alpha: number
  /** Step size s_k = s · ξ(t_k) of this step. */
  stepSize: number
  /** L2 strength λ (the step adds −2 s λ θ). */
  lambda: number
  /** Inverse temperature β; Infinity = noiseless. */
  beta: number
  /** Which parameter groups move. A fixed group gets neither gradient, decay nor noise. */
  train: { a: boolean; b: boolean; w: boolean }
}

/** Standard normal draws for one step: g_a (M), g_b (M), g_w (M×d). Ignored when β = ∞. */
export interface StepNoise {
  a: Float64Array
  b: Float64Array
  w: Float64Array
}

/**
 * The factor c of the Langevin noise √(c·s/β)·g of one step of size s (docs/science.md#dynamics, sgdStep's
 * convention: variance 4s/β per coordinate, i.e. diffusion 2/β per unit time t = k·s). The gpu.js
 * kernels take it as a constant; every other backend calls langevinNoiseScale.
 */
export const LANGEVIN_NOISE_FACTOR = 4

/** The amplitude √(4s/β) of one step's Langevin noise; 0 when β = ∞ (noiseless). */
export function langevinNoiseScale(stepSize: number, beta: number): number {
  return Number.isFinite(beta) ? Math.sqrt((LANGEVIN_NOISE_FACTOR * stepSize) / beta) : 0
}

/**
 * One (noisy) SGD step on the batch (x: B×d, y: B), in place, all particles updated from the old state:
 *
 *   θ_i ← θ_i + (2 s / α) · (1/B) Σ_k (y_k − f(x_k)) ∇_θ[a_i σ(⟨w_i, x_k⟩ + b_i)] − 2 s λ θ_i + √(4 s/β) g_i
 *
 * With α = 1 this is MMN's mean-field step (the factor M of the 1/M scaling cancels). For general α it is
 * gradient descent on R with rate s·M/α² (Chizat–Bach's lazy scaling), so α = √M gives the standard
 * NTK parametrisation. GD is the same step with the whole training set as the batch.
 */
export function sgdStep(
  p: Particles,
  sigma: Activation,
  x: Float64Array,
  y: Float64Array,
  batch: number,
  params: StepParams,
  noise?: StepNoise
): void {
  const { m, d } = p
  const pre = new Float64Array(m * batch)
  const residual = new Float64Array(batch)
  for (let k = 0; k < batch; k++) {
    let f = 0
    for (let i = 0; i < m; i++) {
      let t = p.b[i]
      for (let j = 0; j < d; j++) t += p.w[i * d + j] * x[k * d + j]
      pre[i * batch + k] = t
      f += p.a[i] * sigma.value(t)
    }
    residual[k] = y[k] - (params.alpha / m) * f
  }
  const gain = (2 * params.stepSize) / params.alpha / batch
  const decay = 1 - 2 * params.stepSize * params.lambda
  const noisy = Number.isFinite(params.beta)
  if (noisy && !noise) throw new Error('sgdStep: finite beta needs noise draws')
  const temp = langevinNoiseScale(params.stepSize, params.beta)
  for (let i = 0; i < m; i++) {
    let ga = 0
    let gb = 0
    const ai = p.a[i]
    const gw = new Float64Array(d)
    for (let k = 0; k < batch; k++) {
      const t = pre[i * batch + k]
      const r = residual[k]
      ga += r * sigma.value(t)
      const c = r * ai * sigma.derivative(t)
      gb += c
      for (let j = 0; j < d; j++) gw[j] += c * x[k * d + j]
    }
    if (params.train.a) p.a[i] = decay * ai + gain * ga + (noisy ? temp * noise!.a[i] : 0)
    if (params.train.b) p.b[i] = decay * p.b[i] + gain * gb + (noisy ? temp * noise!.b[i] : 0)
    if (params.train.w)
      for (let j = 0; j < d; j++)
        p.w[i * d + j] =
          decay * p.w[i * d + j] + gain * gw[j] + (noisy ? temp * noise!.w[i * d + j] : 0)
  }
}

/** ξ(t) of the step schedule at time t = k·s. */
export function scheduleFactor(
  schedule: { kind: 'constant' } | { kind: 'power'; power: number; t0: number },
  t: number
): number {
  return schedule.kind === 'constant' ? 1 : Math.pow(1 + t / schedule.t0, -schedule.power)
}
