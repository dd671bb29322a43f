import type { Activation } from '../science/activations'
import { exactSecondLayer, reducedObjective } from '../science/dynamics/exact-second-layer'
import {
  degreesOfFreedom,
  intrinsicKernel,
  kernelTargetAlignment,
  neuronFeatures
} from '../science/kernels/intrinsic-kernel'
import { ntkGram, reluNtkLimit } from '../science/kernels/ntk-gram'
import { minEigenvalue } from '../science/kernels/symmetric-eigen'
import { equipartitionRatio } from '../science/metrics/equipartition'
import { freeEnergy } from '../science/metrics/free-energy'
import { knnEntropy } from '../science/metrics/knn-entropy'
import { l2Penalty } from '../science/metrics/l2-penalty'
import { plantedProjection } from '../science/metrics/planted-projection'
import { particleMovement } from '../science/metrics/relative-movement'
import {
  groupDim,
  trainedCoordinates,
  type ParameterGroups
} from '../science/metrics/trained-coordinates'
import { risk } from '../science/network'
import type { Dataset, Particles } from '../science/particles'
import type { TaskSampler } from '../science/tasks/task-sampler'
import { inverseTemperature, outputScale, type ExperimentSpec } from '../spec/experiment-spec'
import type { MetricRecord } from '../engine/simulation-types'

/**
 * Values computed once per run and reused by every later call (H(0), H∞). Create one per run with
 * `createObservableCache()` and pass it with every call; it is tied to the probe set it first saw.
 */
export interface ObservableCache {
  probe?: Dataset
  h0?: Float64Array
  /** λ_min(H∞)·mean(a₀²) and ‖H(0) − H∞‖_F/‖H∞‖_F; null when H∞ is not defined for the run. */
  limit?: { lambda0: number; gap: number } | null
}

/** An empty cache for one run. */
export function createObservableCache(): ObservableCache {
  return {}
}

/** What computeObservables needs besides the spec. All arrays float64 (host side). */
export interface ObservableContext {
  /** The particles now (a float64 snapshot). */
  particles: Particles
  /** The particles at step 0 (θ₀), for movement and H(0). */
  initial: Particles
  /** The run's task (its planted w* for 'planted'). */
  task: TaskSampler
  /** The probe set of the kernel observables (see probeSet): `observe.probeSize` inputs. */
  probe: Dataset
  /** The training set: the free energy's risk (and G(μ) for two-timescale dynamics) is measured on it. */
  train: Dataset
  sigma: Activation
  /** H(0) and H∞ cache; without one they are recomputed on every call. */
  cache?: ObservableCache
  /**
   * The k-NN entropy uses at most this many particles (every ⌈M/max⌉-th one), default 400: cost
   * O(max²·D) instead of O(M²·D), at the bias of the smaller sample (see knnEntropy).
   */
  maxEntropyPoints?: number
  /** k of the k-NN entropy estimator, default 1. */
  entropyK?: number
}

/** Default cap on the particles of the entropy estimate. */
export const DEFAULT_MAX_ENTROPY_POINTS = 400

/**
 * The columns of OBSERVABLE_COLUMNS for the observables in `spec.observe.observables` ('pde' is
 * left to the PDE overlay), as one metric record. Float64; cost per call at probe size n and M
 * particles: alignment/dof O(n²M + n³), ntkGram O(n²M + n³), freeEnergy O(n_train·M·d + P²·D) with
 * P = min(M, maxEntropyPoints).
 */
export function computeObservables(spec: ExperimentSpec, ctx: ObservableContext): MetricRecord {
  const want = new Set(spec.observe.observables)
  const rec: MetricRecord = {}
  if (want.has('freeEnergy')) Object.assign(rec, freeEnergyColumns(spec, ctx))
  if (want.has('alignment') || want.has('dof')) {
    const { probe, particles: p } = ctx
    const K = intrinsicKernel(neuronFeatures(p, ctx.sigma, probe.x, probe.n), probe.n, p.m)
    if (want.has('alignment')) rec.alignment = kernelTargetAlignment(K, probe.y, probe.n)
    if (want.has('dof')) rec.dof = degreesOfFreedom(K, probe.n, ridgeShift(spec, probe.n))
  }
  if (want.has('ntkGram')) Object.assign(rec, ntkColumns(spec, ctx))
  if (want.has('movement'))
    rec.movement = particleMovement(ctx.particles, ctx.initial, trainedGroups(spec))
  if (want.has('planted') && ctx.task.planted) Object.assign(rec, plantedColumns(ctx))
  return finiteOnly(rec)
}

/**
 * The ridge shift c = n·λa/2 of d(μ) on n points, λa = dynamics.twoTimescale.lambdaA (its schema
 * default 0.25 when the run is not two-timescale).
 */
export function ridgeShift(spec: ExperimentSpec, n: number): number {
  return (n * spec.dynamics.twoTimescale.lambdaA) / 2
}

/** The parameter groups that train: a, b (only when the model has biases), w. */
export function trainedGroups(spec: ExperimentSpec): ParameterGroups {
  const t = spec.model.train
  return { a: t.a, b: t.b && spec.model.bias, w: t.w }
}

function freeEnergyColumns(spec: ExperimentSpec, ctx: ObservableContext): MetricRecord {
  const p = ctx.particles
  const out: MetricRecord = { wMeanSquare: meanSquare(p.w) }
  if (spec.dynamics.kind === 'two-timescale') {
    const tt = spec.dynamics.twoTimescale
    const fit = exactSecondLayer(p, ctx.sigma, ctx.train.x, ctx.train.n, tt.lambdaA)
    const groups: ParameterGroups = { a: false, b: trainedGroups(spec).b, w: true }
    const l2 = l2Penalty(p, tt.lambdaW, groups)
    const g = reducedObjective(fit, ctx.train.y)
    out.energy = g
    out.l2 = l2
    if (tt.temperature > 0) {
      out.entropy = subsampledEntropy(p, groups, ctx)
      out.freeEnergy = g + l2 - tt.temperature * out.entropy
    } else out.freeEnergy = g + l2
    return out
  }
  const beta = inverseTemperature(spec.dynamics)
  const groups = trainedGroups(spec)
  const alpha = outputScale(spec.model)
  const r = risk(p, ctx.sigma, alpha, ctx.train)
  const l2 = l2Penalty(p, spec.dynamics.lambda, groups)
  const entropy = Number.isFinite(beta) ? subsampledEntropy(p, groups, ctx) : NaN
  const parts = freeEnergy(r, l2, entropy, beta)
  out.energy = parts.energy
  out.l2 = parts.l2
  if (Number.isFinite(beta)) {
    out.entropy = parts.entropy
    const lambda = spec.dynamics.lambda
    out.equipartition = equipartitionRatio(p, ctx.sigma, alpha, lambda, beta, ctx.train, groups)
  }
  out.freeEnergy = parts.total
  return out
}

function subsampledEntropy(p: Particles, groups: ParameterGroups, ctx: ObservableContext): number {
  const dim = groupDim(p.d, groups)
  const all = trainedCoordinates(p, groups)
  const cap = Math.max(2, ctx.maxEntropyPoints ?? DEFAULT_MAX_ENTROPY_POINTS)
  const stride = Math.ceil(p.m / Math.min(p.m, cap))
  const n = Math.ceil(p.m / stride)
  const some = new Float64Array(n * dim)
  for (let i = 0; i < n; i++)
    some.set(all.subarray(i * stride * dim, (i * stride + 1) * dim), i * dim)
  return knnEntropy(some, n, dim, ctx.entropyK ?? 1)
}

function ntkColumns(spec: ExperimentSpec, ctx: ObservableContext): MetricRecord {
  const { probe, sigma } = ctx
  const cache = ctx.cache && ctx.cache.probe === probe ? ctx.cache : freshCache(ctx)
  const gram = (q: Particles) => ntkGram(q.w, q.a, q.m, q.d, sigma, probe.x, probe.n)
  cache.h0 ??= gram(ctx.initial)
  const h = gram(ctx.particles)
  const out: MetricRecord = {
    ntkLambdaMin: minEigenvalue(h, probe.n),
    ntkGramDrift: relativeFrobenius(h, cache.h0)
  }
  if (cache.limit === undefined) cache.limit = limitColumns(spec, ctx, cache.h0)
  if (cache.limit) {
    out.ntkLambda0 = cache.limit.lambda0
    out.ntkLimitGap = cache.limit.gap
  }
  return out
}

function freshCache(ctx: ObservableContext): ObservableCache {
  const cache: ObservableCache = ctx.cache ?? {}
  cache.probe = ctx.probe
  cache.h0 = undefined
  cache.limit = undefined
  return cache
}

/**
 * H∞ scaled by mean(a₀²): defined for ReLU, a centred isotropic Gaussian init of w (σ′ of ReLU does
 * not see the scale of w) and unit-norm probe inputs (the sphere task), as in seed 003.
 */
function limitColumns(
  spec: ExperimentSpec,
  ctx: ObservableContext,
  h0: Float64Array
): { lambda0: number; gap: number } | null {
  const init = spec.model.init.w
  if (spec.model.activation.kind !== 'relu') return null
  if (init.kind !== 'normal' || init.mean !== 0 || !(init.std > 0)) return null
  const { probe } = ctx
  for (let i = 0; i < probe.n; i++) {
    let s = 0
    for (let l = 0; l < probe.d; l++) s += probe.x[i * probe.d + l] ** 2
    if (Math.abs(s - 1) > 1e-9) return null
  }
  const a0 = meanSquare(ctx.initial.a)
  const hInf = reluNtkLimit(probe.x, probe.n, probe.d).map((v) => v * a0)
  return { lambda0: minEigenvalue(hInf, probe.n), gap: relativeFrobenius(h0, hInf) }
}

function plantedColumns(ctx: ObservableContext): MetricRecord {
  const p = ctx.particles
  const { s, r } = plantedProjection(p.w, p.m, p.d, ctx.task.planted!)
  let maxCos = 0
  let sumCos = 0
  let sumS = 0
  let sumR = 0
  for (let i = 0; i < p.m; i++) {
    const norm = Math.hypot(s[i], r[i])
    const cos = norm > 0 ? Math.abs(s[i]) / norm : 0
    maxCos = Math.max(maxCos, cos)
    sumCos += cos
    sumS += s[i]
    sumR += r[i]
  }
  return { maxCos, meanAbsCos: sumCos / p.m, meanS: sumS / p.m, meanR: sumR / p.m }
}

function relativeFrobenius(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0
  let base = 0
  for (let i = 0; i < a.length; i++) {
    diff += (a[i] - b[i]) ** 2
    base += b[i] ** 2
  }
  return Math.sqrt(diff / base)
}

function meanSquare(v: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < v.length; i++) s += v[i] * v[i]
  return v.length ? s / v.length : 0
}

// A record must stay JSON-safe: an undefined value (e.g. −∞ entropy of coincident points) is dropped.
function finiteOnly(rec: MetricRecord): MetricRecord {
  for (const k of Object.keys(rec)) if (!Number.isFinite(rec[k])) delete rec[k]
  return rec
}
