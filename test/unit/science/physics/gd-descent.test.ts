import { describe, expect, it } from 'vitest'
import { makeActivation } from '@shared/science/activations'
import { l2Penalty } from '@shared/science/metrics/l2-penalty'
import { risk } from '@shared/science/network'
import { initParticles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'
import { sgdStep } from '@shared/science/sgd-step'
import { twoGaussians } from '@shared/science/tasks/two-gaussians'
import { model } from '@shared/spec/experiment-spec'

/*
 * Full-batch GD (sgdStep with the whole training set as its batch, α = 1) is gradient descent on
 * ½R + (λ/2)·mean_i‖θ_i‖² with rate 2sM per particle, so for a small step the objective decreases
 * at every step (up to rounding). ReLU with a bias on two Gaussians: |x| matters, an even target.
 */
function setup(lambda: number) {
  const d = 5
  const spec = model.parse({
    width: 20,
    activation: { kind: 'relu' },
    init: {
      a: { kind: 'normal', mean: 0, std: 1 },
      b: { kind: 'normal', mean: 0, std: 0.5 },
      w: { kind: 'normal', std: 1, scaleByDim: true }
    }
  })
  const p = initParticles(spec, d, 3)
  const sigma = makeActivation(spec.activation)
  const data = twoGaussians(d, 0.6).sample(new Rng(3, 'train'), 60)
  const params = {
    alpha: 1,
    stepSize: 0.01,
    lambda,
    beta: Infinity,
    train: { a: true, b: true, w: true }
  }
  const objective = () => risk(p, sigma, 1, data) / 2 + l2Penalty(p, lambda, params.train)
  const step = () => sgdStep(p, sigma, data.x, data.y, data.n, params)
  return { objective, step }
}

describe('gradient descent with a small step', () => {
  it.each([0, 0.05])('decreases ½R + L2 at every step (λ = %s)', (lambda) => {
    const { objective, step } = setup(lambda)
    const start = objective()
    let prev = start
    for (let t = 0; t < 300; t++) {
      step()
      const now = objective()
      expect(now).toBeLessThanOrEqual(prev + 1e-12)
      prev = now
    }
    expect(prev).toBeLessThan(0.8 * start)
  })
})
