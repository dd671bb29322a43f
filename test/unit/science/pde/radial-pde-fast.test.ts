import { describe, expect, it } from 'vitest'
import { radialPdeOptions } from '@shared/engine/pde-overlay'
import { recordTimes } from '@shared/engine/pde-record-times'
import { quantileInitialRadii } from '@shared/science/pde/radial-density'
import {
  makeRadialModel,
  radialDrift,
  radialMeanField,
  radialRisk
} from '@shared/science/pde/radial-model'
import {
  createRadialPdeStepper,
  type RadialPdeStepperOptions
} from '@shared/science/pde/radial-pde'
import { Rng } from '@shared/science/rng'
import type { ActivationSpec } from '@shared/spec/experiment-spec'
import { presetSpec } from '@shared/spec/presets'
import {
  ReferenceMomentTable,
  referenceDrift,
  referenceQuantileRadii,
  referenceRadialPdeStepper,
  referenceRisk
} from './radial-pde-reference'

/**
 * The radial PDE's particle scheme is tuned for speed (how the moment table is read, how the
 * points are visited, how the quantile radii are found); its numbers must stay those of the scheme
 * before (radial-pde-reference.ts) up to rounding, 1e-9 relative, on the default run and on inputs
 * drawn here that nothing was tuned on.
 */
const TOL = 1e-9

function relativeGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length)
  let gap = 0
  for (let i = 0; i < a.length; i++)
    gap = Math.max(gap, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-300))
  return gap
}

/** Follows both steppers through `times`, checking risk and radii at each. */
function expectSameSolution(opts: RadialPdeStepperOptions, times: number[]): void {
  const fast = createRadialPdeStepper(opts)
  const ref = referenceRadialPdeStepper(opts)
  expect(relativeGap(fast.radii(), ref.radii())).toBeLessThan(TOL)
  for (const t of times) {
    fast.advanceTo(t)
    ref.advanceTo(t)
    const risk = ref.risk()
    expect(Number.isFinite(risk)).toBe(true)
    expect(Math.abs(fast.risk() - risk) / Math.abs(risk), `risk at t = ${t}`).toBeLessThan(TOL)
    expect(relativeGap(fast.radii(), ref.radii()), `radii at t = ${t}`).toBeLessThan(TOL)
  }
}

/** An activation drawn from `rng`: the MMN truncated ReLU with other knots, ReLU, tanh or a ramp. */
function drawActivation(rng: Rng): ActivationSpec {
  const pick = rng.int(4)
  if (pick === 0) {
    const t1 = 0.2 + 0.8 * rng.uniform()
    return {
      kind: 'truncated-relu',
      t1,
      t2: t1 + 0.5 + rng.uniform(),
      s1: -3 * rng.uniform(),
      s2: 1 + 7 * rng.uniform()
    }
  }
  if (pick === 1) return { kind: 'relu' }
  if (pick === 2) return { kind: 'tanh' }
  const a = -1 + rng.uniform()
  return {
    kind: 'piecewise-linear',
    knots: [
      [a, -rng.uniform()],
      [a + 0.5 + rng.uniform(), 0.5 + rng.uniform()],
      [a + 2 + rng.uniform(), 2 + 2 * rng.uniform()]
    ]
  }
}

describe('the fast radial PDE scheme agrees with the reference one', () => {
  it('on the default mmn-two-gaussians run, at every record time', () => {
    const spec = presetSpec('mmn-two-gaussians', { size: 'default' })
    const opts = radialPdeOptions(spec)!
    expect(opts.initialRadii).toBe('quantiles')
    const times = [...recordTimes(spec, { step: 0, time: 0 })].map((p) => p.time)
    expect(times.at(-1)).toBeGreaterThan(8)
    expectSameSolution(opts, times)
  })

  it('on drawn runs: activations, Δ, d, κ, λ, noise, sampled or quantile radii', () => {
    const rng = new Rng(20261205, 'fresh-radial-pde')
    let noisy = 0
    for (let run = 0; run < 8; run++) {
      const finite = run % 4 !== 3
      const d = finite ? 10 + rng.int(190) : Infinity
      const beta = finite && run % 3 === 1 ? 20 + 200 * rng.uniform() : Infinity
      if (Number.isFinite(beta)) noisy++
      const opts: RadialPdeStepperOptions = {
        activation: drawActivation(rng),
        delta: 0.1 + 0.8 * rng.uniform(),
        d: finite ? d : undefined,
        kappa: 0.3 + 1.7 * rng.uniform(),
        radii: 100 + rng.int(600),
        dt: Number.isFinite(beta) ? 0.005 : 0.05,
        beta,
        lambda: rng.int(2) === 0 ? 0 : 0.2 * rng.uniform(),
        seed: rng.int(1e6),
        finiteD: finite && rng.int(3) > 0,
        initialRadii: rng.int(2) === 0 ? 'sampled' : 'quantiles'
      }
      // times off the integrator's grid too (a partial last step)
      const times = Array.from({ length: 4 }, () => 3 * rng.uniform()).sort((a, b) => a - b)
      expectSameSolution(opts, times)
    }
    expect(noisy).toBeGreaterThan(0)
  })

  it('drift, mean field and risk, with radii beyond the table (its exact fallback)', () => {
    const rng = new Rng(7, 'fresh-radial-drift')
    const activation: ActivationSpec = { kind: 'truncated-relu', t1: 0.4, t2: 1.7, s1: -2, s2: 6 }
    for (const d of [25, Infinity]) {
      const model = makeRadialModel({ activation, delta: 0.6, d, sMax: 4 })
      const table = new ReferenceMomentTable(model.moments, model.coefficients.length, 4)
      // s = τ r up to 1.6·4: a fifth of the radii lie beyond sMax = 4 for τ₊, some for τ₋
      const radii = Float64Array.from({ length: 500 }, () => 4 * rng.uniform())
      const drift = new Float64Array(radii.length)
      const want = new Float64Array(radii.length)
      radialDrift(model, radii, drift, 0.1)
      referenceDrift(model, table, radii, want, 0.1, new Float64Array(4 * 500 * 40))
      expect(relativeGap(drift, want)).toBeLessThan(TOL)
      const risk = referenceRisk(model, table, radii)
      expect(Math.abs(radialRisk(model, radii) - risk) / risk).toBeLessThan(TOL)
      const field = radialMeanField(model, radii)
      const J = model.coefficients.length
      // Q₊ − Q₋ = 1 − R + ½ΣcA²: the mean field the risk was built from
      let quad = 0
      for (let k = 0; k < 2 * J; k++) quad += 0.5 * model.coefficients[k % J] * field[k] ** 2
      expect(field[0] - field[J]).toBeCloseTo(1 - risk + quad, 12)
    }
  })

  it('the table fills its grid on first use, in any order, to the numbers of a full fill', () => {
    const rng = new Rng(11, 'fresh-table')
    const activation: ActivationSpec = { kind: 'truncated-relu', t1: 0.3, t2: 1.2, s1: -1, s2: 5 }
    const model = makeRadialModel({ activation, delta: 0.5, d: 30, sMax: 8 })
    const J = model.coefficients.length
    const ref = new ReferenceMomentTable(model.moments, J, 8)
    const [v, dv, w, dw] = Array.from({ length: 4 }, () => new Float64Array(J))
    // a middle range first, then below it, above it, inside, and beyond the grid
    const ranges = [
      [3, 3.2],
      [0, 1],
      [6, 8],
      [0, 8],
      [8, 9]
    ]
    for (const [a, b] of ranges)
      for (let k = 0; k < 50; k++) {
        const x = a + (b - a) * rng.uniform()
        model.table.evaluate(x, v, dv)
        ref.evaluate(x, w, dw)
        expect(v).toEqual(w)
        expect(dv).toEqual(dw)
      }
  })

  it('quantile radii agree with bisection of the χ_d CDF to 1e-12 at every d', () => {
    for (const d of [1, 2, 3, 7, 40, 401, 5000])
      expect(
        relativeGap(quantileInitialRadii(997, 1.3, d), referenceQuantileRadii(997, 1.3, d))
      ).toBeLessThan(1e-12)
  })
})
