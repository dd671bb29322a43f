import { describe, expect, it } from 'vitest'
import { Rng } from '@shared/science/rng'
import { twoGaussians } from '@shared/science/tasks/two-gaussians'
import { makeTask } from '@shared/science/tasks/make-task'
import { Z, meanError, moments, varianceError } from '../sampling-bounds'

/** The coordinates j ∈ cols of the samples of class y, pooled (i.i.d. N(0, τ²) within a class). */
function classCoords(x: Float64Array, yv: Float64Array, d: number, y: number, cols: number[]) {
  const out: number[] = []
  for (let k = 0; k < yv.length; k++) if (yv[k] === y) for (const j of cols) out.push(x[k * d + j])
  return out
}

describe('two Gaussians (seed 002)', () => {
  it('balances the classes; each class has mean 0 and variance (1 ± Δ)² per coordinate', () => {
    const d = 10
    const delta = 0.6
    const n = 4000
    const data = twoGaussians(d, delta).sample(new Rng(3, 'data'), n)
    const plus = data.y.filter((v) => v === 1).length
    expect(data.y.every((v) => v === 1 || v === -1)).toBe(true)
    // #{y = +1} ~ Bin(n, ½): standard deviation √n/2.
    expect(Math.abs(plus - n / 2)).toBeLessThan((Z * Math.sqrt(n)) / 2)
    const all = Array.from({ length: d }, (_, j) => j)
    for (const y of [1, -1]) {
      const tau = 1 + y * delta
      const m = moments(classCoords(data.x, data.y, d, y, all))
      expect(Math.abs(m.mean)).toBeLessThan(Z * meanError(tau, m.n))
      expect(Math.abs(m.variance - tau * tau)).toBeLessThan(Z * varianceError(tau * tau, m.n))
    }
  })

  it('anisotropic: only the first s0 coordinates carry the class scale', () => {
    const d = 8
    const s0 = 3
    const delta = 0.5
    const task = makeTask(
      {
        kind: 'two-gaussians-anisotropic',
        dim: d,
        delta,
        subspaceDim: s0,
        trainSize: 1,
        testSize: 1
      },
      1
    )
    const data = task.sample(new Rng(5, 'data'), 4000)
    const inV = [0, 1, 2]
    const outV = [3, 4, 5, 6, 7]
    for (const y of [1, -1]) {
      const tau2 = (1 + y * delta) ** 2
      const a = moments(classCoords(data.x, data.y, d, y, inV))
      const b = moments(classCoords(data.x, data.y, d, y, outV))
      expect(Math.abs(a.variance - tau2)).toBeLessThan(Z * varianceError(tau2, a.n))
      expect(Math.abs(b.variance - 1)).toBeLessThan(Z * varianceError(1, b.n))
    }
  })

  it('its target is the Bayes regressor E[y | x]', () => {
    // Check E[y | x] by its defining property: E[(y − target(x)) · g(x)] = 0 for any g(x);
    // here g = target itself and g = ‖x‖², each within Z standard errors.
    const d = 4
    const task = twoGaussians(d, 0.5)
    const n = 20000
    const data = task.sample(new Rng(11, 'data'), n)
    const t = task.target!(data.x, n)
    for (const g of [
      (k: number) => t[k],
      (k: number) => data.x.subarray(k * d, k * d + d).reduce((s, v) => s + v * v, 0)
    ]) {
      const prod = Array.from({ length: n }, (_, k) => (data.y[k] - t[k]) * g(k))
      const m = moments(prod)
      expect(Math.abs(m.mean)).toBeLessThan(Z * Math.sqrt(m.variance / n))
    }
    // and it is a better predictor than the constant 0 by a wide margin at Δ = 0.5, d = 4
    const bayes = moments(Array.from({ length: n }, (_, k) => (data.y[k] - t[k]) ** 2)).mean
    expect(bayes).toBeLessThan(0.8)
  })

  it('is reproducible for a stream and differs across streams', () => {
    const task = twoGaussians(5, 0.8)
    const a = task.sample(new Rng(9, 'data'), 50)
    const b = task.sample(new Rng(9, 'data'), 50)
    const c = task.sample(new Rng(10, 'data'), 50)
    expect(a.x).toEqual(b.x)
    expect(a.y).toEqual(b.y)
    expect(a.x).not.toEqual(c.x)
  })
})
