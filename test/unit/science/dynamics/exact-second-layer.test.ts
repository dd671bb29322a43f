import { describe, expect, it } from 'vitest'
import { makeActivation } from '@shared/science/activations'
import { cholesky, choleskySolve } from '@shared/science/kernels/cholesky'
import {
  exactSecondLayer,
  reducedObjective,
  ridgeObjective,
  secondLayerWeights
} from '@shared/science/dynamics/exact-second-layer'
import { predict } from '@shared/science/network'
import { allocParticles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'

/*
 * The normalisation of the two-timescale second layer (docs/science.md#dynamics): with f(X) = Φa/M and
 * F(a) = (1/n)Σ(f − y)² + (λa/2)(1/M)Σa², the minimiser must be a = Φᵀ(K + cI)⁻¹y, c = nλa/2, with
 * f(X) = K(K + cI)⁻¹y and F(a) = G = (c/n)yᵀ(K + cI)⁻¹y. Checked against a direct minimisation in
 * a-space (the M×M normal equations (ΦᵀΦ/M + cI)a = Φᵀy, solved independently), for M < n and M >
 * n.
 */
function randomCase(m: number, n: number, d: number, seed: number) {
  const rng = new Rng(seed, 'case')
  const p = allocParticles(m, d)
  rng.fillNormal(p.w, 0, 1 / Math.sqrt(d))
  rng.fillNormal(p.b, 0, 0.3)
  const x = rng.fillNormal(new Float64Array(n * d)) as Float64Array
  const y = rng.fillNormal(new Float64Array(n)) as Float64Array
  return { p, x, y }
}

describe('exact second layer: a = Φᵀ(K + cI)⁻¹y', () => {
  it.each([
    [12, 30],
    [40, 15]
  ])('M = %i, n = %i: equals the direct ridge minimiser and f = K(K + cI)⁻¹y', (m, n) => {
    const d = 3
    const lambdaA = 0.3
    const { p, x, y } = randomCase(m, n, d, m + n)
    const sigma = makeActivation({ kind: 'tanh' })
    const fit = exactSecondLayer(p, sigma, x, n, lambdaA)
    expect(fit.c).toBeCloseTo((n * lambdaA) / 2, 14)
    const a = secondLayerWeights(fit, y)

    // direct: (ΦᵀΦ/M + cI) a = Φᵀy in R^M
    const A = new Float64Array(m * m)
    const rhs = new Float64Array(m)
    for (let k = 0; k < m; k++) {
      for (let j = 0; j < n; j++) rhs[k] += fit.phi[j * m + k] * y[j]
      for (let l = 0; l < m; l++) {
        let s = 0
        for (let j = 0; j < n; j++) s += fit.phi[j * m + k] * fit.phi[j * m + l]
        A[k * m + l] = s / m + (k === l ? fit.c : 0)
      }
    }
    const direct = choleskySolve(cholesky(A, m), m, rhs)
    for (let k = 0; k < m; k++) expect(a[k]).toBeCloseTo(direct[k], 10)

    // f(X) = Φa/M, the network's own prediction with α = 1, equals K(K + cI)⁻¹y
    p.a.set(a)
    const f = predict(p, sigma, 1, x, n)
    const r = new Float64Array(n)
    const Kc = Float64Array.from(fit.kernel)
    for (let i = 0; i < n; i++) Kc[i * n + i] += fit.c
    r.set(choleskySolve(cholesky(Kc, n), n, y))
    for (let i = 0; i < n; i++) {
      let kr = 0
      for (let j = 0; j < n; j++) kr += fit.kernel[i * n + j] * r[j]
      expect(f[i]).toBeCloseTo(kr, 10)
    }

    // the minimum value is G = (c/n)yᵀ(K + cI)⁻¹y, and it is a minimum
    const G = reducedObjective(fit, y)
    expect(ridgeObjective(fit, a, y)).toBeCloseTo(G, 12)
    const rng = new Rng(7, 'perturb')
    for (let t = 0; t < 5; t++) {
      const moved = a.map((v) => v + 0.01 * rng.normal())
      expect(ridgeObjective(fit, moved, y)).toBeGreaterThan(G)
    }
  })
})
