import { describe, expect, it } from 'vitest'
import { Rng } from '@shared/science/rng'
import { makeTask } from '@shared/science/tasks/make-task'
import type { TaskSpec } from '@shared/spec/experiment-spec'
import { Z, meanError, moments, varianceError } from '../sampling-bounds'

const spec = (over: Partial<Extract<TaskSpec, { kind: 'single-index' }>> = {}): TaskSpec => ({
  kind: 'single-index',
  dim: 12,
  trainSize: 10,
  testSize: 10,
  link: { kind: 'relu' },
  inputs: 'sphere',
  noiseStd: 0,
  ...over
})

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0))

function projections(x: Float64Array, w: Float64Array, n: number, d: number): number[] {
  return Array.from({ length: n }, (_, k) => {
    let t = 0
    for (let j = 0; j < d; j++) t += w[j] * x[k * d + j]
    return t
  })
}

describe('single index task (seed 004)', () => {
  it('plants w* with ‖w*‖ = √d, fixed by the seed', () => {
    for (const d of [1, 7, 40]) {
      const w = makeTask(spec({ dim: d }), 5).planted!
      expect(w.length).toBe(d)
      expect(norm(w)).toBeCloseTo(Math.sqrt(d), 12)
    }
    expect(makeTask(spec(), 5).planted).toEqual(makeTask(spec(), 5).planted)
    expect(makeTask(spec(), 5).planted).not.toEqual(makeTask(spec(), 6).planted)
  })

  it('sphere inputs have ‖x‖ = 1 and ⟨w*, x⟩ with mean 0, variance 1', () => {
    const d = 12
    const task = makeTask(spec(), 2)
    const n = 5000
    const data = task.sample(new Rng(1, 'data'), n)
    for (let k = 0; k < n; k++) expect(norm(data.x.subarray(k * d, k * d + d))).toBeCloseTo(1, 12)
    const m = moments(projections(data.x, task.planted!, n, d))
    // ⟨w*, x⟩ is not Gaussian on the sphere, but its kurtosis is below the Gaussian one (3d/(d+2) <
    // 3), so the Gaussian variance error is a conservative bound.
    expect(Math.abs(m.mean)).toBeLessThan(Z * meanError(1, n))
    expect(Math.abs(m.variance - 1)).toBeLessThan(Z * varianceError(1, n))
  })

  it('Gaussian inputs have coordinates N(0, 1/d) and ⟨w*, x⟩ ~ N(0, 1)', () => {
    const d = 12
    const task = makeTask(spec({ inputs: 'gaussian' }), 2)
    const n = 3000
    const data = task.sample(new Rng(4, 'data'), n)
    const c = moments(data.x)
    expect(Math.abs(c.variance - 1 / d)).toBeLessThan(Z * varianceError(1 / d, c.n))
    const m = moments(projections(data.x, task.planted!, n, d))
    expect(Math.abs(m.mean)).toBeLessThan(Z * meanError(1, n))
    expect(Math.abs(m.variance - 1)).toBeLessThan(Z * varianceError(1, n))
  })

  it('labels are σ*(⟨w*, x⟩) plus N(0, noiseStd²) noise', () => {
    const d = 12
    const noiseStd = 0.3
    const task = makeTask(spec({ link: { kind: 'tanh' }, noiseStd }), 8)
    const n = 4000
    const data = task.sample(new Rng(2, 'data'), n)
    const t = projections(data.x, task.planted!, n, d)
    const target = task.target!(data.x, n)
    for (let k = 0; k < n; k++) expect(target[k]).toBeCloseTo(Math.tanh(t[k]), 12)
    const eps = moments(Array.from({ length: n }, (_, k) => data.y[k] - Math.tanh(t[k])))
    expect(Math.abs(eps.mean)).toBeLessThan(Z * meanError(noiseStd, n))
    expect(Math.abs(eps.variance - noiseStd ** 2)).toBeLessThan(Z * varianceError(noiseStd ** 2, n))
    const clean = makeTask(spec({ link: { kind: 'tanh' } }), 8).sample(new Rng(2, 'data'), 5)
    expect(Array.from(clean.y)).toEqual(Array.from(task.target!(clean.x, 5)))
  })
})
