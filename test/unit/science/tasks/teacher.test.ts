import { describe, expect, it } from 'vitest'
import { Rng } from '@shared/science/rng'
import { makeTask } from '@shared/science/tasks/make-task'
import type { TaskSpec } from '@shared/spec/experiment-spec'
import { Z, meanError, moments, varianceError } from '../sampling-bounds'

const spec = (over: Partial<Extract<TaskSpec, { kind: 'teacher' }>> = {}): TaskSpec => ({
  kind: 'teacher',
  dim: 6,
  trainSize: 10,
  testSize: 10,
  teacherWidth: 5,
  teacherActivation: { kind: 'relu' },
  noiseStd: 0,
  ...over
})

describe('teacher network task', () => {
  it('plants M* neurons with ‖w*_j‖ = √d and a*_j = ±1, fixed by the seed', () => {
    const { teacher } = makeTask(spec(), 3)
    expect(teacher!.m).toBe(5)
    for (let j = 0; j < 5; j++) {
      const row = teacher!.w.subarray(j * 6, j * 6 + 6)
      expect(Math.hypot(...row)).toBeCloseTo(Math.sqrt(6), 12)
      expect(Math.abs(teacher!.a[j])).toBe(1)
    }
    expect(makeTask(spec(), 3).teacher).toEqual(teacher)
    expect(makeTask(spec(), 4).teacher!.w).not.toEqual(teacher!.w)
  })

  it('labels are (1/M*) Σ a*_j σ(⟨w*_j, x⟩) + ε with x ~ N(0, I/d)', () => {
    const d = 6
    const noiseStd = 0.2
    const task = makeTask(spec({ noiseStd }), 3)
    const t = task.teacher!
    const n = 3000
    const data = task.sample(new Rng(7, 'data'), n)
    const x = moments(data.x)
    expect(Math.abs(x.variance - 1 / d)).toBeLessThan(Z * varianceError(1 / d, x.n))
    const eps: number[] = []
    for (let k = 0; k < n; k++) {
      let f = 0
      for (let j = 0; j < t.m; j++) {
        let pre = 0
        for (let c = 0; c < d; c++) pre += t.w[j * d + c] * data.x[k * d + c]
        f += t.a[j] * Math.max(0, pre)
      }
      eps.push(data.y[k] - f / t.m)
    }
    const e = moments(eps)
    expect(Math.abs(e.mean)).toBeLessThan(Z * meanError(noiseStd, n))
    expect(Math.abs(e.variance - noiseStd ** 2)).toBeLessThan(Z * varianceError(noiseStd ** 2, n))
  })
})
