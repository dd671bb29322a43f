import { describe, expect, it } from 'vitest'
import { Rng } from '@shared/science/rng'
import { makeTask } from '@shared/science/tasks/make-task'
import { Z, meanError, moments, varianceError } from '../sampling-bounds'

describe('product target x1·x2 (Takakura–Suzuki)', () => {
  it('has x ~ N(0, I) and labels x1·x2 + U[−σ, σ]', () => {
    const sigma = 0.5
    const d = 15
    const task = makeTask(
      { kind: 'product', dim: d, trainSize: 1, testSize: 1, labelNoise: sigma },
      1
    )
    const n = 4000
    const data = task.sample(new Rng(6, 'data'), n)
    const x = moments(data.x)
    expect(Math.abs(x.mean)).toBeLessThan(Z * meanError(1, x.n))
    expect(Math.abs(x.variance - 1)).toBeLessThan(Z * varianceError(1, x.n))
    const target = task.target!(data.x, n)
    const eps = Array.from({ length: n }, (_, k) => data.y[k] - data.x[k * d] * data.x[k * d + 1])
    for (let k = 0; k < n; k++) expect(target[k]).toBe(data.x[k * d] * data.x[k * d + 1])
    expect(Math.max(...eps.map(Math.abs))).toBeLessThanOrEqual(sigma)
    // U[−σ, σ]: mean 0, E ε² = σ²/3, Var ε² = σ⁴/5 − σ⁴/9 = 4σ⁴/45.
    const e = moments(eps)
    expect(Math.abs(e.mean)).toBeLessThan(Z * meanError(sigma / Math.sqrt(3), n))
    const meanSq = moments(eps.map((v) => v * v)).mean
    expect(Math.abs(meanSq - sigma ** 2 / 3)).toBeLessThan(Z * Math.sqrt((4 * sigma ** 4) / 45 / n))
  })

  it('is noiseless when labelNoise = 0', () => {
    const task = makeTask({ kind: 'product', dim: 3, trainSize: 1, testSize: 1, labelNoise: 0 }, 1)
    const data = task.sample(new Rng(1, 'data'), 100)
    expect(Array.from(data.y)).toEqual(Array.from(task.target!(data.x, 100)))
  })
})
