import { describe, expect, it } from 'vitest'
import { makeActivation } from '@shared/science/activations'
import { datasetRisk } from '@shared/science/metrics/risk-estimate'
import { initParticles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'
import { sgdStep } from '@shared/science/sgd-step'
import { makeTask } from '@shared/science/tasks/make-task'
import { model, task as taskSchema } from '@shared/spec/experiment-spec'

/*
 * MMN's classification example (docs/science.md#guided-experiments, first preset) at a CI size: two isotropic Gaussians,
 * Δ = 0.8, d = 40, truncated ReLU, w ~ N(0, 0.8²/d · I), a ≡ 1 and no bias, only w trains, one-pass
 * SGD on fresh samples (mini-batches of 4 fresh samples per step, to afford t = 10 in ~2 s of
 * float64). At t = k·s = 10 the risk must have fallen far below both its start (≈ 1.75) and the
 * risk 1 of the zero predictor. Population risks are measured on 2000 held-out samples (standard
 * error ≈ 0.03).
 */
describe('one-pass SGD on two Gaussians (MMN, d = 40)', () => {
  it('lowers the population risk substantially by t = 10', () => {
    const d = 40
    const spec = model.parse({ width: 100, bias: false, train: { a: false, b: false, w: true } })
    expect(spec.activation.kind).toBe('truncated-relu')
    const p = initParticles(spec, d, 1)
    const sigma = makeActivation(spec.activation)
    const task = makeTask(taskSchema.parse({ kind: 'two-gaussians', dim: d, delta: 0.8 }), 1)
    const test = task.sample(new Rng(1, 'test'), 2000)
    const stream = new Rng(1, 'online')
    const params = {
      alpha: 1,
      stepSize: 1e-3,
      lambda: 0,
      beta: Infinity,
      train: spec.train
    }
    const before = datasetRisk(p, sigma, 1, test)
    const batch = 4
    for (let k = 0; k < 10_000; k++) {
      const b = task.sample(stream, batch)
      sgdStep(p, sigma, b.x, b.y, batch, params)
    }
    const after = datasetRisk(p, sigma, 1, test)
    expect(before.risk).toBeGreaterThan(1.5)
    expect(after.risk + 5 * after.stdError).toBeLessThan(0.5)
    expect(after.risk).toBeLessThan(0.3 * before.risk)
  })
})
