import { describe, expect, it } from 'vitest'
import { makeActivation } from '@shared/science/activations'
import {
  ntkGdStep,
  ntkInit,
  ntkLoss,
  ntkPredict,
  ntkSgdStepSize
} from '@shared/science/dynamics/ntk-lazy'
import { ntkGram } from '@shared/science/kernels/ntk-gram'
import { predict } from '@shared/science/network'
import { cloneParticles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'
import { sgdStep } from '@shared/science/sgd-step'
import { singleIndex } from '@shared/science/tasks/single-index'

const d = 4
const n = 12
const sigma = makeActivation({ kind: 'tanh' })
const task = singleIndex(
  { d, link: makeActivation({ kind: 'relu' }), inputs: 'sphere', noiseStd: 0 },
  4
)
const data = task.sample(new Rng(4, 'train'), n)

describe('NTK model of seed 003: f = (1/√m)Σ a_k σ(⟨w_k, x⟩), a = ±1, GD on ½Σ(f − y)²', () => {
  it('its prediction is the network f with α = √m, and a = ±1', () => {
    const p = ntkInit(50, d, new Rng(1, 'init'))
    expect(p.a.every((v) => v === 1 || v === -1)).toBe(true)
    const u = ntkPredict(p, sigma, data.x, n)
    const f = predict(p, sigma, Math.sqrt(50), data.x, n)
    for (let i = 0; i < n; i++) expect(u[i]).toBeCloseTo(f[i], 13)
  })

  it('a GD step equals sgdStep with α = √m, w only, s = η·n/2', () => {
    const m = 40
    const eta = 0.07
    const p = ntkInit(m, d, new Rng(2, 'init'))
    const q = cloneParticles(p)
    for (let t = 0; t < 5; t++) {
      ntkGdStep(p, sigma, data, eta)
      sgdStep(q, sigma, data.x, data.y, n, {
        alpha: Math.sqrt(m),
        stepSize: ntkSgdStepSize(eta, n),
        lambda: 0,
        beta: Infinity,
        train: { a: false, b: false, w: true }
      })
    }
    let moved = 0
    for (let i = 0; i < p.w.length; i++) {
      expect(p.w[i]).toBeCloseTo(q.w[i], 12)
      moved = Math.max(moved, Math.abs(p.w[i] - ntkInit(m, d, new Rng(2, 'init')).w[i]))
    }
    expect(moved).toBeGreaterThan(1e-3)
    expect(Array.from(p.a)).toEqual(Array.from(q.a))
  })

  it('a small step moves u by η·H(y − u) (seed 003 eq. 8) and lowers L', () => {
    const m = 60
    const eta = 1e-4
    const p = ntkInit(m, d, new Rng(3, 'init'))
    const u0 = ntkPredict(p, sigma, data.x, n)
    const H = ntkGram(p.w, p.a, m, d, sigma, data.x, n)
    const L0 = ntkLoss(p, sigma, data)
    ntkGdStep(p, sigma, data, eta)
    const u1 = ntkPredict(p, sigma, data.x, n)
    for (let i = 0; i < n; i++) {
      let pred = 0
      for (let j = 0; j < n; j++) pred += H[i * n + j] * (data.y[j] - u0[j])
      const du = u1[i] - u0[i]
      expect(Math.abs(du - eta * pred)).toBeLessThan(1e-3 * Math.abs(eta * pred) + 1e-12)
    }
    expect(ntkLoss(p, sigma, data)).toBeLessThan(L0)
  })
})
