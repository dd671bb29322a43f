import { describe, expect, it } from 'vitest'
import { drawStepNoiseFrom } from '@shared/engine/backends/step-noise'
import { createSimulation } from '@shared/engine/create-simulation'
import type { MetricRecord, Simulation } from '@shared/engine/simulation-types'
import { makeActivation } from '@shared/science/activations'
import { linearisedStep, setOptimalSecondLayer, twoTimescaleStep } from '@shared/science/dynamics'
import { cloneParticles, initParticles, type Particles } from '@shared/science/particles'
import { NormalStream } from '@shared/science/normal-stream'
import { langevinNoiseScale, LANGEVIN_NOISE_FACTOR } from '@shared/science/sgd-step'
import { makeTask } from '@shared/science/tasks/make-task'
import { drawTaskData } from '@shared/science/tasks/task-data'
import {
  experimentSpec,
  type ExperimentSpec,
  type ExperimentSpecInput
} from '@shared/spec/experiment-spec'

/** A small two-timescale run on the product task x1·x2 (the two-timescale presets' task). */
function twoTimescaleSpec(
  tt: Record<string, unknown> = {},
  over: Partial<ExperimentSpecInput> = {}
) {
  return experimentSpec.parse({
    seed: 3,
    task: { kind: 'product', dim: 5, trainSize: 30, testSize: 80, labelNoise: 0 },
    model: {
      width: 40,
      activation: { kind: 'tanh' },
      train: { a: true, b: false, w: true },
      bias: false,
      init: { a: { kind: 'constant', value: 0 }, w: { kind: 'normal', std: 1, scaleByDim: true } }
    },
    dynamics: {
      kind: 'two-timescale',
      stepSize: 0.2,
      steps: 20,
      twoTimescale: { lambdaA: 0.25, lambdaW: 0.25, temperature: 0.004, ...tt }
    },
    observe: { every: 5 },
    compute: { chunkSteps: 7 },
    ...over
  })
}

/** A small GD run on a teacher task; `model` overrides the network. */
function gdSpec(model: Record<string, unknown>, over: Partial<ExperimentSpecInput> = {}) {
  return experimentSpec.parse({
    seed: 5,
    task: { kind: 'teacher', dim: 4, trainSize: 30, testSize: 60, teacherWidth: 2 },
    model: {
      width: 32,
      activation: { kind: 'tanh' },
      init: {
        a: { kind: 'normal', std: 1 },
        b: { kind: 'normal', std: 0.3 },
        w: { kind: 'normal', std: 1, scaleByDim: true }
      },
      ...model
    },
    dynamics: { kind: 'gd', stepSize: 0.05, steps: 40 },
    observe: { every: 10 },
    compute: { chunkSteps: 15 },
    ...over
  })
}

async function runAll(spec: ExperimentSpec, backend: 'reference' | 'js' | 'cpu') {
  const sim = await createSimulation(spec, { backend })
  const records = await sim.advance(spec.dynamics.steps)
  const particles = await sim.snapshot()
  const report = sim.backend
  sim.dispose()
  return { records, particles, report }
}

function maxAbsDiff(p: Particles, q: Particles): number {
  let worst = 0
  for (const key of ['a', 'b', 'w'] as const)
    for (let i = 0; i < p[key].length; i++) worst = Math.max(worst, Math.abs(p[key][i] - q[key][i]))
  return worst
}

function column(records: MetricRecord[], key: string): number[] {
  return records.map((r) => r[key])
}

describe('Langevin noise scale', () => {
  it('is √(4s/β) in one place, 0 when noiseless', () => {
    expect(LANGEVIN_NOISE_FACTOR).toBe(4)
    expect(langevinNoiseScale(0.01, 50)).toBeCloseTo(Math.sqrt(0.04 / 50), 15)
    expect(langevinNoiseScale(0.01, Infinity)).toBe(0)
  })
})

describe('two-timescale dynamics', () => {
  it('js runs the float64 step and agrees with reference; gpu.js modes fall back to js', async () => {
    const spec = twoTimescaleSpec()
    const ref = await runAll(spec, 'reference')
    const js = await runAll(spec, 'js')
    expect(js.report.actual).toBe('js')
    expect(js.report.detail).toMatch(/float64.*twoTimescaleStep/)
    expect(js.records).toEqual(ref.records)
    expect(maxAbsDiff(js.particles, ref.particles)).toBe(0)
    const cpu = await createSimulation(spec, { backend: 'cpu' })
    expect(cpu.backend.actual).toBe('js')
    expect(cpu.backend.fallbackReason).toMatch(/two-timescale/)
    cpu.dispose()
    // auto does not pick a GPU even on a hardware adapter: the gpu.js kernels are SGD only
    const hardware = async () => ({
      vendor: 'nvidia',
      architecture: 'hopper',
      device: 'H100',
      description: 'test adapter',
      software: false
    })
    const auto = await createSimulation(spec, { backend: 'auto', probeAdapter: hardware })
    expect(auto.backend).toMatchObject({ requested: 'auto', actual: 'js' })
    expect(auto.backend.fallbackReason).toMatch(/SGD step only/)
    auto.dispose()
  })

  it('is the science twoTimescaleStep on the training set, and records G, d(μ), alignment', async () => {
    const spec = twoTimescaleSpec()
    const { records, particles } = await runAll(spec, 'reference')
    expect(records.map((r) => r.step)).toEqual([0, 5, 10, 15, 20])
    for (const r of records)
      for (const k of ['objective', 'dof', 'alignment']) expect(r).toHaveProperty(k)

    // the same steps by hand: training set of stream 'train', noise (seed, 'noise') on w only
    const sigma = makeActivation(spec.model.activation)
    const train = drawTaskData(spec.task, makeTask(spec.task, spec.seed), spec.seed).train
    const p = initParticles(spec.model, spec.task.dim, spec.seed)
    const rng = new NormalStream(spec.seed, 'noise')
    const noise = {
      a: new Float64Array(p.m),
      b: new Float64Array(p.m),
      w: new Float64Array(p.m * p.d)
    }
    const tt = spec.dynamics.twoTimescale
    const params = { ...tt, stepSize: spec.dynamics.stepSize, trainBias: false }
    for (let k = 0; k < spec.dynamics.steps; k++) {
      drawStepNoiseFrom(rng, noise, { a: false, b: false, w: true })
      twoTimescaleStep(p, sigma, train, params, noise)
    }
    const g = setOptimalSecondLayer(p, sigma, train, tt.lambdaA)
    expect(maxAbsDiff(particles, p)).toBeLessThan(1e-12)
    expect(records.at(-1)!.objective).toBeCloseTo(g, 12)
    // the first layer learns: G falls and the kernel aligns with the target
    expect(records.at(-1)!.objective).toBeLessThan(records[0].objective)
    expect(records.at(-1)!.alignment).toBeGreaterThan(records[0].alignment)
    expect(records[0].dof).toBeGreaterThan(0)
    expect(records[0].dof).toBeLessThan(train.n)
  })

  it('label noise: js = reference, and a checkpoint resumes both noise streams exactly', async () => {
    const spec = twoTimescaleSpec({ labelNoise: 0.5, labelNoiseMode: 'sampled' })
    const straight = await runAll(spec, 'reference')
    const js = await runAll(spec, 'js')
    expect(js.records).toEqual(straight.records)
    const first: Simulation = await createSimulation(spec, { backend: 'reference' })
    await first.advance(10)
    const cp = await first.checkpoint()
    first.dispose()
    const second = await createSimulation(spec, { backend: 'reference', checkpoint: cp })
    const rest = await second.advance(100)
    expect(rest.at(-1)).toEqual(straight.records.at(-1))
    second.dispose()
    // the label noise changes the path (it is not silently ignored)
    const clean = await runAll(twoTimescaleSpec(), 'reference')
    expect(clean.records.at(-1)!.objective).not.toBe(straight.records.at(-1)!.objective)
  })
})

describe('linearised model', () => {
  it('js = reference = the science linearisedStep from θ0; starts at the network’s risk', async () => {
    const spec = gdSpec({ linearised: true })
    const ref = await runAll(spec, 'reference')
    const js = await runAll(spec, 'js')
    expect(js.report.detail).toMatch(/linearisedStep/)
    expect(js.records).toEqual(ref.records)

    const sigma = makeActivation(spec.model.activation)
    const train = drawTaskData(spec.task, makeTask(spec.task, spec.seed), spec.seed).train
    const theta0 = initParticles(spec.model, spec.task.dim, spec.seed)
    const p = cloneParticles(theta0)
    const params = {
      alpha: 1,
      stepSize: spec.dynamics.stepSize,
      lambda: 0,
      beta: Infinity,
      train: { a: true, b: true, w: true }
    }
    for (let k = 0; k < spec.dynamics.steps; k++)
      linearisedStep(p, theta0, sigma, train.x, train.y, train.n, params)
    expect(maxAbsDiff(ref.particles, p)).toBeLessThan(1e-12)

    // f_lin(θ0) = f(θ0); after training the two models differ (the curvature of f)
    const net = await runAll(gdSpec({}), 'reference')
    expect(ref.records[0].risk).toBeCloseTo(net.records[0].risk, 12)
    expect(ref.records.at(-1)!.trainRisk).toBeLessThan(ref.records[0].trainRisk)
    expect(ref.records.at(-1)!.risk).not.toBeCloseTo(net.records.at(-1)!.risk, 6)
  })
})

describe('NTK / lazy training (α = √M, a = ±1 fixed, w only)', () => {
  it('runs on js (float32) within float tolerance of reference, and the risk falls', async () => {
    const spec = gdSpec(
      {
        width: 256,
        scaling: 'ntk',
        bias: false,
        train: { a: false, b: false, w: true },
        init: { a: { kind: 'sign', value: 1 }, w: { kind: 'normal', std: 1, scaleByDim: true } }
      },
      { dynamics: { kind: 'gd', stepSize: 0.01, steps: 40 } }
    )
    const ref = await runAll(spec, 'reference')
    const js = await runAll(spec, 'js')
    for (const p of [ref.particles, js.particles])
      expect(new Set(Array.from(p.a, Math.abs))).toEqual(new Set([1]))
    const r = column(ref.records, 'trainRisk')
    const j = column(js.records, 'trainRisk')
    for (let i = 0; i < r.length; i++) expect(Math.abs(j[i] - r[i])).toBeLessThan(1e-4 * r[0])
    expect(r.at(-1)!).toBeLessThan(0.9 * r[0])
  })
})
