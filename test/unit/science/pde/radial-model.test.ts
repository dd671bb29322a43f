import { describe, expect, it } from 'vitest'
import { makeActivation } from '@shared/science/activations'
import { predict } from '@shared/science/network'
import { allocParticles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'
import { twoGaussians } from '@shared/science/tasks/two-gaussians'
import type { ActivationSpec } from '@shared/spec/experiment-spec'
import { piecewiseLinearForm, rampMean } from '@shared/science/pde/gaussian-moments'
import { normalPdf } from '@shared/science/pde/gaussian-quadrature'
import {
  cosineEvenMoments,
  makeRadialModel,
  radialInteraction,
  radialMean,
  radialMeanField,
  radialPotential,
  radialRisk
} from '@shared/science/pde/radial-model'
import { sampleInitialRadii } from '@shared/science/pde/radial-density'

const TRUNCATED: ActivationSpec = { kind: 'truncated-relu', t1: 0.5, t2: 1.5, s1: -2.5, s2: 7.5 }
const DELTA = 0.8

/** ∫_a^b f by composite Simpson with n (even) intervals. */
function simpson(f: (x: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n
  let s = f(a) + f(b)
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h)
  return (s * h) / 3
}

/**
 * E σ(a Z₁) σ(b(c Z₁ + √(1−c²) Z₂)) for the truncated ReLU, directly: Z₂ in closed form
 * (E(m + sZ − t)₊ = h_{t−m}(s)), Z₁ by Simpson split at the kinks of σ(aZ₁).
 */
function pairExpectation(a: number, b: number, c: number): number {
  const form = piecewiseLinearForm(TRUNCATED)!
  const act = makeActivation(TRUNCATED)
  const sd = b * Math.sqrt(1 - c * c)
  const inner = (g: number) => {
    const m = b * c * g
    let v = form.c0 + form.slope0 * m
    for (let j = 0; j < form.breaks.length; j++)
      v += form.jumps[j] * rampMean(form.breaks[j] - m, sd)
    return v
  }
  const f = (g: number) => act.value(a * g) * inner(g) * normalPdf(g)
  const cuts = [-10, 0.5 / a, 1.5 / a, 10]
  let total = 0
  for (let i = 0; i < 3; i++) total += simpson(f, cuts[i], cuts[i + 1], 400)
  return total
}

/** u_d(r, r′) by integrating over the cosine density ∝ (1 − c²)^((d−3)/2) (docs/science.md#pde). */
function directInteraction(d: number, r: number, r2: number): number {
  const w = (c: number) => Math.pow(Math.max(1 - c * c, 0), (d - 3) / 2)
  const n = 160
  const z = simpson(w, -1, 1, n)
  let u = 0
  for (const tau of [1 + DELTA, 1 - DELTA])
    u += 0.5 * simpson((c) => w(c) * pairExpectation(tau * r, tau * r2, c), -1, 1, n)
  return u / z
}

describe('radial model of the two-Gaussians PDE (docs/science.md#pde)', () => {
  it('cosine moments: E c² = 1/d, E c⁴ = 3/(d(d+2)); d = ∞ keeps only c⁰', () => {
    const m = cosineEvenMoments(40)
    expect(m[0]).toBe(1)
    expect(m[1]).toBeCloseTo(1 / 40, 15)
    expect(m[2]).toBeCloseTo(3 / (40 * 42), 15)
    expect(Array.from(cosineEvenMoments(Infinity))).toEqual([1])
  })

  it('u_∞ = ½[q₊q₊′ + q₋q₋′] and v = −½[q₊ − q₋]', () => {
    const model = makeRadialModel({ activation: TRUNCATED, delta: DELTA })
    const [tp, tm] = model.taus
    for (const [r, r2] of [
      [0.8, 1.3],
      [2, 0.1]
    ]) {
      const expected =
        0.5 *
        (radialMean(model, tp, r) * radialMean(model, tp, r2) +
          radialMean(model, tm, r) * radialMean(model, tm, r2))
      expect(radialInteraction(model, r, r2)).toBeCloseTo(expected, 14)
      expect(radialPotential(model, r)).toBeCloseTo(
        -0.5 * (radialMean(model, tp, r) - radialMean(model, tm, r)),
        14
      )
    }
  })

  it('finite-d u_d (Mehler series) equals the integral over the cosine density', () => {
    for (const d of [10, 40]) {
      const model = makeRadialModel({ activation: TRUNCATED, delta: DELTA, d })
      const inf = makeRadialModel({ activation: TRUNCATED, delta: DELTA })
      for (const [r, r2] of [
        [0.8, 0.8],
        [1.5, 3]
      ]) {
        const direct = directInteraction(d, r, r2)
        expect(radialInteraction(model, r, r2)).toBeCloseTo(direct, 6)
        // the angular correction is real: u_d − u_∞ is far above the quadrature error
        expect(Math.abs(radialInteraction(inf, r, r2) - direct)).toBeGreaterThan(1e-3)
      }
    }
  })

  it('risk at d = ∞ is ½(1 − Q₊)² + ½(1 + Q₋)²', () => {
    const model = makeRadialModel({ activation: TRUNCATED, delta: DELTA })
    const radii = sampleInitialRadii(500, 0.8, 40, new Rng(3, 'r'))
    const field = radialMeanField(model, radii)
    const [qp, qm] = [field[0], field[1]]
    let qpDirect = 0
    let qmDirect = 0
    for (const r of radii) {
      qpDirect += radialMean(model, model.taus[0], r) / radii.length
      qmDirect += radialMean(model, model.taus[1], r) / radii.length
    }
    expect(qp).toBeCloseTo(qpDirect, 8)
    expect(qm).toBeCloseTo(qmDirect, 8)
    expect(radialRisk(model, radii)).toBeCloseTo(0.5 * (1 - qp) ** 2 + 0.5 * (1 + qm) ** 2, 12)
  })

  it('risk formula matches the Monte Carlo risk of a rotation-invariant particle system', () => {
    const d = 100
    const m = 200
    const rng = new Rng(11, 'particles')
    // a two-bump law of radii, uniform directions
    const radii = new Float64Array(m)
    for (let i = 0; i < m; i++)
      radii[i] = i % 4 === 0 ? 0.3 + 0.1 * rng.uniform() : 2 + rng.normal() * 0.3
    const p = allocParticles(m, d)
    p.a.fill(1)
    for (let i = 0; i < m; i++) {
      const g = new Float64Array(d)
      rng.fillNormal(g)
      const norm = Math.hypot(...g)
      for (let k = 0; k < d; k++) p.w[i * d + k] = (radii[i] * g[k]) / norm
    }
    const data = twoGaussians(d, DELTA).sample(new Rng(12, 'test'), 20_000)
    const f = predict(p, makeActivation(TRUNCATED), 1, data.x, data.n)
    let s1 = 0
    let s2 = 0
    for (let k = 0; k < data.n; k++) {
      const e = (data.y[k] - f[k]) ** 2
      s1 += e
      s2 += e * e
    }
    const mc = s1 / data.n
    const se = Math.sqrt((s2 / data.n - mc * mc) / data.n)
    const finite = radialRisk(makeRadialModel({ activation: TRUNCATED, delta: DELTA, d }), radii, m)
    const limit = radialRisk(makeRadialModel({ activation: TRUNCATED, delta: DELTA }), radii)
    console.info(
      `risk: Monte Carlo ${mc.toFixed(4)} ± ${se.toFixed(4)}, finite-d + 1/M self term ` +
        `${finite.toFixed(4)}, d→∞ formula ${limit.toFixed(4)}`
    )
    expect(Math.abs(mc - finite)).toBeLessThan(4 * se)
    // the d → ∞ formula without the 1/M self-interaction misses by more than the MC error
    expect(Math.abs(mc - limit)).toBeGreaterThan(Math.abs(mc - finite))
  })
})
