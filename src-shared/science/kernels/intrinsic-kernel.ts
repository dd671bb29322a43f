import type { Activation } from '../activations'
import type { Particles } from '../particles'
import { cholesky, choleskyInverseTrace } from './cholesky'

/**
 * Feature matrix Φ_{jk} = h(x_j; w_k) = σ(⟨w_k, x_j⟩ + b_k) of the M neurons on n probe points
 * (docs/science.md#dynamics, two-timescale limit). x row-major n×d; returns row-major n×M.
 */
export function neuronFeatures(
  p: Particles,
  sigma: Activation,
  x: ArrayLike<number>,
  n: number
): Float64Array {
  const { m, d } = p
  const phi = new Float64Array(n * m)
  for (let j = 0; j < n; j++)
    for (let k = 0; k < m; k++) {
      let t = p.b[k]
      for (let l = 0; l < d; l++) t += p.w[k * d + l] * x[j * d + l]
      phi[j * m + k] = sigma.value(t)
    }
  return phi
}

/** Intrinsic kernel K_μ = ΦΦᵀ/M (docs/science.md#dynamics, docs/science.md#observables): Φ row-major n×M → symmetric K, n×n. */
export function intrinsicKernel(phi: ArrayLike<number>, n: number, m: number): Float64Array {
  const K = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let s = 0
      for (let k = 0; k < m; k++) s += phi[i * m + k] * phi[j * m + k]
      K[i * n + j] = K[j * n + i] = s / m
    }
  return K
}

/**
 * Kernel–target alignment A = yᵀKy / (‖K‖_F ‖y‖²) (docs/science.md#observables), in [−1, 1]; 1 when K ∝ yyᵀ.
 * K row-major n×n.
 */
export function kernelTargetAlignment(
  K: ArrayLike<number>,
  y: ArrayLike<number>,
  n: number
): number {
  let yky = 0
  let fro = 0
  let yy = 0
  for (let i = 0; i < n; i++) {
    yy += y[i] * y[i]
    for (let j = 0; j < n; j++) {
      yky += y[i] * K[i * n + j] * y[j]
      fro += K[i * n + j] ** 2
    }
  }
  return yky / (Math.sqrt(fro) * yy)
}

/**
 * Degrees of freedom d(μ) = tr(K(K + cI)⁻¹) = n − c·tr((K + cI)⁻¹) (docs/science.md#dynamics, seed 000), by a
 * Cholesky factorisation of K + cI. K symmetric positive semi-definite row-major n×n, c > 0.
 */
export function degreesOfFreedom(K: ArrayLike<number>, n: number, c: number): number {
  if (!(c > 0)) throw new Error('degreesOfFreedom: c must be > 0')
  const A = Float64Array.from(K)
  for (let i = 0; i < n; i++) A[i * n + i] += c
  return n - c * choleskyInverseTrace(cholesky(A, n), n)
}
