import { describe, expect, it } from 'vitest'
import type { ActivationSpec } from '@shared/spec/experiment-spec'
import { makeRadialModel, radialDrift, radialRisk } from '@shared/science/pde/radial-model'
import { solveRadialPde } from '@shared/science/pde/radial-pde'
import {
  quantiles,
  radialDensity,
  radialHistogram,
  sampleInitialRadii
} from '@shared/science/pde/radial-density'
import { Rng } from '@shared/science/rng'

const TRUNCATED: ActivationSpec = { kind: 'truncated-relu', t1: 0.5, t2: 1.5, s1: -2.5, s2: 7.5 }
const base = { activation: TRUNCATED, delta: 0.8, d: 40, kappa: 0.8, seed: 5 }

describe('solveRadialPde (docs/science.md#pde)', () => {
  it('the initial radii follow (κ/√d)·χ_d: E r² = κ²', () => {
    const r = sampleInitialRadii(20_000, 0.8, 40, new Rng(1, 'x'))
    const mean2 = r.reduce((s, x) => s + x * x, 0) / r.length
    // Var r² = 2κ⁴/d, so the standard error of the mean of r² is κ²√(2/d)/√N
    expect(Math.abs(mean2 - 0.64)).toBeLessThan(4 * 0.64 * Math.sqrt(2 / 40 / 20_000))
    expect(Array.from(sampleInitialRadii(3, 0.8, Infinity, new Rng(1)))).toEqual([0.8, 0.8, 0.8])
  })

  it('is a gradient flow: dR/dt = −mean(drift²), both at d = ∞ and with u_d', () => {
    for (const finiteD of [false, true]) {
      const h = 1e-3
      const sol = solveRadialPde({
        ...base,
        radii: 400,
        tEnd: 3 + h,
        dt: 0.01,
        finiteD,
        record: [3 - h, 3, 3 + h]
      })
      const model = sol.model
      const drift = new Float64Array(400)
      radialDrift(model, sol.radii[1], drift)
      const dissipation = drift.reduce((s, v) => s + v * v, 0) / drift.length
      const dRdt = (sol.risk[2] - sol.risk[0]) / (2 * h)
      expect(dRdt).toBeLessThan(0)
      expect(dRdt).toBeCloseTo(-dissipation, 4)
    }
  })

  it('risk decreases monotonically; RK4 converges at fourth order in dt', () => {
    const record = [0, 1, 2, 4, 6, 8]
    const run = (dt: number) => solveRadialPde({ ...base, radii: 300, tEnd: 8, dt, record })
    const [coarse, mid, fine] = [run(0.04), run(0.02), run(0.01)]
    for (let i = 1; i < record.length; i++) expect(fine.risk[i]).toBeLessThan(fine.risk[i - 1])
    expect(fine.risk[record.length - 1]).toBeLessThan(0.5 * fine.risk[0])
    const gap = (a: Float64Array, b: Float64Array) =>
      a.reduce((m, v, j) => Math.max(m, Math.abs(v - b[j])), 0)
    const last = record.length - 1
    for (let i = 0; i < record.length; i++) {
      expect(Math.abs(mid.risk[i] - fine.risk[i])).toBeLessThan(1e-5)
      expect(gap(mid.radii[i], fine.radii[i])).toBeLessThan(1e-4)
    }
    // e(h) ∝ h⁴ ⇒ (e(4h) − e(h)) / (e(2h) − e(h)) = 255/15 = 17
    const ratio = gap(coarse.radii[last], fine.radii[last]) / gap(mid.radii[last], fine.radii[last])
    expect(ratio).toBeGreaterThan(10)
  })

  it('noisy scheme: with ψ ≡ 0 (identity σ) the stationary law has E r² = d/(βλ)', () => {
    const [d, beta, lambda] = [10, 2, 1]
    const sol = solveRadialPde({
      activation: { kind: 'identity' },
      delta: 0.5,
      d,
      kappa: 0.5,
      radii: 2000,
      tEnd: 3,
      dt: 2e-3,
      beta,
      lambda,
      seed: 9,
      record: [3]
    })
    const r = sol.radii[0]
    const mean2 = r.reduce((s, x) => s + x * x, 0) / r.length
    // r²βλ ~ χ²_d: Var r² = 2d/(βλ)², standard error of the mean √(2d)/(βλ√N); Euler bias O(dt)
    const se = Math.sqrt(2 * d) / (beta * lambda) / Math.sqrt(r.length)
    expect(Math.abs(mean2 - d / (beta * lambda))).toBeLessThan(4 * se + 0.02)
    // sgdStep's convention (noise √(2s/β)·g, D = 1/β) halves the stationary variance
    const half = solveRadialPde({
      activation: { kind: 'identity' },
      delta: 0.5,
      d,
      kappa: 0.5,
      radii: 2000,
      tEnd: 3,
      dt: 2e-3,
      beta,
      lambda,
      diffusion: 1 / beta,
      seed: 9,
      record: [3]
    }).radii[0]
    const half2 = half.reduce((s, x) => s + x * x, 0) / half.length
    expect(Math.abs(half2 - d / (2 * beta * lambda))).toBeLessThan(2 * se + 0.02)
    expect(() =>
      solveRadialPde({ ...base, d: undefined, radii: 2, tEnd: 1, dt: 0.1, beta: 1, record: [1] })
    ).toThrow()
  })

  it('density and histogram helpers integrate to 1', () => {
    const r = sampleInitialRadii(2000, 0.8, 40, new Rng(2))
    const grid = Array.from({ length: 401 }, (_, i) => (i * 2) / 400)
    const dens = radialDensity(r, grid)
    const mass = dens.reduce((s, v) => s + v, 0) * (2 / 400)
    expect(mass).toBeCloseTo(1, 2)
    const edges = Array.from({ length: 41 }, (_, i) => (i * 2) / 40)
    const hist = radialHistogram(r, edges)
    expect(hist.reduce((s, v) => s + v, 0) * (2 / 40)).toBeCloseTo(1, 10)
    const [q50] = quantiles(r, [0.5])
    expect(q50).toBeGreaterThan(0.7)
    expect(q50).toBeLessThan(0.9)
  })

  it('risk at finite d differs from the d → ∞ risk by the O(1/d) angular term', () => {
    const r = sampleInitialRadii(1000, 0.8, 40, new Rng(4))
    const inf = radialRisk(makeRadialModel({ activation: TRUNCATED, delta: 0.8 }), r)
    const r40 = radialRisk(makeRadialModel({ activation: TRUNCATED, delta: 0.8, d: 40 }), r)
    const r400 = radialRisk(makeRadialModel({ activation: TRUNCATED, delta: 0.8, d: 400 }), r)
    expect(r40 - inf).toBeGreaterThan(0)
    expect((r40 - inf) / (r400 - inf)).toBeGreaterThan(8)
    expect((r40 - inf) / (r400 - inf)).toBeLessThan(12)
  })
})
