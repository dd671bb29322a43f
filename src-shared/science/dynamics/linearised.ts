import type { Activation } from '../activations'
import type { Particles } from '../particles'
import type { StepNoise, StepParams } from '../sgd-step'

/**
 * The linearised network (docs/science.md#dynamics): the first-order Taylor model of
 * f = (α/M)Σ a_i σ(⟨w_i, x⟩ + b_i) at the initial parameters θ0,
 *
 *   f_lin(x; θ) = f(x; θ0) + ∇_θ f(x; θ0)·(θ − θ0)
 *               = (α/M) Σ_i [a_i σ(t0_i) + a0_i σ′(t0_i)·((b_i − b0_i) + ⟨w_i − w0_i, x⟩)],
 *
 * t0_i = ⟨w0_i, x⟩ + b0_i. It is linear in θ, so its training is kernel regression with the tangent
 * kernel frozen at θ0 (lazy training). x row-major n×d.
 */
export function linearisedPredict(
  theta: Particles,
  theta0: Particles,
  sigma: Activation,
  alpha: number,
  x: ArrayLike<number>,
  n: number
): Float64Array {
  const { m, d } = theta0
  const out = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    let s = 0
    for (let i = 0; i < m; i++) {
      let t0 = theta0.b[i]
      let dt = theta.b[i] - theta0.b[i]
      for (let j = 0; j < d; j++) {
        const xj = x[k * d + j]
        t0 += theta0.w[i * d + j] * xj
        dt += (theta.w[i * d + j] - theta0.w[i * d + j]) * xj
      }
      s += theta.a[i] * sigma.value(t0) + theta0.a[i] * sigma.derivative(t0) * dt
    }
    out[k] = (alpha / m) * s
  }
  return out
}

/**
 * One step of the linearised network, in place on θ: sgdStep's update with every gradient
 * ∇_θ[a_i σ(⟨w_i, x_k⟩ + b_i)] taken at θ0 and the residual y − f_lin:
 *
 *   θ_i ← θ_i + (2s/α)(1/B) Σ_k (y_k − f_lin(x_k; θ)) ∇_θ[a_i σ(⟨w_i, x_k⟩ + b_i)]|_θ0
 *             − 2sλθ_i + √(4s/β) g_i.
 *
 * That is GD on R_lin = (1/B)Σ(y − f_lin)² at the rate s·M/α² of sgdStep (same noise convention as
 * sgdStep, see its TSDoc), so with equal parameters the real and the linearised network start with
 * the same step and differ only through the curvature of f.
 */
export function linearisedStep(
  theta: Particles,
  theta0: Particles,
  sigma: Activation,
  x: Float64Array,
  y: Float64Array,
  batch: number,
  params: StepParams,
  noise?: StepNoise
): void {
  const { m, d } = theta0
  const f = linearisedPredict(theta, theta0, sigma, params.alpha, x, batch)
  const gain = (2 * params.stepSize) / params.alpha / batch
  const decay = 1 - 2 * params.stepSize * params.lambda
  const noisy = Number.isFinite(params.beta)
  if (noisy && !noise) throw new Error('linearisedStep: finite beta needs noise draws')
  const temp = noisy ? Math.sqrt((4 * params.stepSize) / params.beta) : 0
  for (let i = 0; i < m; i++) {
    let ga = 0
    let gb = 0
    const gw = new Float64Array(d)
    for (let k = 0; k < batch; k++) {
      let t0 = theta0.b[i]
      for (let j = 0; j < d; j++) t0 += theta0.w[i * d + j] * x[k * d + j]
      const r = y[k] - f[k]
      ga += r * sigma.value(t0)
      const c = r * theta0.a[i] * sigma.derivative(t0)
      gb += c
      for (let j = 0; j < d; j++) gw[j] += c * x[k * d + j]
    }
    if (params.train.a)
      theta.a[i] = decay * theta.a[i] + gain * ga + (noisy ? temp * noise!.a[i] : 0)
    if (params.train.b)
      theta.b[i] = decay * theta.b[i] + gain * gb + (noisy ? temp * noise!.b[i] : 0)
    if (params.train.w)
      for (let j = 0; j < d; j++)
        theta.w[i * d + j] =
          decay * theta.w[i * d + j] + gain * gw[j] + (noisy ? temp * noise!.w[i * d + j] : 0)
  }
}
