import { describe, expect, it } from 'vitest'
import { createSimulation } from '@shared/engine/create-simulation'
import { pdeOverlayMismatch } from '@shared/engine/pde-overlay'
import { OBSERVABLE_COLUMNS } from '@shared/observe/observable-columns'
import { experimentSpec, type ExperimentSpecInput } from '@shared/spec/experiment-spec'
import { presetSpec } from '@shared/spec/presets'

describe('observables in the records', () => {
  it('merges computeObservables’ columns into every record', async () => {
    const spec = experimentSpec.parse({
      seed: 2,
      task: { kind: 'two-gaussians', dim: 5, trainSize: 40, testSize: 40, delta: 0.8 },
      model: {
        width: 30,
        activation: { kind: 'relu' },
        init: { a: { kind: 'normal', std: 1 }, w: { kind: 'normal', std: 1, scaleByDim: true } }
      },
      dynamics: { kind: 'sgd', stepSize: 0.02, steps: 30, batchSize: 5, beta: 1000 },
      observe: {
        every: 10,
        observables: ['freeEnergy', 'alignment', 'dof', 'movement', 'ntkGram'],
        probeSize: 20
      },
      compute: { chunkSteps: 10 }
    } satisfies ExperimentSpecInput)
    const sim = await createSimulation(spec, { backend: 'js' })
    const recs = await sim.advance(30)
    sim.dispose()
    expect(recs).toHaveLength(4)
    const always = [
      ...OBSERVABLE_COLUMNS.freeEnergy,
      ...OBSERVABLE_COLUMNS.alignment,
      ...OBSERVABLE_COLUMNS.dof,
      ...OBSERVABLE_COLUMNS.movement,
      'ntkLambdaMin',
      'ntkGramDrift'
    ]
    for (const r of recs) for (const k of always) expect(Number.isFinite(r[k]), k).toBe(true)
    // movement and the NTK drift are measured from θ0, kept by the driver
    // (up to the js backend's float32 storage of θ0)
    expect(recs[0].movement).toBeLessThan(1e-6)
    expect(recs[0].ntkGramDrift).toBeLessThan(1e-5)
    expect(recs[3].movement).toBeGreaterThan(0)
    expect(recs[0]).not.toHaveProperty('pdeRisk')
  })
})

describe('PDE overlay', () => {
  it('applies to the MMN setting only', () => {
    const mmn = presetSpec('mmn-two-gaussians', { size: 'ci' })
    expect(pdeOverlayMismatch(mmn)).toBeNull()
    expect(
      pdeOverlayMismatch({ ...mmn, model: { ...mmn.model, train: { a: true, b: false, w: true } } })
    ).toMatch(/only w/)
    expect(pdeOverlayMismatch({ ...mmn, dynamics: { ...mmn.dynamics, kind: 'gd' } })).toMatch(
      /online/
    )
  })

  it('follows a run of any length as it goes: the first chunk of a 5·10⁷-step run records at once', async () => {
    // the overlay used to solve to the run's end time before the first step
    const base = presetSpec('mmn-two-gaussians', { size: 'ci' })
    const spec = experimentSpec.parse({
      ...base,
      dynamics: { ...base.dynamics, steps: 5e7 },
      observe: { ...base.observe, every: 1000, observables: ['pde'] }
    })
    const sim = await createSimulation(spec, { backend: 'js' })
    const recs = await sim.advance(2000)
    expect(recs.map((r) => r.step)).toEqual([0, 1000, 2000])
    for (const r of recs) expect(Number.isFinite(r.pdeRisk)).toBe(true)
    // t = 0.8 after 2000 steps: the PDE risk has left its start, as the SGD risk has
    expect(recs[2].pdeRisk).toBeLessThan(recs[0].pdeRisk)
    sim.dispose()
  })

  it('pdeRisk tracks the SGD risk on the CI-sized MMN run; the PDE histogram shares the edges', async () => {
    const base = presetSpec('mmn-two-gaussians', { size: 'ci' })
    const spec = experimentSpec.parse({
      ...base,
      observe: { ...base.observe, observables: ['pde'] }
    })
    const sim = await createSimulation(spec, { backend: 'js' })
    const recs = await sim.advance(spec.dynamics.steps)
    const h = await sim.histogram()
    sim.dispose()
    expect(recs).toHaveLength(21)
    const r0 = recs[0].risk
    const gaps = recs.map((r) => Math.abs(r.risk - r.pdeRisk) / r0)
    // Band 0.1 × R(0): the M = 100 network differs from its M → ∞ limit by O(1/√M) fluctuations,
    // measured ≤ 0.055 × R(0) on seeds 1–2 at M = 100 and 200, plus the 500-sample test noise
    // (≈ 0.01 × R(0)); the risk itself moves by 0.8 × R(0), so a wrong PDE (time scale, κ) fails.
    expect(Math.max(...gaps)).toBeLessThan(0.1)
    expect(recs.at(-1)!.pdeRisk).toBeLessThan(0.25 * recs[0].pdeRisk)
    expect(h.pdeCounts).toHaveLength(h.counts.length)
    const pdeTotal = h.pdeCounts!.reduce((s, c) => s + c, 0)
    // the PDE radii beyond the largest SGD norm fall outside the shared edges
    expect(pdeTotal).toBeLessThanOrEqual(spec.model.width + 1e-9)
    expect(pdeTotal).toBeGreaterThan(0.9 * spec.model.width)
    // both laws split: a cluster near 0 and one at large radius (as in MMN's figure)
    const low = (c: number[]) => c.slice(0, 4).reduce((s, v) => s + v, 0)
    expect(low(h.counts)).toBeGreaterThan(3)
    expect(low(h.pdeCounts!)).toBeGreaterThan(3)
  })
})
