import { describe, expect, it } from 'vitest'
import { createSimulation } from '@shared/engine/create-simulation'
import { DivergenceError, type MetricRecord } from '@shared/engine/simulation-types'
import { linearAlgebraMessage, W_RUNAWAY } from '@shared/engine/simulation'
import { presetSpec } from '@shared/spec/presets'
import { experimentSpec, type ExperimentSpecInput } from '@shared/spec/experiment-spec'
import { gpuModesHere } from './gpu-modes'
import { maxRelDiff } from './particles-diff'

const here = await gpuModesHere()
for (const s of here.skipped) console.log(`simulation.test: skipping ${s}`)

/** A small two-Gaussians experiment; every test overrides what it checks. */
function spec(over: Partial<ExperimentSpecInput> = {}) {
  return experimentSpec.parse({
    seed: 7,
    task: { kind: 'two-gaussians', dim: 6, trainSize: 40, testSize: 50, delta: 0.8 },
    model: {
      width: 24,
      activation: { kind: 'tanh' },
      init: {
        a: { kind: 'normal', std: 1 },
        b: { kind: 'normal', std: 0.5 },
        w: { kind: 'normal', std: 1, scaleByDim: true }
      }
    },
    dynamics: { kind: 'gd', stepSize: 0.05, steps: 100, batchSize: 4 },
    observe: { every: 10, riskSamples: 64 },
    compute: { chunkSteps: 25 },
    ...over
  })
}

describe('driver on the reference backend', () => {
  it('records step, time, risk, trainRisk, meanNormW every observe.every steps', async () => {
    const sim = await createSimulation(spec(), { backend: 'reference' })
    const recs = await sim.advance(35)
    expect(recs.map((r) => r.step)).toEqual([0, 10, 20, 30])
    expect(sim.step).toBe(35)
    expect(sim.time).toBeCloseTo(35 * 0.05, 12)
    for (const r of recs) {
      for (const k of ['step', 'time', 'risk', 'trainRisk', 'meanNormW'])
        expect(r).toHaveProperty(k)
      expect(r.l2).toBeUndefined()
    }
    // GD on a fixed training set lowers the training risk
    const more = await sim.advance(1000)
    expect(more.at(-1)!.step).toBe(100)
    expect(more.at(-1)!.trainRisk).toBeLessThan(recs[0].trainRisk)
    expect(await sim.advance(10)).toEqual([])
    sim.dispose()
  })

  it('applies the step schedule: t = Σ s·(1 + t/t0)^(−p)', async () => {
    const sim = await createSimulation(
      spec({
        dynamics: {
          kind: 'gd',
          stepSize: 0.1,
          steps: 3,
          schedule: { kind: 'power', power: 0.5, t0: 1 }
        }
      }),
      { backend: 'reference' }
    )
    await sim.advance(3)
    let t = 0
    for (let k = 0; k < 3; k++) t += 0.1 * (1 + t) ** -0.5
    expect(sim.time).toBeCloseTo(t, 14)
  })

  it('reports l2 = (λ/2)·mean‖θ‖² when λ > 0 and keeps b ≡ 0 without bias', async () => {
    const sim = await createSimulation(
      spec({
        model: { ...spec().model, bias: false },
        dynamics: { kind: 'sgd', stepSize: 0.02, steps: 20, batchSize: 4, lambda: 0.3 }
      }),
      { backend: 'reference' }
    )
    const [r] = await sim.advance(0)
    const p = await sim.snapshot()
    let s = 0
    for (let i = 0; i < p.m; i++) {
      s += p.a[i] ** 2 + p.b[i] ** 2
      for (let j = 0; j < p.d; j++) s += p.w[i * p.d + j] ** 2
    }
    expect(r.l2).toBeCloseTo((0.3 / 2) * (s / p.m), 10)
    await sim.advance(20)
    expect(Array.from((await sim.snapshot()).b)).toEqual(new Array(24).fill(0))
  })
})

const BACKENDS = ['js', ...here.modes] as const

describe.each(BACKENDS)('%s backend against the float64 reference', (backend) => {
  // float32 storage and arithmetic: relative error ~1e-7 per operation, growing slowly over 100 steps
  const TOL_1 = 1e-5
  const TOL_100 = 2e-4
  const cases: [string, Partial<ExperimentSpecInput>][] = [
    ['gd', {}],
    ['sgd', { dynamics: { kind: 'sgd', stepSize: 0.05, steps: 100, batchSize: 4 } }],
    [
      'online-sgd, truncated ReLU, batch 1',
      {
        model: {
          width: 30,
          activation: { kind: 'truncated-relu', t1: 0.5, t2: 1.5, s1: -2.5, s2: 7.5 },
          init: {
            a: { kind: 'constant', value: 1 },
            w: { kind: 'normal', std: 0.8, scaleByDim: true }
          }
        },
        dynamics: { kind: 'online-sgd', stepSize: 1e-3, steps: 100, batchSize: 1 }
      }
    ],
    [
      'noisy sgd with λ (same host noise stream)',
      {
        dynamics: { kind: 'sgd', stepSize: 0.01, steps: 100, batchSize: 3, beta: 1e4, lambda: 0.1 },
        compute: { chunkSteps: 25, noise: 'host' }
      }
    ]
  ]
  it.each(cases)('%s: 1 step and 100 steps agree', async (_name, over) => {
    const ref = await createSimulation(spec(over), { backend: 'reference' })
    const sim = await createSimulation(spec(over), { backend })
    expect(sim.backend.actual).toBe(backend)
    await ref.advance(1)
    await sim.advance(1)
    expect(maxRelDiff(await sim.snapshot(), await ref.snapshot())).toBeLessThan(TOL_1)
    const r1 = await ref.advance(99)
    const r2 = await sim.advance(99)
    expect(maxRelDiff(await sim.snapshot(), await ref.snapshot())).toBeLessThan(TOL_100)
    expect(r2.length).toBe(r1.length)
    for (let i = 0; i < r1.length; i++)
      expect(Math.abs(r2[i].risk - r1[i].risk) / Math.max(1, r1[i].risk)).toBeLessThan(TOL_100)
  })
})

describe('reproducibility and checkpoints', () => {
  const noisy: Partial<ExperimentSpecInput> = {
    dynamics: {
      kind: 'online-sgd',
      stepSize: 0.01,
      steps: 60,
      batchSize: 2,
      beta: 100,
      lambda: 0.05
    }
  }
  it.each(['reference', ...BACKENDS] as const)(
    '%s: same spec and seed give identical metrics (noisy)',
    async (backend) => {
      const run = async () => {
        const sim = await createSimulation(spec(noisy), { backend })
        return sim.advance(60)
      }
      const a = await run()
      const b = await run()
      expect(a).toEqual(b)
      expect(a.length).toBe(7)
      const other = await (
        await createSimulation({ ...spec(noisy), seed: 8 }, { backend })
      ).advance(60)
      expect(other.at(-1)!.risk).not.toBe(a.at(-1)!.risk)
    }
  )

  it.each(['reference', ...BACKENDS] as const)(
    '%s: restore from a checkpoint continues identically',
    async (backend) => {
      const full = await createSimulation(spec(noisy), { backend })
      const whole: MetricRecord[] = [...(await full.advance(25)), ...(await full.advance(35))]
      const first = await createSimulation(spec(noisy), { backend })
      await first.advance(25)
      // through JSON as a session file would keep it: typed arrays as plain arrays
      const cp = JSON.parse(
        JSON.stringify(await first.checkpoint(), (_k, v: unknown) =>
          ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v
        )
      )
      const resumed = await createSimulation(spec(noisy), { backend, checkpoint: cp })
      expect(resumed.step).toBe(25)
      const rest = await resumed.advance(35)
      expect(rest).toEqual(whole.filter((r) => r.step > 25))
      expect(await resumed.snapshot()).toEqual(await full.snapshot())
    }
  )
})

describe('divergence', () => {
  it.each(['reference', ...BACKENDS] as const)(
    '%s: a huge step size stops with a DivergenceError naming it',
    async (backend) => {
      const sim = await createSimulation(
        spec({ dynamics: { kind: 'gd', stepSize: 500, steps: 2000 }, observe: { every: 100 } }),
        { backend }
      )
      const err = await sim.advance(2000).then(
        () => null,
        (e: unknown) => e
      )
      expect(err).toBeInstanceOf(DivergenceError)
      const msg = (err as Error).message
      expect(msg).toMatch(/step size 500 too large for width 24 with mean-field scaling/)
      const hint = Number(/try ≤ ([\d.e-]+)/.exec(msg)?.[1])
      expect(hint).toBeGreaterThan(0)
      expect(hint).toBeLessThan(500)
      expect((err as DivergenceError).step).toBeLessThan(2000)
    }
  )
})

describe('runaway particles', () => {
  it('a two-timescale run whose first layer runs away stops, though its risk stays finite', async () => {
    const runaway = presetSpec('two-timescale-kernel', { size: 'ci' })
    runaway.dynamics.stepSize = 10
    const sim = await createSimulation(runaway, { backend: 'js' })
    const err = await sim.advance(runaway.dynamics.steps).then(
      () => null,
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(DivergenceError)
    expect((err as Error).message).toMatch(
      new RegExp(
        `ran away .*grew from [\\d.]+ to [\\d.e+]+ \\(the limit is ${W_RUNAWAY} ×.*step size 10 `
      )
    )
    // the same experiment at its own step size runs to the end
    const healthy = await createSimulation(presetSpec('two-timescale-kernel', { size: 'ci' }), {
      backend: 'js'
    })
    await healthy.advance(runaway.dynamics.steps)
    expect(healthy.step).toBe(runaway.dynamics.steps)
  })

  it('a failed kernel solve names lambdaA for two-timescale dynamics, the step size otherwise', () => {
    const tt = presetSpec('two-timescale-kernel', { size: 'ci' })
    expect(linearAlgebraMessage(tt, 7, 'pivot 3')).toMatch(
      /at step 7 \(pivot 3\).*lambdaA 0\.\d+ is too small.*a larger lambdaA/
    )
    const mmn = presetSpec('mmn-two-gaussians', { size: 'ci' })
    expect(linearAlgebraMessage(mmn, 7, 'pivot 3')).toMatch(/try a step size ≤/)
    expect(linearAlgebraMessage(mmn, 7, 'pivot 3')).not.toMatch(/lambdaA/)
  })
})

describe('particle views', () => {
  it('histogram of ‖w_i‖ counts every particle on bins up to the largest norm', async () => {
    const sim = await createSimulation(spec(), { backend: 'js' })
    await sim.advance(20)
    const h = await sim.histogram(7)
    const p = await sim.snapshot()
    const norms = Array.from({ length: p.m }, (_, i) =>
      Math.hypot(...Array.from(p.w.subarray(i * p.d, (i + 1) * p.d)))
    )
    expect(h.step).toBe(20)
    expect(h.edges).toHaveLength(8)
    expect(h.counts.reduce((s, c) => s + c, 0)).toBe(p.m)
    expect(h.edges[7]).toBeGreaterThanOrEqual(Math.max(...norms))
    const inFirst = norms.filter((v) => v < h.edges[1]).length
    expect(h.counts[0]).toBe(inFirst)
    const rec = await sim.measure()
    expect(rec.meanNormW).toBeCloseTo(norms.reduce((s, v) => s + v, 0) / p.m, 5)
  })

  it('runs with the spec backend (auto) and reports what ran', async () => {
    const sim = await createSimulation(spec())
    expect(['js', 'webgpu']).toContain(sim.backend.actual)
    expect(sim.backend.requested).toBe('auto')
    expect((await sim.advance(10)).length).toBe(2)
  })
})
