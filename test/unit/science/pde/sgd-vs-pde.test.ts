import { beforeAll, describe, expect, it } from 'vitest'
import { makeActivation } from '@shared/science/activations'
import { predict } from '@shared/science/network'
import { allocParticles, type Dataset } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'
import { sgdStep } from '@shared/science/sgd-step'
import { twoGaussians } from '@shared/science/tasks/two-gaussians'
import type { ActivationSpec } from '@shared/spec/experiment-spec'
import { quantiles, radialDensity } from '@shared/science/pde/radial-density'
import { radialMeanField, radialRisk } from '@shared/science/pde/radial-model'
import { solveRadialPde, type RadialPdeSolution } from '@shared/science/pde/radial-pde'

/*
 * CI-sized version of MMN's SGD-vs-PDE figure (docs/science.md#guided-experiments preset: d = 40, Δ = 0.8, κ = 0.8,
 * truncated ReLU, s = 1e-4 to t = 20). The preset's 200k float64 steps are too slow for CI, so we
 * keep s = 1e-4 (larger s visibly broadens the ‖w‖ law: at s = 1e-3 the 90% quantile at t = 1 is
 * 1.8 vs the PDE's 1.5, at s = 2.5e-4 it is 1.59; the bias is O(s·d) from the tangential SGD noise)
 * and stop at t = 1, i.e. 10⁴ steps, where the law has already moved from r ≈ 0.8 to r ≈ 1.4 and
 * the risk from 1.7 to 1.1.
 */
const SIGMA: ActivationSpec = { kind: 'truncated-relu', t1: 0.5, t2: 1.5, s1: -2.5, s2: 7.5 }
const D = 40
const DELTA = 0.8
const KAPPA = 0.8
const STEP = 1e-4
const TIMES = [0, 0.5, 1]
const PS = [0.1, 0.5, 0.9]

interface SgdRecord {
  m: number
  risk: number[]
  /** standard error of the test-set risk estimate, per time */
  riskSe: number[]
  radii: Float64Array[]
}

/** One-pass SGD with the reference step, MMN convention: a ≡ 1, no bias, only w trains, α = 1. */
function runSgd(m: number, seed: number, test: Dataset): SgdRecord {
  const sigma = makeActivation(SIGMA)
  const init = new Rng(seed, 'init')
  const p = allocParticles(m, D)
  p.a.fill(1)
  for (let i = 0; i < m * D; i++) p.w[i] = (KAPPA / Math.sqrt(D)) * init.normal()
  const task = twoGaussians(D, DELTA)
  const data = new Rng(seed, 'data')
  const params = {
    alpha: 1,
    stepSize: STEP,
    lambda: 0,
    beta: Infinity,
    train: { a: false, b: false, w: true }
  }
  const out: SgdRecord = { m, risk: [], riskSe: [], radii: [] }
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
    const radii = new Float64Array(m)
    for (let i = 0; i < m; i++) radii[i] = Math.hypot(...p.w.subarray(i * D, (i + 1) * D))
    out.radii.push(radii)
  }
  return out
}

/**
 * Standard deviation of the risk of M radii drawn from the PDE law (delta method at d = ∞: ∂R/∂Q₊ =
 * −(1 − Q₊), ∂R/∂Q₋ = 1 + Q₋, and Q± are means of M i.i.d. terms).
 */
function finiteMRiskSd(pde: RadialPdeSolution, index: number, m: number): number {
  const r = pde.radii[index]
  const field = radialMeanField(pde.model, r)
  const J = pde.model.coefficients.length
  const [gp, gm] = [-(1 - field[0]), 1 + field[J]]
  const [tp, tm] = pde.model.taus
  let s1 = 0
  let s2 = 0
  for (const x of r) {
    const v = gp * pde.model.moments.mean(tp * x) + gm * pde.model.moments.mean(tm * x)
    s1 += v
    s2 += v * v
  }
  const mean = s1 / r.length
  return Math.sqrt((s2 / r.length - mean * mean) / m)
}

describe('SGD vs the radial PDE (MMN two Gaussians, CI size)', () => {
  let pde: RadialPdeSolution
  let test: Dataset
  const runs: SgdRecord[] = []

  beforeAll(() => {
    pde = solveRadialPde({
      activation: SIGMA,
      delta: DELTA,
      d: D,
      kappa: KAPPA,
      radii: 2000,
      tEnd: 1,
      dt: 0.01,
      seed: 1,
      finiteD: true,
      record: TIMES
    })
    test = twoGaussians(D, DELTA).sample(new Rng(99, 'test'), 4000)
    for (const m of [100, 400]) runs.push(runSgd(m, 1, test))
    for (const run of runs)
      TIMES.forEach((t, i) => {
        const q = quantiles(run.radii[i], PS).map((x) => x.toFixed(3))
        const qp = quantiles(pde.radii[i], PS).map((x) => x.toFixed(3))
        const withSelf = radialRisk(pde.model, pde.radii[i], run.m)
        console.info(
          `M=${run.m} t=${t}: SGD risk ${run.risk[i].toFixed(4)} ± ${run.riskSe[i].toFixed(4)} ` +
            `(radial sd ${finiteMRiskSd(pde, i, run.m).toFixed(4)}), ` +
            `PDE ${pde.risk[i].toFixed(4)} ` +
            `(+1/M self term ${withSelf.toFixed(4)}); ‖w‖ q10/50/90 SGD ${q} PDE ${qp}`
        )
      })
  })

  it('SGD risk lies in [PDE risk, PDE risk + 1/M self term] within noise', () => {
    // At t = 0 the M diagonal terms U(w_i, w_i) add (1/M)·self to the M = ∞ risk; training partly
    // relaxes them (at t = 1, M = 100 the SGD risk sits mid-way), so the bias lies in [0, self/M].
    for (const run of runs)
      TIMES.forEach((_, i) => {
        const withSelf = radialRisk(pde.model, pde.radii[i], run.m)
        // 4 sd of (finite-M sampling of the radii ⊕ test-set noise) + 0.02 for the O(s·d) step bias
        const band = 4 * Math.hypot(finiteMRiskSd(pde, i, run.m), run.riskSe[i]) + 0.02
        expect(run.risk[i]).toBeGreaterThan(pde.risk[i] - band)
        expect(run.risk[i]).toBeLessThan(withSelf + band)
      })
  })

  it('‖w‖ quantiles of SGD match the PDE within the order-statistic band', () => {
    for (const run of runs)
      TIMES.forEach((_, i) => {
        const qs = quantiles(run.radii[i], PS)
        const qp = quantiles(pde.radii[i], PS)
        const dens = radialDensity(pde.radii[i], qp)
        PS.forEach((p, j) => {
          // sd of an empirical p-quantile ≈ √(p(1−p)/M)/ρ̄(q_p); + 0.04 for the O(s·d) broadening
          const band = (4 * Math.sqrt((p * (1 - p)) / run.m)) / dens[j] + 0.04
          expect(Math.abs(qs[j] - qp[j])).toBeLessThan(band)
        })
      })
  })

  it('propagation of chaos: the risk gap to the M = ∞ PDE shrinks from M = 100 to M = 400', () => {
    const gap = (run: SgdRecord) =>
      TIMES.reduce((s, _, i) => s + Math.abs(run.risk[i] - pde.risk[i]), 0) / TIMES.length
    const [g100, g400] = runs.map(gap)
    console.info(`mean |R_SGD − R_PDE|: M=100 ${g100.toFixed(4)}, M=400 ${g400.toFixed(4)}`)
    expect(g400).toBeLessThan(0.7 * g100)
  })
})
