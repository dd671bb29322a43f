import type { Activation } from '../activations'
import { cholesky, choleskySolve } from '../kernels/cholesky'
import { intrinsicKernel, neuronFeatures } from '../kernels/intrinsic-kernel'
import type { Particles } from '../particles'

/**
 * The second layer at its optimum for a fixed first layer μ = (1/M) Σ δ_{w_k} (docs/science.md#dynamics,
 * two-timescale limit, seed 000), on n training points.
 *
 * Normalisation [derived]. With f(X) = Φa/M and the ridge objective
 *
 *   F(a, μ) = (1/n) Σ_j (f(x_j) − y_j)² + (λa/2)·(1/M) Σ_k a_k²,
 *
 * ∇_a F = (2/(nM)) Φᵀ(Φa/M − y) + (λa/M) a = 0 gives (ΦᵀΦ/M + cI) a = Φᵀy with c = n·λa/2, hence
 * (push-through identity) a = Φᵀ(K_μ + cI)⁻¹y with K_μ = ΦΦᵀ/M, and f(X) = K_μ(K_μ + cI)⁻¹y: kernel
 * ridge regression with the intrinsic kernel. The minimum is G(μ) = F(a_μ, μ) = (c/n)·yᵀ(K_μ +
 * cI)⁻¹y (the residual is −c(K + cI)⁻¹y). The (λw/2)E_μ‖w‖² part of the F of docs/science.md#dynamics is not in G; the
 * dynamics add it separately.
 */
export interface ExactSecondLayer {
  /** Number of training points. */
  n: number
  /** Number of neurons M. */
  m: number
  /** Ridge shift c = n·λa/2. */
  c: number
  /** Φ_{jk} = σ(⟨w_k, x_j⟩ + b_k), row-major n×M. */
  phi: Float64Array
  /** K_μ = ΦΦᵀ/M, row-major n×n. */
  kernel: Float64Array
  /** Cholesky factor of K_μ + cI, row-major n×n lower triangular. */
  factor: Float64Array
}

/** Builds Φ, K_μ and the factor of K_μ + cI for particles p on the inputs x (row-major n×d). */
export function exactSecondLayer(
  p: Particles,
  sigma: Activation,
  x: Float64Array,
  n: number,
  lambdaA: number
): ExactSecondLayer {
  if (!(lambdaA > 0)) throw new RangeError('exactSecondLayer: λa must be > 0')
  const phi = neuronFeatures(p, sigma, x, n)
  const kernel = intrinsicKernel(phi, n, p.m)
  const c = (n * lambdaA) / 2
  const shifted = Float64Array.from(kernel)
  for (let i = 0; i < n; i++) shifted[i * n + i] += c
  return { n, m: p.m, c, phi, kernel, factor: cholesky(shifted, n) }
}

/** (K_μ + cI)⁻¹ v for a label vector v of length n. */
export function shiftedSolve(fit: ExactSecondLayer, v: ArrayLike<number>): Float64Array {
  return choleskySolve(fit.factor, fit.n, v)
}

/** The optimal second layer a = Φᵀ(K_μ + cI)⁻¹v for labels v (length M). */
export function secondLayerWeights(fit: ExactSecondLayer, v: ArrayLike<number>): Float64Array {
  return weightsFromCoefficients(fit, shiftedSolve(fit, v))
}

/** a = Φᵀr for dual coefficients r = (K_μ + cI)⁻¹v (length M). */
export function weightsFromCoefficients(fit: ExactSecondLayer, r: ArrayLike<number>): Float64Array {
  const { n, m, phi } = fit
  const a = new Float64Array(m)
  for (let j = 0; j < n; j++) for (let k = 0; k < m; k++) a[k] += phi[j * m + k] * r[j]
  return a
}

/** G(μ) = (c/n)·vᵀ(K_μ + cI)⁻¹v, the ridge objective at its optimal second layer, for labels v. */
export function reducedObjective(fit: ExactSecondLayer, v: ArrayLike<number>): number {
  const r = shiftedSolve(fit, v)
  let s = 0
  for (let j = 0; j < fit.n; j++) s += v[j] * r[j]
  return (fit.c / fit.n) * s
}

/**
 * The ridge objective F(a, μ; v) = (1/n)Σ(Φa/M − v)² + (λa/2)(1/M)Σa² for ANY second layer a
 * (length M), scored against labels v, with λa = 2c/n.
 */
export function ridgeObjective(
  fit: ExactSecondLayer,
  a: ArrayLike<number>,
  v: ArrayLike<number>
): number {
  const { n, m, phi, c } = fit
  let fit2 = 0
  for (let j = 0; j < n; j++) {
    let f = 0
    for (let k = 0; k < m; k++) f += phi[j * m + k] * a[k]
    fit2 += (f / m - v[j]) ** 2
  }
  let a2 = 0
  for (let k = 0; k < m; k++) a2 += a[k] * a[k]
  const lambdaA = (2 * c) / n
  return fit2 / n + ((lambdaA / 2) * a2) / m
}
