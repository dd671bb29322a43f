import type { Activation } from '../activations'
import { degreesOfFreedom } from '../kernels/intrinsic-kernel'
import type { Dataset, Particles } from '../particles'
import type { Rng } from '../rng'
import type { StepNoise } from '../sgd-step'
import {
  exactSecondLayer,
  reducedObjective,
  ridgeObjective,
  secondLayerWeights,
  shiftedSolve,
  weightsFromCoefficients,
  type ExactSecondLayer
} from './exact-second-layer'
import { firstLayerStep, type NeuronPotential } from './first-layer-step'
import { secondLayerPotential, stepParams, type TwoTimescaleParams } from './two-timescale'

/**
 * How the label noise ξ_j ~ U[−σ̃, σ̃] enters the two-timescale MFLD (docs/science.md#dynamics, label-noise
 * MFLD):
 * - 'none': plain two-timescale drift δG/δμ with the clean y.
 * - 'sampled': the implementable label-noise MFLD, drift −(λa/2)a_y(w)² + (λa/2)a_ξ(w)² with fresh
 *   ξ each step; an unbiased estimate of δ/δμ[G + (σ̃²/3n)·d(μ)].
 * - 'expected': the same drift in expectation, −(λa/2)a_y(w)² + (σ̃²/3n)·δd/δμ(w).
 * - 'contrasting': ỹ = y + ξ inside the exact solve, drift δG/δμ with ỹ, i.e. −(λa/2)a_ỹ(w)²; it
 *   follows E[G(μ; ỹ)] = G + (σ̃²/3n)(n − d(μ)) and so raises d(μ).
 */
export type LabelNoiseMode = 'none' | 'sampled' | 'expected' | 'contrasting'

/** Two-timescale parameters plus the label noise. */
export interface LabelNoiseParams extends TwoTimescaleParams {
  /** Half-width σ̃ of the uniform label noise. */
  labelNoise: number
  mode: LabelNoiseMode
}

/** n draws of ξ ~ U[−σ̃, σ̃]. */
export function drawLabelNoise(rng: Rng, n: number, labelNoise: number): Float64Array {
  const xi = new Float64Array(n)
  for (let j = 0; j < n; j++) xi[j] = labelNoise * (2 * rng.uniform() - 1)
  return xi
}

/** d(μ) = tr(K_μ(K_μ + cI)⁻¹), the degrees of freedom of the intrinsic kernel (seed 000). */
export function fitDegreesOfFreedom(fit: ExactSecondLayer): number {
  return degreesOfFreedom(fit.kernel, fit.n, fit.c)
}

/**
 * The potential δd/δμ(w) = c·h(w)ᵀ(K_μ + cI)⁻²h(w) [derived: d = n − c·tr(K + cI)⁻¹ and δK = h hᵀ],
 * multiplied by `scale`; its h-gradient is 2c·scale·(K + cI)⁻²h (two solves per neuron).
 */
export function dofPotential(fit: ExactSecondLayer, scale = 1): NeuronPotential {
  return (h, grad) => {
    const s2h = shiftedSolve(fit, shiftedSolve(fit, h))
    let q = 0
    for (let j = 0; j < fit.n; j++) q += h[j] * s2h[j]
    for (let j = 0; j < fit.n; j++) grad[j] = 2 * fit.c * scale * s2h[j]
    return fit.c * scale * q
  }
}

/** The sum of potentials (values and h-gradients add). */
export function sumPotentials(...parts: NeuronPotential[]): NeuronPotential {
  return (h, grad) => {
    const tmp = new Float64Array(grad.length)
    grad.fill(0)
    let v = 0
    for (const part of parts) {
      v += part(h, tmp)
      for (let j = 0; j < grad.length; j++) grad[j] += tmp[j]
    }
    return v
  }
}

/** The negated potential (value and gradient). */
function negate(part: NeuronPotential): NeuronPotential {
  return (h, grad) => {
    const v = part(h, grad)
    for (let j = 0; j < grad.length; j++) grad[j] = -grad[j]
    return -v
  }
}

/**
 * The first-variation potential (without the L2 term) of a label-noise mode, at the frozen μ of
 * `fit`, for clean labels y and this step's noise ξ (ignored by 'none' and 'expected'):
 * 'none' −(λa/2)a_y², 'sampled' −(λa/2)a_y² + (λa/2)a_ξ², 'expected' −(λa/2)a_y² + (σ̃²/3n)δd/δμ,
 * 'contrasting' −(λa/2)a_{y+ξ}².
 */
export function labelNoisePotential(
  fit: ExactSecondLayer,
  y: ArrayLike<number>,
  xi: ArrayLike<number>,
  mode: LabelNoiseMode,
  labelNoise: number
): NeuronPotential {
  switch (mode) {
    case 'none':
      return secondLayerPotential(fit, y)
    case 'sampled':
      return sumPotentials(secondLayerPotential(fit, y), negate(secondLayerPotential(fit, xi)))
    case 'expected':
      return sumPotentials(
        secondLayerPotential(fit, y),
        dofPotential(fit, labelNoise ** 2 / (3 * fit.n))
      )
    case 'contrasting': {
      const noisy = new Float64Array(fit.n)
      for (let j = 0; j < fit.n; j++) noisy[j] = y[j] + xi[j]
      return secondLayerPotential(fit, noisy)
    }
  }
}

/** What one label-noise step saw before it moved the particles. */
export interface LabelNoiseStepInfo {
  /** G(μ) with the clean labels, at the pre-step μ. */
  g: number
  /** d(μ) at the pre-step μ. */
  dof: number
}

/**
 * One label-noise MFLD step, in place (docs/science.md#dynamics):
 *
 *   w ← w − η ∇_w[V_mode(w) + (λw/2)‖w‖²] + √(2ηλ) g
 *
 * with V_mode from labelNoisePotential and the poster's √(2ηλ) noise (see firstLayerStep). ξ is
 * drawn from `labelRng` afresh each step (for 'sampled' and 'contrasting'). Writes into p.a the
 * second layer fitted to the clean y ('contrasting': to ỹ, as that variant's network would use) at
 * the pre-step μ. `fit` defaults to the exact solve at p (a test's fault passes a stale one).
 */
export function labelNoiseStep(
  p: Particles,
  sigma: Activation,
  data: Dataset,
  params: LabelNoiseParams,
  labelRng: Rng,
  noise?: StepNoise,
  fit = exactSecondLayer(p, sigma, data.x, data.n, params.lambdaA)
): LabelNoiseStepInfo {
  const { n } = data
  const xi =
    params.mode === 'sampled' || params.mode === 'contrasting'
      ? drawLabelNoise(labelRng, n, params.labelNoise)
      : new Float64Array(n)
  const labels = params.mode === 'contrasting' ? data.y.map((v, j) => v + xi[j]) : data.y
  p.a.set(weightsFromCoefficients(fit, shiftedSolve(fit, labels)))
  const info = { g: reducedObjective(fit, data.y), dof: fitDegreesOfFreedom(fit) }
  const potential = labelNoisePotential(fit, data.y, xi, params.mode, params.labelNoise)
  firstLayerStep(p, sigma, data.x, n, potential, stepParams(params), noise)
  return info
}

/**
 * F(a_ỹ, μ; y): the second layer fitted to the noisy labels ỹ = y + ξ, scored with the ridge
 * objective on the clean y. Its mean over ξ ~ U[−σ̃, σ̃]ⁿ is expectedNoisyFitObjective.
 */
export function noisyFitObjective(
  fit: ExactSecondLayer,
  y: ArrayLike<number>,
  xi: ArrayLike<number>
): number {
  const noisy = new Float64Array(fit.n)
  for (let j = 0; j < fit.n; j++) noisy[j] = y[j] + xi[j]
  return ridgeObjective(fit, secondLayerWeights(fit, noisy), y)
}

/**
 * E_ξ[F(a_ỹ, μ; y)] = G(μ) + (σ̃²/3n)·d(μ) [derived, docs/science.md#dynamics]: E ξξᵀ = (σ̃²/3)I, the cross
 * terms vanish and the noise part is (σ̃²/3n)·tr((K + cI)⁻¹K(K + cI)(K + cI)⁻¹) = (σ̃²/3n)·d.
 */
export function expectedNoisyFitObjective(
  fit: ExactSecondLayer,
  y: ArrayLike<number>,
  labelNoise: number
): number {
  return reducedObjective(fit, y) + (labelNoise ** 2 / (3 * fit.n)) * fitDegreesOfFreedom(fit)
}

/** Convenience: G(μ) and d(μ) of particles p on a data set. */
export function kernelSummary(
  p: Particles,
  sigma: Activation,
  data: Dataset,
  lambdaA: number
): { g: number; dof: number } {
  const fit = exactSecondLayer(p, sigma, data.x, data.n, lambdaA)
  return { g: reducedObjective(fit, data.y), dof: fitDegreesOfFreedom(fit) }
}
