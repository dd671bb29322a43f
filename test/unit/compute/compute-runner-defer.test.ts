// the kernels as the CLI runs them: with relaxed SIMD's fused multiply-add where Node has it
import '../../../src-main/wasm-flags'
import { describe, expect, it } from 'vitest'
import { gemmThreadsOf } from '@shared/engine/backends/gemm-threads'
import { createSimulation } from '@shared/engine/create-simulation'
import { DivergenceError, type MetricRecord } from '@shared/engine/simulation-types'
import { presetSpec } from '@shared/spec/presets'
import { experimentSpec, type ExperimentSpec } from '@shared/spec/experiment-spec'
import { workerThreadHost } from '../../../src-main/compute/gemm-thread-host'
import type { ComputeEvent } from '../../../src-main/compute/compute-protocol'
import { ComputeRunner } from '../../../src-main/compute/compute-runner'

const threads = gemmThreadsOf(workerThreadHost, 2)

/**
 * What the runner sent: its records in order, and how the run ended; `onEvent` may send commands.
 */
async function runnerRun(
  spec: ExperimentSpec,
  onEvent: (e: ComputeEvent, runner: ComputeRunner) => void = () => {}
) {
  const events: ComputeEvent[] = []
  const runner: ComputeRunner = new ComputeRunner(
    (e) => {
      events.push(e)
      onEvent(e, runner)
    },
    { threads }
  )
  // metrics flushed after every chunk, so a command can land at a known step
  await runner.handle({ type: 'start', options: { spec, backend: 'js', metricsFlushMs: 0 } })
  const recs = events.flatMap((e) => (e.type === 'metrics' ? e.records : []))
  const end = events.find((e) => e.type === 'done' || e.type === 'error')!
  return { recs, end }
}

/** The same run driven without deferring: a record at each record step, completed there. */
async function plainRun(spec: ExperimentSpec) {
  const sim = await createSimulation(spec, { backend: 'js', threads })
  const recs: MetricRecord[] = [await sim.measure()]
  let error: unknown = null
  try {
    while (sim.step < spec.dynamics.steps)
      for (const r of await sim.advance(spec.observe.every))
        if (r.step > recs.at(-1)!.step) recs.push(r)
  } catch (e) {
    error = e
  } finally {
    sim.dispose()
  }
  return { recs, error }
}

function mmn(change: (s: ExperimentSpec) => void = () => {}): ExperimentSpec {
  const s = presetSpec('mmn-two-gaussians', { size: 'ci' })
  s.dynamics.steps = 8000
  change(s)
  return s
}

describe('the compute runner defers each record past the next chunk', () => {
  it.each([
    ['MMN online SGD with the PDE overlay (the guided run, CI size)', mmn()],
    [
      'full-batch GD with test and training risk',
      experimentSpec.parse({
        seed: 3,
        task: { kind: 'two-gaussians', dim: 10, trainSize: 300, testSize: 200, delta: 0.8 },
        model: { width: 64, activation: { kind: 'relu' } },
        dynamics: { kind: 'gd', stepSize: 0.05, steps: 100 },
        observe: { every: 10 },
        compute: { chunkSteps: 10 }
      })
    ]
  ])('%s: the records equal an undeferred run bit for bit', async (_name, spec) => {
    const plain = await plainRun(spec)
    const run = await runnerRun(spec)
    expect(plain.error).toBeNull()
    expect(run.end.type).toBe('done')
    expect(plain.recs.length).toBe(spec.dynamics.steps / spec.observe.every + 1)
    expect(run.recs).toEqual(plain.recs)
  })

  it.each([
    ['step size 1000 (runaway)', mmn((s) => void (s.dynamics.stepSize = 1000))],
    [
      'init std 10⁶ (saturated)',
      mmn((s) => void (s.model.init.w = { kind: 'normal', mean: 0, std: 1e6, scaleByDim: true }))
    ]
  ])('MMN at %s: the error names the same step, with the same message', async (_name, spec) => {
    const plain = await plainRun(spec)
    const run = await runnerRun(spec)
    expect(plain.error).toBeInstanceOf(DivergenceError)
    const err = plain.error as DivergenceError
    expect(err.step).toBeGreaterThan(0)
    expect(run.end).toMatchObject({
      type: 'error',
      name: 'DivergenceError',
      step: err.step,
      message: err.message
    })
    // the records up to the failure were sent first, and they are the undeferred run's
    expect(run.recs).toEqual(plain.recs)
  })

  it('paused mid-run, stepped by hand and resumed: no record lost or out of order', async () => {
    // without the PDE overlay: integrated in this thread, a pause's measurement between records
    // moves its float rounding at later records (with or without deferring)
    // chunks of 400 steps: the steps by hand end between records, where the pause measures
    const spec = mmn((s) => {
      s.observe.observables = []
      s.compute.chunkSteps = 400
    })
    const plain = await plainRun(spec)
    let paused = false
    const run = await runnerRun(spec, (e, runner) => {
      // pause once a few records are out, mid-chunk or not, wherever the command lands
      if (e.type === 'metrics' && e.step >= 3000 && !paused) {
        paused = true
        void runner.handle({ type: 'pause' })
      }
      if (e.type === 'status' && e.status === 'paused')
        setTimeout(() => {
          void runner.handle({ type: 'step', steps: 1500 })
          setTimeout(() => void runner.handle({ type: 'resume' }), 300)
        }, 20)
    })
    expect(paused).toBe(true)
    expect(run.end.type).toBe('done')
    const steps = run.recs.map((r) => r.step)
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1])
    // every record step's record is the undeferred run's; the others are the pause's measurements
    const atRecords = run.recs.filter((r) => r.step % spec.observe.every === 0)
    expect(atRecords).toEqual(plain.recs)
    expect(run.recs.length).toBeGreaterThan(plain.recs.length)
  })
})
