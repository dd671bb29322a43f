import { describe, expect, it } from 'vitest'
import { makeActivation } from '@shared/science/activations'
import { exactSecondLayer, reducedObjective } from '@shared/science/dynamics/exact-second-layer'
import { twoTimescaleObjective } from '@shared/science/dynamics/two-timescale'
import {
  degreesOfFreedom,
  intrinsicKernel,
  kernelTargetAlignment,
  neuronFeatures
} from '@shared/science/kernels/intrinsic-kernel'
import { ntkGram, reluNtkLimit } from '@shared/science/kernels/ntk-gram'
import { minEigenvalue } from '@shared/science/kernels/symmetric-eigen'
import { freeEnergyOf } from '@shared/science/metrics/free-energy'
import { knnEntropy } from '@shared/science/metrics/knn-entropy'
import { maxAbsCosine, plantedProjection } from '@shared/science/metrics/planted-projection'
import { particleMovement } from '@shared/science/metrics/relative-movement'
import { trainedCoordinates } from '@shared/science/metrics/trained-coordinates'
import { cloneParticles, initParticles, type Particles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'
import { makeTask } from '@shared/science/tasks/make-task'
import { drawTaskData } from '@shared/science/tasks/task-data'
import {
  assertSpec,
  type ExperimentSpec,
  type ExperimentSpecInput
} from '@shared/spec/experiment-spec'
import { OBSERVABLE_COLUMNS } from '@shared/observe/observable-columns'
import {
  computeObservables,
  createObservableCache,
  ridgeShift,
  type ObservableContext
} from '@shared/observe/observables'
import { probeSet } from '@shared/observe/probe-set'

const ALL = ['freeEnergy', 'alignment', 'dof', 'ntkGram', 'movement', 'planted'] as const

/** A small run state: the spec's initial particles, and the same particles moved by noise. */
function setup(input: ExperimentSpecInput, moveBy = 0.1) {
  const spec = assertSpec(input)
  const task = makeTask(spec.task, spec.seed)
  const { train } = drawTaskData(spec.task, task, spec.seed)
  const initial = initParticles(spec.model, spec.task.dim, spec.seed)
  const particles = cloneParticles(initial)
  const rng = new Rng(7, 'test')
  for (const v of [particles.a, particles.b, particles.w])
    for (let i = 0; i < v.length; i++) v[i] += moveBy * rng.normal()
  if (!spec.model.bias) particles.b.fill(0)
  const ctx: ObservableContext = {
    particles,
    initial,
    task,
    train,
    probe: probeSet(train, spec.observe.probeSize),
    sigma: makeActivation(spec.model.activation)
  }
  return { spec, ctx }
}

const twoGaussians = (extra: Partial<ExperimentSpecInput> = {}): ExperimentSpecInput => ({
  task: { kind: 'two-gaussians', dim: 5, trainSize: 60, testSize: 10, delta: 0.5 },
  model: { width: 30, bias: true, activation: { kind: 'tanh' } },
  dynamics: { beta: 50, lambda: 0.1 },
  observe: { observables: [...ALL], probeSize: 25 },
  ...extra
})

const singleIndex = (width: number): ExperimentSpecInput => ({
  task: { kind: 'single-index', dim: 6, trainSize: 15, testSize: 10, inputs: 'sphere' },
  model: {
    width,
    activation: { kind: 'relu' },
    scaling: 'ntk',
    bias: false,
    train: { a: false, b: false, w: true },
    init: {
      a: { kind: 'sign', value: 1 },
      w: { kind: 'normal', mean: 0, std: 1, scaleByDim: false }
    }
  },
  dynamics: { kind: 'gd' },
  observe: { observables: ['ntkGram', 'planted', 'movement'], probeSize: 15 }
})

describe('computeObservables', () => {
  it('free energy columns equal freeEnergyOf on the training set when no subsampling happens', () => {
    const { spec, ctx } = setup(twoGaussians())
    const rec = computeObservables(spec, { ...ctx, maxEntropyPoints: 1000 })
    const direct = freeEnergyOf(ctx.particles, {
      sigma: ctx.sigma,
      alpha: 1,
      data: ctx.train,
      lambda: 0.1,
      beta: 50,
      groups: { a: true, b: true, w: true }
    })
    expect(rec.energy).toBeCloseTo(direct.energy, 12)
    expect(rec.l2).toBeCloseTo(direct.l2, 12)
    expect(rec.entropy).toBeCloseTo(direct.entropy, 10)
    expect(rec.freeEnergy).toBeCloseTo(direct.total, 10)
    let sq = 0
    for (const x of ctx.particles.w) sq += x * x
    expect(rec.wMeanSquare).toBeCloseTo(sq / ctx.particles.w.length, 12)
  })

  it('estimates the entropy on every ⌈M/max⌉-th particle when M exceeds maxEntropyPoints', () => {
    const { spec, ctx } = setup(twoGaussians())
    const rec = computeObservables(spec, { ...ctx, maxEntropyPoints: 10 })
    const all = trainedCoordinates(ctx.particles, { a: true, b: true, w: true })
    const dim = 7
    const some = new Float64Array(10 * dim)
    for (let i = 0; i < 10; i++) some.set(all.subarray(i * 3 * dim, (i * 3 + 1) * dim), i * dim)
    expect(rec.entropy).toBeCloseTo(knnEntropy(some, 10, dim), 10)
  })

  it('leaves out the entropy at β = ∞ and then F = energy + l2', () => {
    const { spec, ctx } = setup(twoGaussians({ dynamics: { beta: null, lambda: 0.1 } }))
    const rec = computeObservables(spec, ctx)
    expect(rec.entropy).toBeUndefined()
    expect(rec.freeEnergy).toBeCloseTo(rec.energy + rec.l2, 14)
  })

  it('alignment and dof equal the kernel functions on the probe set, c = n·λa/2', () => {
    const { spec, ctx } = setup(twoGaussians())
    const rec = computeObservables(spec, ctx)
    const { probe, particles, sigma } = ctx
    expect(probe.n).toBe(25)
    const K = intrinsicKernel(neuronFeatures(particles, sigma, probe.x, probe.n), probe.n, 30)
    expect(rec.alignment).toBeCloseTo(kernelTargetAlignment(K, probe.y, probe.n), 12)
    expect(ridgeShift(spec, 25)).toBeCloseTo((25 * 0.25) / 2, 14)
    expect(rec.dof).toBeCloseTo(degreesOfFreedom(K, probe.n, (25 * 0.25) / 2), 10)
    expect(rec.dof).toBeGreaterThan(0)
    expect(rec.dof).toBeLessThan(25)
  })

  it('ntkGram: λ_min of H(t), zero drift at θ0, and the drift relative to H(0)', () => {
    const { spec, ctx } = setup(singleIndex(40))
    const { probe, particles: p, initial, sigma } = ctx
    const H = ntkGram(p.w, p.a, p.m, p.d, sigma, probe.x, probe.n)
    const H0 = ntkGram(initial.w, initial.a, p.m, p.d, sigma, probe.x, probe.n)
    const rec = computeObservables(spec, ctx)
    expect(rec.ntkLambdaMin).toBeCloseTo(minEigenvalue(H, probe.n), 12)
    let diff = 0
    let base = 0
    for (let i = 0; i < H.length; i++) {
      diff += (H[i] - H0[i]) ** 2
      base += H0[i] ** 2
    }
    expect(rec.ntkGramDrift).toBeCloseTo(Math.sqrt(diff / base), 12)
    expect(rec.ntkGramDrift).toBeGreaterThan(0)
    const still = computeObservables(spec, { ...ctx, particles: initial })
    expect(still.ntkGramDrift).toBe(0)
  })

  it('ntkLambda0 is λ_min(H∞) for ReLU on the sphere and H(0) approaches H∞ with width', () => {
    const gaps: number[] = []
    for (const m of [20, 2000]) {
      const { spec, ctx } = setup(singleIndex(m))
      const rec = computeObservables(spec, ctx)
      const hInf = reluNtkLimit(ctx.probe.x, ctx.probe.n, ctx.probe.d)
      expect(rec.ntkLambda0).toBeCloseTo(minEigenvalue(hInf, ctx.probe.n), 12)
      gaps.push(rec.ntkLimitGap)
    }
    expect(gaps[1]).toBeLessThan(gaps[0] / 3)
  })

  it('ntkLambda0 is absent when the inputs are not unit-norm', () => {
    const { spec, ctx } = setup(
      twoGaussians({ model: { width: 10, activation: { kind: 'relu' } } })
    )
    const rec = computeObservables(spec, ctx)
    expect(rec.ntkLambdaMin).toBeDefined()
    expect(rec.ntkLambda0).toBeUndefined()
  })

  it('the cache keeps H(0) of the first call (the initial particles are read once)', () => {
    const { spec, ctx } = setup(singleIndex(30))
    const cache = createObservableCache()
    const first = computeObservables(spec, { ...ctx, cache })
    expect(cache.h0).toBeDefined()
    const fakeInitial: Particles = cloneParticles(ctx.particles)
    const second = computeObservables(spec, { ...ctx, cache, initial: fakeInitial })
    expect(second.ntkGramDrift).toBeCloseTo(first.ntkGramDrift, 14)
    const uncached = computeObservables(spec, { ...ctx, initial: fakeInitial })
    expect(uncached.ntkGramDrift).toBe(0)
  })

  it('movement and planted columns equal the metric functions', () => {
    const { spec, ctx } = setup(singleIndex(25))
    const rec = computeObservables(spec, ctx)
    const p = ctx.particles
    expect(rec.movement).toBeCloseTo(
      particleMovement(p, ctx.initial, { a: false, b: false, w: true }),
      12
    )
    const wStar = ctx.task.planted!
    expect(rec.maxCos).toBeCloseTo(maxAbsCosine(p.w, p.m, p.d, wStar), 12)
    const { s, r } = plantedProjection(p.w, p.m, p.d, wStar)
    const mean = (v: Float64Array) => v.reduce((a, b) => a + b, 0) / v.length
    expect(rec.meanS).toBeCloseTo(mean(s), 12)
    expect(rec.meanR).toBeCloseTo(mean(r), 12)
    const cos = Array.from(s, (si, i) => Math.abs(si) / Math.hypot(si, r[i]))
    expect(rec.meanAbsCos).toBeCloseTo(cos.reduce((a, b) => a + b, 0) / cos.length, 12)
    expect(rec.meanAbsCos).toBeLessThanOrEqual(rec.maxCos)
  })

  it('planted columns are absent for a task without w*', () => {
    const { spec, ctx } = setup(twoGaussians())
    expect(computeObservables(spec, ctx).maxCos).toBeUndefined()
  })

  it('two-timescale: energy = G(μ) on the training set and F = twoTimescaleObjective', () => {
    const { spec, ctx } = setup({
      task: { kind: 'product', dim: 4, trainSize: 30, testSize: 10 },
      model: { width: 40, bias: false, activation: { kind: 'relu' } },
      dynamics: {
        kind: 'two-timescale',
        twoTimescale: { lambdaA: 0.5, lambdaW: 0.3, temperature: 0.01 }
      },
      observe: { observables: ['freeEnergy', 'dof'], probeSize: 30 }
    })
    const rec = computeObservables(spec, { ...ctx, maxEntropyPoints: 1000 })
    const fit = exactSecondLayer(ctx.particles, ctx.sigma, ctx.train.x, 30, 0.5)
    expect(rec.energy).toBeCloseTo(reducedObjective(fit, ctx.train.y), 12)
    const obj = twoTimescaleObjective(ctx.particles, ctx.sigma, ctx.train, {
      stepSize: 0.1,
      temperature: 0.01,
      lambdaA: 0.5,
      lambdaW: 0.3
    })
    expect(rec.l2).toBeCloseTo(obj.l2, 12)
    expect(rec.entropy).toBeCloseTo(obj.entropy, 10)
    expect(rec.freeEnergy).toBeCloseTo(obj.total, 10)
    // probe = training set here, so dof is the d(μ) of the ridge fit the dynamics solve
    expect(rec.dof).toBeCloseTo(degreesOfFreedom(fit.kernel, 30, fit.c), 10)
  })

  it('returns only the requested observables, all named in OBSERVABLE_COLUMNS', () => {
    const { spec, ctx } = setup(twoGaussians({ observe: { observables: ['alignment'] } }))
    expect(Object.keys(computeObservables(spec, ctx))).toEqual(['alignment'])
    const every = computeObservables(setup(singleIndex(10)).spec, setup(singleIndex(10)).ctx)
    const full = setup(twoGaussians())
    const named = new Set(Object.values(OBSERVABLE_COLUMNS).flat() as string[])
    for (const rec of [every, computeObservables(full.spec, full.ctx)])
      for (const k of Object.keys(rec)) expect(named.has(k)).toBe(true)
  })
})

describe('probeSet', () => {
  it('takes the first rows of the training set, or the whole set when it is smaller', () => {
    const spec: ExperimentSpec = assertSpec(twoGaussians())
    const task = makeTask(spec.task, 1)
    const { train } = drawTaskData(spec.task, task, 1)
    const probe = probeSet(train, 10)
    expect(probe.n).toBe(10)
    expect(Array.from(probe.x)).toEqual(Array.from(train.x.subarray(0, 10 * 5)))
    expect(Array.from(probe.y)).toEqual(Array.from(train.y.subarray(0, 10)))
    expect(probeSet(train, 500)).toBe(train)
  })
})
