import { describe, expect, it } from 'vitest'
import { makeActivation } from '@shared/science/activations'
import { allocParticles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'
import { cholesky, choleskySolve } from '@shared/science/kernels/cholesky'
import {
  degreesOfFreedom,
  intrinsicKernel,
  kernelTargetAlignment,
  neuronFeatures
} from '@shared/science/kernels/intrinsic-kernel'
import { ntkGram, reluNtkLimit } from '@shared/science/kernels/ntk-gram'
import { minEigenvalue, symmetricEigen } from '@shared/science/kernels/symmetric-eigen'

/** A random Gram matrix BBᵀ/k + shift·I (row-major n×n). */
function randomGram(n: number, k: number, seed: number, shift = 0): Float64Array {
  const rng = new Rng(seed, 'gram')
  const B = new Float64Array(n * k)
  rng.fillNormal(B)
  const A = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let l = 0; l < k; l++) s += B[i * k + l] * B[j * k + l]
      A[i * n + j] = s / k + (i === j ? shift : 0)
    }
  return A
}

function unitRows(n: number, d: number, rng: Rng): Float64Array {
  const x = new Float64Array(n * d)
  rng.fillNormal(x)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let l = 0; l < d; l++) s += x[i * d + l] ** 2
    for (let l = 0; l < d; l++) x[i * d + l] /= Math.sqrt(s)
  }
  return x
}

describe('symmetric eigen-solvers', () => {
  it('λ_min of 2×2 and 3×3 matrices matches the closed forms', () => {
    const [a, b, c] = [2, -1.5, 0.7]
    const closed2 = (a + c) / 2 - Math.hypot((a - c) / 2, b)
    expect(minEigenvalue([a, b, b, c], 2)).toBeCloseTo(closed2, 13)
    expect(minEigenvalue([a, b, b, c], 2, { method: 'lanczos' })).toBeCloseTo(closed2, 12)
    // symmetric 3×3: trigonometric closed form (Smith 1961)
    const M = [4, 1, -2, 1, 2, 0.5, -2, 0.5, 3]
    const q = (M[0] + M[4] + M[8]) / 3
    const p1 = M[1] ** 2 + M[2] ** 2 + M[5] ** 2
    const p2 = (M[0] - q) ** 2 + (M[4] - q) ** 2 + (M[8] - q) ** 2 + 2 * p1
    const p = Math.sqrt(p2 / 6)
    const Bm = M.map((v, i) => (v - (i % 4 === 0 ? q : 0)) / p)
    const detB =
      Bm[0] * (Bm[4] * Bm[8] - Bm[5] * Bm[7]) -
      Bm[1] * (Bm[3] * Bm[8] - Bm[5] * Bm[6]) +
      Bm[2] * (Bm[3] * Bm[7] - Bm[4] * Bm[6])
    const phi = Math.acos(Math.min(1, Math.max(-1, detB / 2))) / 3
    const closed3 = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3)
    expect(minEigenvalue(M, 3)).toBeCloseTo(closed3, 13)
    expect(minEigenvalue(M, 3, { method: 'lanczos' })).toBeCloseTo(closed3, 12)
    const eig = symmetricEigen(M, 3)
    expect(eig.values[2]).toBeCloseTo(q + 2 * p * Math.cos(phi), 13)
  })

  it('Jacobi decomposition reconstructs A = V diag(λ) Vᵀ', () => {
    const n = 30
    const A = randomGram(n, 10, 1, 0.1)
    const { values, vectors } = symmetricEigen(A, n)
    let err = 0
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0
        for (let k = 0; k < n; k++) s += vectors[i * n + k] * values[k] * vectors[j * n + k]
        err = Math.max(err, Math.abs(s - A[i * n + j]))
      }
    expect(err).toBeLessThan(1e-12)
    // rank 10 + 0.1·I: the 20 smallest eigenvalues are 0.1
    expect(values[0]).toBeCloseTo(0.1, 12)
    expect(values[19]).toBeCloseTo(0.1, 12)
    expect(values[20]).toBeGreaterThan(0.11)
  })

  it('Lanczos λ_min agrees with Jacobi on a 150×150 Gram matrix', () => {
    const n = 150
    const A = randomGram(n, 400, 2)
    const jac = minEigenvalue(A, n, { method: 'jacobi' })
    const lan = minEigenvalue(A, n, { method: 'lanczos' })
    expect(jac).toBeGreaterThan(0)
    expect(Math.abs(lan - jac)).toBeLessThan(1e-9 * symmetricEigen(A, n).values[n - 1])
  })
})

describe('kernel observables (docs/science.md#observables)', () => {
  it('Cholesky solves A x = b', () => {
    const n = 12
    const A = randomGram(n, 20, 3, 0.5)
    const b = Float64Array.from({ length: n }, (_, i) => Math.sin(i))
    const x = choleskySolve(cholesky(A, n), n, b)
    for (let i = 0; i < n; i++) {
      let s = 0
      for (let j = 0; j < n; j++) s += A[i * n + j] * x[j]
      expect(s).toBeCloseTo(b[i], 12)
    }
    expect(() => cholesky([1, 2, 2, 1], 2)).toThrow()
  })

  it('degrees of freedom by Cholesky equal Σ λ/(λ + c) from the eigen-decomposition', () => {
    const n = 25
    const K = randomGram(n, 8, 4)
    const { values } = symmetricEigen(K, n)
    for (const c of [1e-3, 0.1, 10]) {
      const viaEigen = values.reduce((s, l) => s + l / (l + c), 0)
      expect(degreesOfFreedom(K, n, c)).toBeCloseTo(viaEigen, 10)
    }
    // rank 8: d(μ) → 8 as c → 0
    expect(degreesOfFreedom(K, n, 1e-9)).toBeCloseTo(8, 5)
  })

  it('alignment = its spectral form, 1 for K = yyᵀ; K_μ = ΦΦᵀ/M', () => {
    const n = 20
    const rng = new Rng(5, 'y')
    const y = Float64Array.from({ length: n }, () => rng.sign())
    const K = randomGram(n, 6, 5)
    const { values, vectors } = symmetricEigen(K, n)
    let num = 0
    for (let k = 0; k < n; k++) {
      let proj = 0
      for (let i = 0; i < n; i++) proj += vectors[i * n + k] * y[i]
      num += values[k] * proj * proj
    }
    const spectral = num / (Math.hypot(...values) * n)
    expect(kernelTargetAlignment(K, y, n)).toBeCloseTo(spectral, 12)
    const yy = Float64Array.from({ length: n * n }, (_, i) => y[Math.floor(i / n)] * y[i % n])
    expect(kernelTargetAlignment(yy, y, n)).toBeCloseTo(1, 14)

    const p = allocParticles(7, 3)
    new Rng(6).fillNormal(p.w)
    new Rng(7).fillNormal(p.b)
    const x = new Float64Array(4 * 3)
    new Rng(8).fillNormal(x)
    const sigma = makeActivation({ kind: 'tanh' })
    const phi = neuronFeatures(p, sigma, x, 4)
    const Km = intrinsicKernel(phi, 4, 7)
    let direct = 0
    for (let k = 0; k < 7; k++) {
      const t1 = p.b[k] + p.w[k * 3] * x[3] + p.w[k * 3 + 1] * x[4] + p.w[k * 3 + 2] * x[5]
      const t2 = p.b[k] + p.w[k * 3] * x[6] + p.w[k * 3 + 1] * x[7] + p.w[k * 3 + 2] * x[8]
      direct += Math.tanh(t1) * Math.tanh(t2)
    }
    expect(Km[1 * 4 + 2]).toBeCloseTo(direct / 7, 14)
    expect(Km[2 * 4 + 1]).toBe(Km[1 * 4 + 2])
  })

  it('ReLU NTK Gram at width 20000 matches H∞ within Monte Carlo error', () => {
    const [m, n, d] = [20_000, 10, 8]
    const rng = new Rng(10, 'ntk')
    const x = unitRows(n, d, rng)
    const w = new Float64Array(m * d)
    rng.fillNormal(w)
    const a = Float64Array.from({ length: m }, () => rng.sign())
    const sigma = makeActivation({ kind: 'relu' })
    const H = ntkGram(w, a, m, d, sigma, x, n)
    const Hinf = reluNtkLimit(x, n, d)
    let worst = 0
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        // each term is x_iᵀx_j·Bernoulli(p_ij): sd of the mean = |x_iᵀx_j|·√(p(1−p)/m)
        let xx = 0
        for (let l = 0; l < d; l++) xx += x[i * d + l] * x[j * d + l]
        const pij = Hinf[i * n + j] / xx
        const sd = Math.abs(xx) * Math.sqrt((pij * (1 - pij)) / m) + 1e-15
        worst = Math.max(worst, Math.abs(H[i * n + j] - Hinf[i * n + j]) / sd)
        if (i === j) expect(Hinf[i * n + i]).toBeCloseTo(0.5, 7)
      }
    console.info(`max |H(0) − H∞| / sd = ${worst.toFixed(2)} over ${n * n} entries (m = ${m})`)
    expect(worst).toBeLessThan(4.5)
    expect(minEigenvalue(Hinf, n)).toBeGreaterThan(0)
    expect(Math.abs(minEigenvalue(H, n) - minEigenvalue(Hinf, n))).toBeLessThan(0.02)
  })
})
