import { describe, expect, it } from 'vitest'
import { knnEntropy } from '@shared/science/metrics/knn-entropy'
import { Rng } from '@shared/science/rng'

const gaussianEntropy = (stds: number[]) =>
  stds.reduce((h, s) => h + 0.5 * Math.log(2 * Math.PI * Math.E * s * s), 0)

function gaussianCloud(n: number, stds: number[], seed: number): Float64Array {
  const rng = new Rng(seed, 'entropy')
  const dim = stds.length
  const out = new Float64Array(n * dim)
  for (let i = 0; i < n; i++)
    for (let c = 0; c < dim; c++) out[i * dim + c] = stds[c] * rng.normal()
  return out
}

describe('Kozachenko–Leonenko entropy', () => {
  // Tolerance: measured over seeds at N = 2000 the estimate spreads by 0.04–0.06 nats (k = 1) with
  // a bias below 0.07 in D ≤ 5 (see knnEntropy's TSDoc); at N = 1500 the spread is ≈ 0.07, so 0.25
  // nats is about 3 spreads plus the bias. A wrong log V_D, ψ term or D/N factor is off by ≥ 0.5
  // here.
  const N = 1500
  it.each([[[1]], [[2.5]], [[1, 1]], [[0.3, 4]], [[1, 2, 0.5]]])(
    'matches the entropy of a Gaussian with stds %j',
    (stds) => {
      for (const k of [1, 3]) {
        const h = knnEntropy(gaussianCloud(N, stds, 7), N, stds.length, k)
        expect(Math.abs(h - gaussianEntropy(stds))).toBeLessThan(0.25)
      }
    }
  )

  it('matches the entropy log(L²) of a uniform square of side L', () => {
    const L = 3
    const rng = new Rng(2, 'square')
    const pts = new Float64Array(2 * N).map(() => L * rng.uniform())
    expect(Math.abs(knnEntropy(pts, N, 2) - 2 * Math.log(L))).toBeLessThan(0.25)
  })

  it('shifts by exactly D log c when the cloud is scaled by c', () => {
    const pts = gaussianCloud(300, [1, 1, 1], 3)
    const h = knnEntropy(pts, 300, 3, 2)
    expect(
      knnEntropy(
        pts.map((v) => 5 * v),
        300,
        3,
        2
      )
    ).toBeCloseTo(h + 3 * Math.log(5), 10)
  })

  it('is −∞ for coincident points and rejects too few points', () => {
    expect(knnEntropy(new Float64Array([1, 1, 1, 1]), 2, 2)).toBe(-Infinity)
    expect(() => knnEntropy(new Float64Array(2), 1, 2)).toThrow(RangeError)
  })
})
