import type { Activation } from '../activations'

/**
 * NTK Gram matrix of a two-layer network f = (1/√m)Σ a_k σ(⟨w_k, x⟩) w.r.t. the first layer
 * (docs/science.md#observables, seed 003): H_ij = (1/m) Σ_k a_k² σ′(w_kᵀx_i) σ′(w_kᵀx_j) x_iᵀx_j.
 * w row-major m×d, a length m, x row-major n×d; returns row-major n×n.
 */
export function ntkGram(
  w: ArrayLike<number>,
  a: ArrayLike<number>,
  m: number,
  d: number,
  sigma: Activation,
  x: ArrayLike<number>,
  n: number
): Float64Array {
  // g_ik = |a_k| σ′(w_kᵀx_i), then H = (G Gᵀ/m) ∘ (X Xᵀ)
  const g = new Float64Array(n * m)
  for (let i = 0; i < n; i++)
    for (let k = 0; k < m; k++) {
      let t = 0
      for (let l = 0; l < d; l++) t += w[k * d + l] * x[i * d + l]
      g[i * m + k] = Math.abs(a[k]) * sigma.derivative(t)
    }
  const H = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let s = 0
      for (let k = 0; k < m; k++) s += g[i * m + k] * g[j * m + k]
      let xx = 0
      for (let l = 0; l < d; l++) xx += x[i * d + l] * x[j * d + l]
      H[i * n + j] = H[j * n + i] = (s / m) * xx
    }
  return H
}

/**
 * The infinite-width ReLU NTK Gram for w ~ N(0, I), a_k² = 1 and unit-norm inputs (docs/science.md#observables,
 * [derived] from seed 003 eq. 12): H∞_ij = x_iᵀx_j (π − arccos x_iᵀx_j) / (2π). x row-major n×d.
 */
export function reluNtkLimit(x: ArrayLike<number>, n: number, d: number): Float64Array {
  const H = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let c = 0
      for (let l = 0; l < d; l++) c += x[i * d + l] * x[j * d + l]
      c = Math.min(1, Math.max(-1, c))
      H[i * n + j] = H[j * n + i] = (c * (Math.PI - Math.acos(c))) / (2 * Math.PI)
    }
  return H
}
