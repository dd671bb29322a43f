import { beforeAll, describe, expect, it } from 'vitest'
import { makeActivation } from '@shared/science/activations'
import { predict } from '@shared/science/network'
import { allocParticles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'
import { sgdStep } from '@shared/science/sgd-step'
import { singleIndex } from '@shared/science/tasks/single-index'
import type { ActivationSpec, InitLaw } from '@shared/spec/experiment-spec'
import { gaussHermite, normalPdf, normalTail } from '@shared/science/pde/gaussian-quadrature'
import { piecewiseLinearForm } from '@shared/science/pde/gaussian-moments'
import { gaussianLineRule } from '@shared/science/pde/gaussian-line-rule'
import { quantiles, silvermanBandwidth } from '@shared/science/pde/radial-density'
import {
  conditionalMean,
  singleIndexDrift,
  singleIndexField,
  singleIndexRisk,
  type SingleIndexState
} from '@shared/science/pde/single-index-model'
import {
  solveSingleIndexPde,
  type SingleIndexPdeSolution
} from '@shared/science/pde/single-index-pde'

const RELU: ActivationSpec = { kind: 'relu' }
const TRUNCATED: ActivationSpec = { kind: 'truncated-relu', t1: 0.5, t2: 1.5, s1: -2.5, s2: 7.5 }
const INIT_A: InitLaw = { kind: 'sign', value: 1 }
const INIT_W = { kind: 'normal', mean: 0, std: 1, scaleByDim: false } as const

describe('single-index (a, s, r) model', () => {
  it('conditional means m(μ, v) = E σ(μ + vG) and their derivatives', () => {
    const specs: ActivationSpec[] = [
      RELU,
      TRUNCATED,
      { kind: 'erf' },
      { kind: 'tanh' },
      { kind: 'quadratic' },
      { kind: 'identity' }
    ]
    const out = new Float64Array(3)
    const hi = new Float64Array(3)
    const lo = new Float64Array(3)
    for (const spec of specs) {
      const m = conditionalMean(spec)
      const act = makeActivation(spec)
      for (const [mu, v] of [
        [0.3, 0.8],
        [-1.2, 0.4],
        [2, 1.5]
      ]) {
        m(mu, v, out)
        // reference: quadrature split at the kinks of g ↦ σ(μ + v g) (Gauss–Hermite if smooth)
        const kinks = (piecewiseLinearForm(spec)?.breaks ?? []).map((t) => (t - mu) / v)
        const { nodes, weights } = gaussianLineRule(kinks, 120)
        let ref = 0
        for (let i = 0; i < nodes.length; i++) ref += weights[i] * act.value(mu + v * nodes[i])
        // closed forms to 1e-8; tanh by the 32-point inner Gauss–Hermite rule (poles at ±iπ/2
        // limit it to ~2e-5 at v = 1.5)
        expect(Math.abs(out[0] - ref)).toBeLessThan(spec.kind === 'tanh' ? 1e-4 : 1e-8)
        const h = 1e-5
        m(mu + h, v, hi)
        m(mu - h, v, lo)
        expect(out[1]).toBeCloseTo((hi[0] - lo[0]) / (2 * h), 6)
        m(mu, v + h, hi)
        m(mu, v - h, lo)
        expect(out[2]).toBeCloseTo((hi[0] - lo[0]) / (2 * h), 6)
      }
    }
  })

  it('the kink-split line rule integrates kinked functions to 1e-7', () => {
    const rule = gaussianLineRule([0])
    let e1 = 0
    let e2 = 0
    for (let i = 0; i < rule.nodes.length; i++) {
      const g = rule.nodes[i]
      e1 += rule.weights[i] * Math.max(g, 0)
      e2 += rule.weights[i] * Math.max(g, 0) * Math.exp(g)
    }
    expect(Math.abs(e1 - normalPdf(0))).toBeLessThan(1e-9)
    // the widest panel [4.5, 7] limits e^G-weighted integrands to ~1e-8
    // E[G₊ e^G] = e^{1/2} E(Z + 1)₊ = e^{1/2}(φ(1) + Φ(1))
    expect(Math.abs(e2 - Math.exp(0.5) * (normalPdf(1) + 1 - normalTail(1)))).toBeLessThan(1e-7)
    // plain Gauss–Hermite of the same order is far off on the kink (why the split rule exists)
    const gh = gaussHermite(rule.nodes.length)
    let e3 = 0
    for (let i = 0; i < gh.nodes.length; i++) e3 += gh.weights[i] * Math.max(gh.nodes[i], 0)
    expect(Math.abs(e3 - normalPdf(0))).toBeGreaterThan(1e-6)
  })

  it('is a gradient flow: dR/dt = −mean |drift|² (a and w trained)', () => {
    for (const [link, student] of [
      [RELU, RELU],
      [{ kind: 'tanh' }, { kind: 'tanh' }]
    ] as ActivationSpec[][]) {
      const h = 1e-3
      const sol = solveSingleIndexPde({
        d: 20,
        link,
        student,
        initA: INIT_A,
        initW: INIT_W,
        particles: 100,
        tEnd: 2 + h,
        dt: 0.05,
        seed: 4,
        record: [2 - h, 2, 2 + h]
      })
      const z = sol.state[1]
      const k: SingleIndexState = {
        a: new Float64Array(100),
        s: new Float64Array(100),
        r: new Float64Array(100)
      }
      singleIndexDrift(sol.model, z, k)
      let dissipation = 0
      for (let p = 0; p < 100; p++) dissipation += (k.a[p] ** 2 + k.s[p] ** 2 + k.r[p] ** 2) / 100
      const dRdt = (sol.risk[2] - sol.risk[0]) / (2 * h)
      expect(dRdt).toBeLessThan(0)
      expect(Math.abs(dRdt + dissipation)).toBeLessThan(1e-4 * dissipation)
    }
  })
})

/*
 * SGD vs the (a, s, r) PDE at a CI size: d = 50, M = 200, Gaussian inputs N(0, I/d), a = ±1,
 * w ~ N(0, I) (pre-activations of order 1), both layers train, one-pass SGD with s = 0.005 to
 * t = 20 (4000 steps). Over t = 20 the weights move by O(1) along w* (s) while a moves by O(1).
 */
const D = 50
const M = 200
const STEP = 0.005
const TIMES = [0, 5, 20]
const PS = [0.1, 0.5, 0.9]
const N = 400

interface SgdRecord {
  risk: number[]
  riskSe: number[]
  state: SingleIndexState[]
}

function runSgd(link: ActivationSpec, student: ActivationSpec, seed: number): SgdRecord {
  const task = singleIndex({ d: D, link: makeActivation(link), inputs: 'gaussian', noiseStd: 0 }, 5)
  const wstar = task.planted!
  const sigma = makeActivation(student)
  const init = new Rng(seed, 'init')
  const p = allocParticles(M, D)
  for (let i = 0; i < M; i++) p.a[i] = init.sign()
  for (let i = 0; i < M * D; i++) p.w[i] = init.normal()
  const test = task.sample(new Rng(99, 'test'), 4000)
  const data = new Rng(seed, 'data')
  const params = {
    alpha: 1,
    stepSize: STEP,
    lambda: 0,
    beta: Infinity,
    train: { a: true, b: false, w: true }
  }
  const out: SgdRecord = { risk: [], riskSe: [], state: [] }
  let k = 0
  for (const t of TIMES) {
    for (const kEnd = Math.round(t / STEP); k < kEnd; k++) {
      const b = task.sample(data, 1)
      sgdStep(p, sigma, b.x, b.y, 1, params)
    }
    const f = predict(p, sigma, 1, test.x, test.n)
    const e = Array.from(f, (fk, j) => (test.y[j] - fk) ** 2)
    const mean = e.reduce((a, b) => a + b, 0) / e.length
    out.risk.push(mean)
    out.riskSe.push(Math.sqrt(e.reduce((a, b) => a + (b - mean) ** 2, 0) / e.length / e.length))
    const z: SingleIndexState = {
      a: p.a.slice(),
      s: new Float64Array(M),
      r: new Float64Array(M)
    }
    for (let i = 0; i < M; i++) {
      let s = 0
      let n2 = 0
      for (let j = 0; j < D; j++) {
        s += (p.w[i * D + j] * wstar[j]) / Math.sqrt(D)
        n2 += p.w[i * D + j] ** 2
      }
      z.s[i] = s
      z.r[i] = Math.sqrt(Math.max(n2 - s * s, 0))
    }
    out.state.push(z)
  }
  return out
}

/** sd of the M-particle risk from the law of the PDE particles (delta method in F(g)). */
function riskSd(sol: SingleIndexPdeSolution, index: number, m: number): number {
  const z = sol.state[index]
  const f = singleIndexField(sol.model, z)
  const { weights } = sol.model.rule
  const Q = weights.length
  const n = z.a.length
  const v = Array.from({ length: n }, (_, p) => {
    let s = 0
    for (let k = 0; k < Q; k++) s += 2 * weights[k] * f.gap[k] * z.a[p] * f.m[p * Q + k]
    return s
  })
  const mean = v.reduce((a, b) => a + b, 0) / n
  return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / n / m)
}

/** Gaussian-kernel density of `samples` at x (Silverman bandwidth). */
function density(samples: ArrayLike<number>, x: number): number {
  const h = silvermanBandwidth(samples)
  let s = 0
  for (let i = 0; i < samples.length; i++) s += Math.exp(-0.5 * ((x - samples[i]) / h) ** 2)
  return s / (samples.length * h * Math.sqrt(2 * Math.PI))
}

const meanOf = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0) / x.length

for (const [name, link, student] of [
  ['ReLU link, ReLU student', RELU, RELU],
  ['tanh link, erf student', { kind: 'tanh' }, { kind: 'erf' }]
] as [string, ActivationSpec, ActivationSpec][]) {
  describe(`SGD vs the (a, s, r) PDE (single index, ${name}, CI size)`, () => {
    let pde: SingleIndexPdeSolution
    let sgd: SgdRecord
    beforeAll(() => {
      pde = solveSingleIndexPde({
        d: D,
        link,
        student,
        initA: INIT_A,
        initW: INIT_W,
        particles: N,
        tEnd: 20,
        dt: 0.1,
        seed: 1,
        record: TIMES
      })
      sgd = runSgd(link, student, 1)
      const fmt = (xs: number[]) => xs.map((x) => x.toFixed(3)).join('/')
      TIMES.forEach((t, i) => {
        const [zs, zp] = [sgd.state[i], pde.state[i]]
        console.info(
          `${name} t=${t}: SGD risk ${sgd.risk[i].toFixed(4)} ± ${sgd.riskSe[i].toFixed(4)}, ` +
            `PDE ${pde.risk[i].toFixed(4)} (+1/M ${singleIndexRisk(pde.model, zp, M).toFixed(4)}, ` +
            `sd ${riskSd(pde, i, M).toFixed(4)}); mean a ${meanOf(zs.a).toFixed(3)} vs ` +
            `${meanOf(zp.a).toFixed(3)}; s q ${fmt(quantiles(zs.s, PS))} vs ${fmt(quantiles(zp.s, PS))}` +
            `; r q ${fmt(quantiles(zs.r, PS))} vs ${fmt(quantiles(zp.r, PS))}; ` +
            `mean a·s ${meanOf(zs.a.map((a, j) => a * zs.s[j])).toFixed(3)} vs ` +
            `${meanOf(zp.a.map((a, j) => a * zp.s[j])).toFixed(3)}`
        )
      })
    })

    it('SGD risk lies in [PDE risk, PDE risk + 1/M self term] within noise', () => {
      TIMES.forEach((_, i) => {
        const withSelf = singleIndexRisk(pde.model, pde.state[i], M)
        // finite-M sampling of both particle sets ⊕ test-set noise, + 0.01 for the O(s) step bias
        const sd = Math.hypot(riskSd(pde, i, M), riskSd(pde, i, N), sgd.riskSe[i])
        expect(sgd.risk[i]).toBeGreaterThan(pde.risk[i] - 4 * sd - 0.01)
        expect(sgd.risk[i]).toBeLessThan(withSelf + 4 * sd + 0.01)
      })
      // the dynamics did something: the risk fell by more than half
      expect(pde.risk[TIMES.length - 1]).toBeLessThan(0.5 * pde.risk[0])
    })

    it('quantiles of s and r, and the means of a and a·s, match within sampling bands', () => {
      TIMES.forEach((_, i) => {
        const [zs, zp] = [sgd.state[i], pde.state[i]]
        for (const c of ['s', 'r'] as const) {
          const qs = quantiles(zs[c], PS)
          const qp = quantiles(zp[c], PS)
          PS.forEach((p, j) => {
            // two independent samples (M SGD neurons, N PDE particles): sd of the difference of
            // the p-quantiles ≈ √(p(1−p)(1/M + 1/N))/ρ(q_p); + 0.1 for the O(√(s·t)) SGD diffusion
            const band =
              (4 * Math.sqrt(p * (1 - p) * (1 / M + 1 / N))) / density(zp[c], qp[j]) + 0.1
            expect(Math.abs(qs[j] - qp[j])).toBeLessThan(band)
          })
        }
        for (const g of [
          (z: SingleIndexState, j: number) => z.a[j],
          (z: SingleIndexState, j: number) => z.a[j] * z.s[j]
        ]) {
          const vs = Array.from(zs.a, (_, j) => g(zs, j))
          const vp = Array.from(zp.a, (_, j) => g(zp, j))
          const sdp = Math.sqrt(meanOf(vp.map((x) => (x - meanOf(vp)) ** 2)))
          expect(Math.abs(meanOf(vs) - meanOf(vp))).toBeLessThan(
            4 * sdp * Math.sqrt(1 / M + 1 / N) + 0.05
          )
        }
      })
    })

    it('feature learning: the weights align with w* (mean a·s grows by far more than its noise)', () => {
      const last = TIMES.length - 1
      const as = (z: SingleIndexState) => meanOf(z.a.map((a, j) => a * z.s[j]))
      const grow = as(pde.state[last]) - as(pde.state[0])
      expect(grow).toBeGreaterThan(0.3)
      expect(as(sgd.state[last]) - as(sgd.state[0])).toBeGreaterThan(0.5 * grow)
    })
  })
}
