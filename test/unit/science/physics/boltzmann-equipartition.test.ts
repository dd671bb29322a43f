import { describe, expect, it } from 'vitest'
import { makeActivation, type Activation } from '@shared/science/activations'
import { equipartitionRatio } from '@shared/science/metrics/equipartition'
import { risk } from '@shared/science/network'
import { initParticles, type Dataset, type Particles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'
import { sgdStep } from '@shared/science/sgd-step'
import { makeTask } from '@shared/science/tasks/make-task'
import { model, task as taskSchema } from '@shared/spec/experiment-spec'

/** A small tanh network (a and w train) and its single-index data, d = 2. */
function setup(width: number, seed: number) {
  const spec = model.parse({
    width,
    bias: true,
    activation: { kind: 'tanh' },
    train: { a: true, b: true, w: true },
    init: { a: { kind: 'normal', mean: 0, std: 0.5 }, w: { kind: 'normal', std: 0.5 } }
  })
  const p = initParticles(spec, 2, seed)
  const sigma = makeActivation(spec.activation)
  const tspec = taskSchema.parse({
    kind: 'single-index',
    dim: 2,
    link: { kind: 'tanh' },
    inputs: 'gaussian'
  })
  const data = makeTask(tspec, seed).sample(new Rng(seed, 'train'), 40)
  return { p, sigma, data, groups: spec.train }
}

/** ℋ = (M/α²)·½R + (λ/2)Σ‖θ_i‖² over every coordinate (a, b, w train here). */
function potential(p: Particles, sigma: Activation, alpha: number, lambda: number, data: Dataset) {
  let l2 = 0
  for (const v of [p.a, p.b, p.w]) for (const x of v) l2 += x * x
  return ((p.m / alpha ** 2) * risk(p, sigma, alpha, data)) / 2 + (lambda / 2) * l2
}

describe('equipartitionRatio: β⟨θ_i·∇_iℋ⟩/D', () => {
  it('is the derivative of ℋ along the dilation θ → (1+ε)θ, by finite differences', () => {
    const { p, sigma, data, groups } = setup(30, 3)
    const alpha = 1.7
    const lambda = 0.3
    const beta = 5
    const eps = 1e-6
    const scaled = (f: number): Particles => ({
      ...p,
      a: p.a.map((v) => v * f),
      b: p.b.map((v) => v * f),
      w: p.w.map((v) => v * f)
    })
    // d/dε ℋ((1+ε)θ) = Σ_i θ_i·∇_iℋ
    const dH =
      (potential(scaled(1 + eps), sigma, alpha, lambda, data) -
        potential(scaled(1 - eps), sigma, alpha, lambda, data)) /
      (2 * eps)
    const ratio = equipartitionRatio(p, sigma, alpha, lambda, beta, data, groups)
    expect(ratio).toBeCloseTo((beta * dH) / (p.m * 4), 6)
  })

  it('without data force it is βλ·mean‖θ‖²/D', () => {
    const { p, sigma, data } = setup(20, 4)
    p.a.fill(0)
    const groups = { a: false, b: false, w: true }
    let s = 0
    for (const x of p.w) s += x * x
    const ratio = equipartitionRatio(p, sigma, 1, 0.2, 7, data, groups)
    expect(ratio).toBeCloseTo((7 * 0.2 * s) / (20 * 2), 12)
  })
})

/*
 * Physics: noisy full-batch GD samples exp(−βℋ) (sgdStep's TSDoc), so at stationarity
 * E[θ_i·∇_iℋ] = D/β for every particle, with data, at any width (the generalised equipartition
 * theorem; the Boltzmann fixed point in the mean-field limit). One record of the ratio is noisy
 * (the shared residual fluctuates), so it is averaged over a long stationary stretch: 400 records
 * 25 steps apart after a burn-in of 4 relaxation times. Euler's bias at s·(curvature) ≈ 0.01 and
 * the time average's error (a few %) are covered by the 10 % band; a wrong noise scale or drift
 * convention (factor 2) lands far outside it.
 */
describe('noisy GD settles in the Boltzmann law: equipartition with data', () => {
  it('time-averaged β⟨θ·∇ℋ⟩/D is 1 within 10 %, while the data force is not negligible', () => {
    const { p, sigma, data, groups } = setup(100, 1)
    const beta = 20
    const lambda = 0.25
    const params = { alpha: 1, stepSize: 0.01, lambda, beta, train: groups }
    const noise = { a: new Float64Array(100), b: new Float64Array(100), w: new Float64Array(200) }
    const rng = new Rng(1, 'noise')
    const step = () => {
      rng.fillNormal(noise.a)
      rng.fillNormal(noise.b)
      rng.fillNormal(noise.w)
      sgdStep(p, sigma, data.x, data.y, data.n, params, noise)
    }
    for (let t = 0; t < 1600; t++) step() // t = 16 ≫ 1/(4λ) = 1
    let sum = 0
    let l2Only = 0
    const records = 400
    for (let r = 0; r < records; r++) {
      for (let t = 0; t < 25; t++) step()
      sum += equipartitionRatio(p, sigma, 1, lambda, beta, data, groups)
      let norm2 = 0
      for (const v of [p.a, p.b, p.w]) for (const x of v) norm2 += x * x
      l2Only += (beta * lambda * norm2) / (p.m * 4)
    }
    const mean = sum / records
    console.log(`equipartition ${mean.toFixed(4)}, λ part alone ${(l2Only / records).toFixed(4)}`)
    expect(Math.abs(mean - 1)).toBeLessThan(0.1)
    // the λ part alone is not 1: the data term carries a real share of the balance
    expect(Math.abs(l2Only / records - 1)).toBeGreaterThan(0.15)
  })
})
