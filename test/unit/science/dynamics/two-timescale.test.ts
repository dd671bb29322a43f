import { describe, expect, it } from 'vitest'
import { makeActivation } from '@shared/science/activations'
import { exactSecondLayer, reducedObjective } from '@shared/science/dynamics/exact-second-layer'
import {
  firstLayerStep,
  neuronFeatureVector,
  neuronPotentialGradient,
  type NeuronPotential
} from '@shared/science/dynamics/first-layer-step'
import {
  secondLayerPotential,
  twoTimescaleObjective,
  twoTimescaleStep
} from '@shared/science/dynamics/two-timescale'
import { allocParticles, type Particles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'
import { productTarget } from '@shared/science/tasks/product-target'

function randomParticles(m: number, d: number, rng: Rng, biasStd = 0): Particles {
  const p = allocParticles(m, d)
  rng.fillNormal(p.w, 0, 1)
  if (biasStd > 0) rng.fillNormal(p.b, 0, biasStd)
  return p
}

function noiseFor(p: Particles, rng: Rng) {
  return {
    a: new Float64Array(p.m),
    b: rng.fillNormal(new Float64Array(p.m)) as Float64Array,
    w: rng.fillNormal(new Float64Array(p.m * p.d)) as Float64Array
  }
}

describe('two-timescale first variation δG/δμ(w) = −(λa/2)·a_μ(w)²', () => {
  const d = 4
  const n = 25
  const lambdaA = 0.4
  const sigma = makeActivation({ kind: 'tanh' })
  const rng = new Rng(11, 'fd')
  const p = randomParticles(30, d, rng, 0.5)
  const data = productTarget(d, 0.1).sample(new Rng(11, 'train'), n)

  it('its (w, b)-gradient matches central finite differences at μ fixed', () => {
    const fit = exactSecondLayer(p, sigma, data.x, n, lambdaA)
    const V = secondLayerPotential(fit, data.y)
    const w = rng.fillNormal(new Float64Array(d)) as Float64Array
    const b = 0.3
    const value = (ww: Float64Array, bb: number) =>
      V(neuronFeatureVector(ww, bb, sigma, data.x, n), new Float64Array(n))
    const g = neuronPotentialGradient(V, w, b, sigma, data.x, n)
    expect(g.value).toBeCloseTo(value(w, b), 14)
    expect(g.value).toBeLessThan(0)
    const h = 1e-5
    for (let l = 0; l < d; l++) {
      const up = w.slice()
      const dn = w.slice()
      up[l] += h
      dn[l] -= h
      const fd = (value(up, b) - value(dn, b)) / (2 * h)
      expect(Math.abs(g.w[l] - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)))
    }
    const fdB = (value(w, b + h) - value(w, b - h)) / (2 * h)
    expect(Math.abs(g.b - fdB)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fdB)))
  })

  it('is the particle gradient of G: M·∂G(μ̂)/∂w_k = ∇_w δG/δμ(w_k)', () => {
    const fit = exactSecondLayer(p, sigma, data.x, n, lambdaA)
    const V = secondLayerPotential(fit, data.y)
    const G = (q: Particles) =>
      reducedObjective(exactSecondLayer(q, sigma, data.x, n, lambdaA), data.y)
    const h = 1e-5
    for (const k of [0, 7, 29]) {
      const g = neuronPotentialGradient(V, p.w.subarray(k * d, k * d + d), p.b[k], sigma, data.x, n)
      for (let l = 0; l < d; l++) {
        const up = { ...p, w: p.w.slice() }
        const dn = { ...p, w: p.w.slice() }
        up.w[k * d + l] += h
        dn.w[k * d + l] -= h
        const fd = (p.m * (G(up) - G(dn))) / (2 * h)
        expect(Math.abs(g.w[l] - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)))
      }
    }
  })
})

describe('first-layer MFLD step: the poster noise convention √(2ηλ)', () => {
  it('with no data term each coordinate is OU with stationary variance λ/λw', () => {
    // w ← (1 − ηλw) w + √(2ηλ) g has exact stationary variance 2ηλ / (1 − (1 − ηλw)²) = (λ/λw)/(1 −
    // ηλw/2)
    const d = 2
    const m = 400
    const eta = 0.05
    const temperature = 0.02
    const lambdaW = 0.5
    const rng = new Rng(5, 'ou')
    const p = allocParticles(m, d)
    const zero: NeuronPotential = (_h, grad) => (grad.fill(0), 0)
    const x = new Float64Array(d)
    const params = { stepSize: eta, temperature, lambdaW, trainBias: true }
    const sigma = makeActivation({ kind: 'tanh' })
    let acc = 0
    let count = 0
    for (let s = 0; s < 1200; s++) {
      firstLayerStep(p, sigma, x, 1, zero, params, noiseFor(p, rng))
      if (s >= 400 && s % 20 === 0) {
        for (let i = 0; i < p.w.length; i++) acc += p.w[i] ** 2
        for (let i = 0; i < m; i++) acc += p.b[i] ** 2
        count += p.w.length + m
      }
    }
    const expected = temperature / lambdaW / (1 - (eta * lambdaW) / 2)
    // 40 snapshots × 1200 coords, correlated across snapshots (relaxation ~ 40 steps): a few %
    // error
    expect(acc / count / expected).toBeGreaterThan(0.93)
    expect(acc / count / expected).toBeLessThan(1.07)
  })
})

/*
 * The poster's claim: G(μ_t) + λ·Ent(μ_t) (plus the L2 part) decreases, linearly fast, to its
 * minimum. At d = 5, M = 200, n = 100 on the product target with ReLU (tanh without a bias is odd
 * and cannot fit the even x1·x2), η = 0.2, λ = 0.004, λa = λw = 0.25. Measured (seed 1): 𝒢 1.304 →
 * 0.739 by step 50, then flat within ±0.001; G 0.674 → 0.575. The k-NN entropy in R^5 on 200 points
 * fluctuates by ~0.1–0.2 nats, i.e. ~1e-3 after the factor λ, so "decreasing" is asserted up to
 * 0.005.
 */
describe('two-timescale MFLD on the product target', () => {
  it('𝒢 = G + L2 + λ·Ent falls and settles; G converges below its start', () => {
    const d = 5
    const m = 200
    const n = 100
    const params = { stepSize: 0.2, temperature: 0.004, lambdaA: 0.25, lambdaW: 0.25 }
    const data = productTarget(d, 0).sample(new Rng(1, 'train'), n)
    const sigma = makeActivation({ kind: 'relu' })
    const p = randomParticles(m, d, new Rng(1, 'init'))
    const noise = new Rng(1, 'noise')
    const total: number[] = []
    const g: number[] = []
    for (let s = 0; s <= 120; s++) {
      if (s % 10 === 0) {
        const o = twoTimescaleObjective(p, sigma, data, params)
        total.push(o.total)
        g.push(o.g)
      }
      twoTimescaleStep(p, sigma, data, params, noiseFor(p, noise))
    }
    expect(total[total.length - 1]).toBeLessThan(total[0] - 0.3)
    let best = total[0]
    for (const v of total) {
      expect(v).toBeLessThan(best + 0.005)
      best = Math.min(best, v)
    }
    // converged: the last half of the run moves G by little compared with its initial fall
    const tail = g.slice(g.length / 2)
    const spread = Math.max(...tail) - Math.min(...tail)
    expect(g[g.length - 1]).toBeLessThan(g[0] - 0.05)
    expect(spread).toBeLessThan(0.2 * (g[0] - g[g.length - 1]))
  })
})
