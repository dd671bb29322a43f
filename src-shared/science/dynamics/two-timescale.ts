import type { Activation } from '../activations'
import { knnEntropy } from '../metrics/knn-entropy'
import type { Dataset, Particles } from '../particles'
import type { StepNoise } from '../sgd-step'
import {
  exactSecondLayer,
  reducedObjective,
  shiftedSolve,
  weightsFromCoefficients,
  type ExactSecondLayer
} from './exact-second-layer'
import { firstLayerStep, type NeuronPotential } from './first-layer-step'

/**
 * Parameters of the two-timescale MFLD (docs/science.md#dynamics, seed 000): the objective
 * 𝒢(μ) = G(μ) + (λw/2)E_μ‖w‖² + λ·Ent(μ), Ent = ∫μ log μ, with G from exactSecondLayer.
 */
export interface TwoTimescaleParams {
  /** Step size η of the first layer. */
  stepSize: number
  /** Temperature λ (entropy weight; noise √(2ηλ)). */
  temperature: number
  /** Ridge strength λa of the second layer (c = n·λa/2). */
  lambdaA: number
  /** L2 strength λw of the first layer. */
  lambdaW: number
  /** Whether the biases move (then the particle is (w, b) ∈ R^{d+1}). Default false. */
  trainBias?: boolean
}

/**
 * The potential V(w) = δG/δμ(w) = −(λa/2)·a_v(w)², a_v(w) = h(w)ᵀ(K_μ + cI)⁻¹v, for labels v at the
 * frozen μ of `fit` (docs/science.md#dynamics [derived]: δK = h hᵀ, δ(K + cI)⁻¹ = −(K + cI)⁻¹ h hᵀ (K + cI)⁻¹,
 * and c/n = λa/2). With v = y it is the two-timescale drift; the L2 term is added by the step.
 */
export function secondLayerPotential(fit: ExactSecondLayer, v: ArrayLike<number>): NeuronPotential {
  const r = shiftedSolve(fit, v)
  const half = fit.c / fit.n
  return (h, grad) => {
    let a = 0
    for (let j = 0; j < fit.n; j++) a += h[j] * r[j]
    for (let j = 0; j < fit.n; j++) grad[j] = -2 * half * a * r[j]
    return -half * a * a
  }
}

/** What one two-timescale step saw before it moved the particles. */
export interface TwoTimescaleStepInfo {
  /** G(μ) = (c/n)yᵀ(K_μ + cI)⁻¹y at the pre-step μ. */
  g: number
}

/**
 * One two-timescale MFLD step on the training set, in place (docs/science.md#dynamics):
 *
 *   w ← w − η ∇_w[−(λa/2)·a_μ(w)² + (λw/2)‖w‖²] + √(2ηλ) g,
 *
 * with the second layer solved exactly for the pre-step μ. The noise is the poster's √(2ηλ) (see
 * firstLayerStep), not sgdStep's √(4s/β). Writes the optimal second layer of the pre-step μ into
 * p.a, so that `predict(p, σ, 1, …)` is the network f = (1/M)Σ a_k σ(⟨w_k, x⟩ + b_k) at that μ;
 * call setOptimalSecondLayer after the step for the post-step network. `fit` defaults to the
 * exact solve at p (a test's fault passes a stale one).
 */
export function twoTimescaleStep(
  p: Particles,
  sigma: Activation,
  data: Dataset,
  params: TwoTimescaleParams,
  noise?: StepNoise,
  fit = exactSecondLayer(p, sigma, data.x, data.n, params.lambdaA)
): TwoTimescaleStepInfo {
  const r = shiftedSolve(fit, data.y)
  p.a.set(weightsFromCoefficients(fit, r))
  const g = reducedObjective(fit, data.y)
  firstLayerStep(
    p,
    sigma,
    data.x,
    data.n,
    secondLayerPotential(fit, data.y),
    stepParams(params),
    noise
  )
  return { g }
}

/** Writes a = Φᵀ(K_μ + cI)⁻¹y of the current μ into p.a; returns G(μ). */
export function setOptimalSecondLayer(
  p: Particles,
  sigma: Activation,
  data: Dataset,
  lambdaA: number
): number {
  const fit = exactSecondLayer(p, sigma, data.x, data.n, lambdaA)
  p.a.set(weightsFromCoefficients(fit, shiftedSolve(fit, data.y)))
  return reducedObjective(fit, data.y)
}

/** 𝒢(μ) = G + (λw/2)E‖w‖² + λ·Ent and its parts, for the particle measure. */
export interface TwoTimescaleObjective {
  /** G(μ) = (c/n)yᵀ(K_μ + cI)⁻¹y. */
  g: number
  /** (λw/2)·mean_k ‖θ_k‖², θ = w (or (w, b) when biases train). */
  l2: number
  /** k-NN estimate of H = −∫μ log μ over the particle coordinates (nats); NaN at temperature 0. */
  entropy: number
  /** g + l2 − λ·entropy (the entropy term is 0 at temperature 0). */
  total: number
}

/**
 * Evaluates 𝒢 on the particles. The entropy is knnEntropy (k-th neighbour) on the M points in R^d
 * (R^{d+1} with trained biases): see its TSDoc for the bias; read changes, not the level.
 */
export function twoTimescaleObjective(
  p: Particles,
  sigma: Activation,
  data: Dataset,
  params: TwoTimescaleParams,
  k = 1
): TwoTimescaleObjective {
  const fit = exactSecondLayer(p, sigma, data.x, data.n, params.lambdaA)
  const g = reducedObjective(fit, data.y)
  const coords = particleCoordinates(p, params.trainBias ?? false)
  const dim = coords.length / p.m
  let sq = 0
  for (let i = 0; i < coords.length; i++) sq += coords[i] * coords[i]
  const l2 = ((params.lambdaW / 2) * sq) / p.m
  const entropy = params.temperature > 0 ? knnEntropy(coords, p.m, dim, k) : NaN
  const total = g + l2 - (params.temperature > 0 ? params.temperature * entropy : 0)
  return { g, l2, entropy, total }
}

/** The moving coordinates of each particle, row-major: w (M×d), or (w, b) (M×(d+1)). */
export function particleCoordinates(p: Particles, withBias: boolean): Float64Array {
  if (!withBias) return p.w.slice()
  const { m, d } = p
  const out = new Float64Array(m * (d + 1))
  for (let k = 0; k < m; k++) {
    out.set(p.w.subarray(k * d, k * d + d), k * (d + 1))
    out[k * (d + 1) + d] = p.b[k]
  }
  return out
}

/** The firstLayerStep parameters of a two-timescale parameter set. */
export function stepParams(params: TwoTimescaleParams) {
  return {
    stepSize: params.stepSize,
    temperature: params.temperature,
    lambdaW: params.lambdaW,
    trainBias: params.trainBias ?? false
  }
}
