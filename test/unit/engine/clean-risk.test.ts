import { describe, expect, it } from 'vitest'
import { createSimulation } from '@shared/engine/create-simulation'
import { experimentSpec, type ExperimentSpecInput } from '@shared/spec/experiment-spec'

/** GD on the product target y = x1·x2 + U[−σ, σ] (d = 4), a small net, few steps. */
function spec(labelNoise: number) {
  return experimentSpec.parse({
    seed: 3,
    task: { kind: 'product', dim: 4, trainSize: 100, testSize: 2000, labelNoise },
    model: { width: 20, activation: { kind: 'relu' } },
    dynamics: { kind: 'gd', stepSize: 0.05, steps: 40 },
    observe: { every: 20, snapshotEvery: 0, observables: [] },
    compute: { chunkSteps: 20 }
  } satisfies ExperimentSpecInput)
}

describe('cleanRisk: the test error against E[y | x] when the labels are noisy', () => {
  it('is recorded beside risk, short of it by the label-noise variance σ²/3', async () => {
    const sim = await createSimulation(spec(1), { backend: 'reference' })
    const recs = await sim.advance(40)
    sim.dispose()
    expect(recs.map((r) => r.step)).toEqual([0, 20, 40])
    for (const r of recs) {
      expect(Number.isFinite(r.cleanRisk)).toBe(true)
      // risk − cleanRisk = mean ε² + 2·mean ε(f* − f): 1/3 up to the test set's sampling error
      // (sd of mean ε² ≈ 0.3/√2000 ≈ 0.007, of the cross term ≈ 2·0.58·|f* − f|/√2000 ≲ 0.03)
      expect(r.risk - r.cleanRisk).toBeGreaterThan(1 / 3 - 0.06)
      expect(r.risk - r.cleanRisk).toBeLessThan(1 / 3 + 0.06)
    }
  })

  it('is absent when the labels are exact', async () => {
    const sim = await createSimulation(spec(0), { backend: 'reference' })
    const recs = await sim.advance(20)
    sim.dispose()
    for (const r of recs) expect('cleanRisk' in r).toBe(false)
  })
})
