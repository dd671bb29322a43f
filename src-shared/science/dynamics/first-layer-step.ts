import type { Activation } from '../activations'
import type { Particles } from '../particles'
import type { StepNoise } from '../sgd-step'

/**
 * A potential V on one neuron w (with bias b) that depends on w only through its feature vector
 * h = (σ(⟨w, x_j⟩ + b))_{j=1..n} on the n training inputs: returns V(h) and writes ∂V/∂h_j into
 * `grad` (length n). The first variations of docs/science.md#dynamics (two-timescale, label noise) all have
 * this form, with μ frozen inside the closure.
 */
export type NeuronPotential = (h: Float64Array, grad: Float64Array) => number

/** V and its gradient in (w, b) for one neuron, by the chain rule through h. */
export interface NeuronPotentialGradient {
  value: number
  /** ∇_w V, length d. */
  w: Float64Array
  /** ∂V/∂b. */
  b: number
}

/** h(x_j; w, b) = σ(⟨w, x_j⟩ + b) for the n rows of x (row-major n×d); w has length d. */
export function neuronFeatureVector(
  w: ArrayLike<number>,
  b: number,
  sigma: Activation,
  x: ArrayLike<number>,
  n: number
): Float64Array {
  const d = w.length
  const h = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    let t = b
    for (let l = 0; l < d; l++) t += w[l] * x[j * d + l]
    h[j] = sigma.value(t)
  }
  return h
}

/** V(w, b) and ∇_{w,b}V = Σ_j ∂V/∂h_j · σ′(⟨w, x_j⟩ + b)·(x_j, 1). */
export function neuronPotentialGradient(
  potential: NeuronPotential,
  w: ArrayLike<number>,
  b: number,
  sigma: Activation,
  x: ArrayLike<number>,
  n: number
): NeuronPotentialGradient {
  const d = w.length
  const pre = new Float64Array(n)
  const h = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    let t = b
    for (let l = 0; l < d; l++) t += w[l] * x[j * d + l]
    pre[j] = t
    h[j] = sigma.value(t)
  }
  const dh = new Float64Array(n)
  const value = potential(h, dh)
  const gw = new Float64Array(d)
  let gb = 0
  for (let j = 0; j < n; j++) {
    const s = dh[j] * sigma.derivative(pre[j])
    gb += s
    for (let l = 0; l < d; l++) gw[l] += s * x[j * d + l]
  }
  return { value, w: gw, b: gb }
}

/** Parameters of one first-layer mean-field Langevin step (docs/science.md#dynamics, two-timescale limit). */
export interface FirstLayerStepParams {
  /** Step size η. */
  stepSize: number
  /** Temperature λ of the entropy term λ·Ent(μ); the noise is √(2ηλ)·g. 0 = noiseless. */
  temperature: number
  /** L2 strength λw of (λw/2)‖w‖² in the potential. */
  lambdaW: number
  /** Whether the biases b_k move too (as particle coordinates, with the same L2 and noise). */
  trainBias: boolean
}

/**
 * One MFLD step on the first layer, in place, every particle moved from the old state:
 *
 *   w ← w − η ∇_w[V + (λw/2)‖w‖²](w) + √(2ηλ) g,   g ~ N(0, I)
 *
 * (likewise b when trainBias). This is the two-timescale formula of docs/science.md#dynamics, in the seed-000
 * poster's own normalisation dθ = −∇(δL/δμ)dt + √(2λ)dB (noise variance 2ηλ per coordinate), which
 * samples ∝ exp(−(δL/δμ)/λ) — NOT sgdStep's √(4s/β) convention (that one belongs to MMN's PDE with
 * the factor 2 in front of the drift). `p.a` is not touched. `noise.w` (M×d) and `noise.b` (M) are
 * standard normal draws, needed when temperature > 0.
 */
export function firstLayerStep(
  p: Particles,
  sigma: Activation,
  x: Float64Array,
  n: number,
  potential: NeuronPotential,
  params: FirstLayerStepParams,
  noise?: StepNoise
): void {
  const { m, d } = p
  const { stepSize: eta, temperature, lambdaW, trainBias } = params
  if (temperature > 0 && !noise)
    throw new Error('firstLayerStep: temperature > 0 needs noise draws')
  const amp = temperature > 0 ? Math.sqrt(2 * eta * temperature) : 0
  const grads: NeuronPotentialGradient[] = []
  for (let k = 0; k < m; k++)
    grads.push(
      neuronPotentialGradient(potential, p.w.subarray(k * d, k * d + d), p.b[k], sigma, x, n)
    )
  for (let k = 0; k < m; k++) {
    const g = grads[k]
    for (let l = 0; l < d; l++) {
      const i = k * d + l
      p.w[i] -= eta * (g.w[l] + lambdaW * p.w[i]) - (amp > 0 ? amp * noise!.w[i] : 0)
    }
    if (trainBias) p.b[k] -= eta * (g.b + lambdaW * p.b[k]) - (amp > 0 ? amp * noise!.b[k] : 0)
  }
}
