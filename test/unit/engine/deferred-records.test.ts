// the kernels as the CLI runs them: with relaxed SIMD's fused multiply-add where Node has it
import '../../../src-main/wasm-flags'
import { describe, expect, it } from 'vitest'
import { gemmThreadsOf } from '@shared/engine/backends/gemm-threads'
import { createSimulation } from '@shared/engine/create-simulation'
import { DivergenceError, type MetricRecord } from '@shared/engine/simulation-types'
import { presetSpec } from '@shared/spec/presets'
import { experimentSpec, type ExperimentSpec } from '@shared/spec/experiment-spec'
import { workerThreadHost } from '../../../src-main/compute/gemm-thread-host'

const threads = gemmThreadsOf(workerThreadHost, 2)

/** Full-batch GD with a training risk, on sets large enough for the GEMM forward. */
function gdSpec(stepSize = 0.05): ExperimentSpec {
  return experimentSpec.parse({
    seed: 11,
    task: { kind: 'two-gaussians', dim: 10, trainSize: 300, testSize: 200, delta: 0.8 },
    model: { width: 64, activation: { kind: 'relu' } },
    dynamics: { kind: 'gd', stepSize, steps: 120 },
    observe: { every: 20, snapshotEvery: 0 },
    compute: { chunkSteps: 20 }
  })
}

/** The guided MMN run at its CI size: online SGD, risk on 500 samples, the PDE overlay. */
function mmnSpec(): ExperimentSpec {
  const s = presetSpec('mmn-two-gaussians', { size: 'ci' })
  s.dynamics.steps = 6000
  s.observe.snapshotEvery = 0
  return s
}

/**
 * Every record of the run (or up to its error), as the compute runner takes them: the first from
 * measure(), then advancing `chunk` steps a call (the repeated record of step 0 dropped).
 */
async function records(spec: ExperimentSpec, defer: boolean, chunk: number) {
  const sim = await createSimulation(spec, { backend: 'js', threads })
  const out: { recs: MetricRecord[]; afterChunk: number[][]; error: unknown } = {
    recs: [],
    afterChunk: [],
    error: null
  }
  const push = (got: MetricRecord[]) =>
    out.recs.push(...got.filter((r) => r.step > (out.recs.at(-1)?.step ?? -1)))
  try {
    push([await sim.measure()])
    while (sim.step < spec.dynamics.steps) {
      const got = await sim.advance(chunk, { defer })
      out.afterChunk.push(got.map((r) => r.step))
      push(got)
    }
    push(await sim.settle())
  } catch (e) {
    out.error = e
  } finally {
    sim.dispose()
  }
  return out
}

describe('deferred records (advance with defer, the js backend with a GEMM helper thread)', () => {
  it.each([
    ['full-batch GD (test and training risk)', gdSpec(), 20],
    ['MMN online SGD with the PDE overlay', mmnSpec(), 1000]
  ])('%s: the same records bit for bit, each one chunk later', async (_name, spec, chunk) => {
    const now = await records(spec, false, chunk)
    const later = await records(spec, true, chunk)
    expect(now.error).toBeNull()
    expect(later.error).toBeNull()
    expect(later.recs).toEqual(now.recs)
    expect(now.recs.length).toBe(spec.dynamics.steps / spec.observe.every + 1)
    // the record of step k comes with the advance after the one that reached k
    expect(now.afterChunk[0]).toEqual([0, chunk])
    expect(later.afterChunk[0]).toEqual([0])
    expect(later.afterChunk[1]).toEqual([chunk])
    if (spec.dynamics.kind === 'gd') expect(now.recs.at(-1)!.trainRisk).toBeGreaterThan(0)
  })

  it('an advance without defer completes the open record first', async () => {
    const spec = gdSpec()
    const sim = await createSimulation(spec, { backend: 'js', threads })
    expect((await sim.advance(20, { defer: true })).map((r) => r.step)).toEqual([0])
    await expect(sim.measure()).rejects.toThrow(/settle/)
    expect((await sim.advance(20)).map((r) => r.step)).toEqual([20, 40])
    expect(await sim.settle()).toEqual([])
    sim.dispose()
  })

  it.each([
    [
      'MMN at step size 1000 (runaway)',
      'mmn-two-gaussians',
      (s: ExperimentSpec): void => void (s.dynamics.stepSize = 1000)
    ],
    [
      'MMN at init std 10⁶ (saturated)',
      'mmn-two-gaussians',
      (s: ExperimentSpec): void =>
        void (s.model.init.w = { kind: 'normal', mean: 0, std: 1e6, scaleByDim: true })
    ],
    [
      'two-timescale at step size 10 (runaway)',
      'two-timescale-kernel',
      (s: ExperimentSpec): void => void (s.dynamics.stepSize = 10)
    ]
  ] as const)(
    '%s: stops at the same record with the same message when records are deferred',
    async (_name, preset, change) => {
      const spec = presetSpec(preset, { size: 'ci' })
      change(spec)
      const chunk = spec.compute.chunkSteps
      const now = await records(spec, false, chunk)
      const later = await records(spec, true, chunk)
      expect(now.error).toBeInstanceOf(DivergenceError)
      expect(later.error).toBeInstanceOf(DivergenceError)
      const [a, b] = [now.error as DivergenceError, later.error as DivergenceError]
      console.log(`deferred-records.test: ${a.message}`)
      expect(a.step).toBeGreaterThan(0)
      expect(b.step).toBe(a.step)
      expect(b.message).toBe(a.message)
      expect(later.recs).toEqual(now.recs)
    }
  )
})
