import { runDatasets } from './run-data'
import { createObservableCache, computeObservables } from '../observe/observables'
import { probeSet } from '../observe/probe-set'
import { makeActivation } from '../science/activations'
import { exactSecondLayer, fitDegreesOfFreedom, reducedObjective } from '../science/dynamics'
import { LinearAlgebraError } from '../science/kernels/cholesky'
import { kernelTargetAlignment } from '../science/kernels/intrinsic-kernel'
import { initParticles, type Dataset, type Particles } from '../science/particles'
import { Rng } from '../science/rng'
import { scheduleFactor } from '../science/sgd-step'
import { makeTask } from '../science/tasks/make-task'
import type { TaskSampler } from '../science/tasks/task-sampler'
import { inverseTemperature, outputScale, type ExperimentSpec } from '../spec/experiment-spec'
import {
  allFinite,
  meanSqrt,
  particleStats,
  meanSquaredError,
  normHistogram,
  roundDown1,
  stableStepHint
} from './metrics'
import type {
  ChunkBatches,
  DynamicsConfig,
  ParticleBackend,
  ParticleStats,
  UpdateRule
} from './particle-backend'
import { faultPdeTimeScale, faultStepScale, type EngineFault } from './engine-fault'
import { createPdeOverlay, type PdeOverlay } from './pde-overlay'
import { createPdeOverlayAhead, type PdeOverlayAhead } from './pde-overlay-ahead'
import {
  DivergenceError,
  type BackendReport,
  type Checkpoint,
  type MetricRecord,
  type NormHistogram,
  type Simulation
} from './simulation-types'

/** The backend-independent parameters of a spec's dynamics (bias = false ⇒ b is not trained). */
export function dynamicsConfig(spec: ExperimentSpec): DynamicsConfig {
  const train = { ...spec.model.train, b: spec.model.train.b && spec.model.bias }
  return {
    m: spec.model.width,
    d: spec.task.dim,
    sigma: makeActivation(spec.model.activation),
    alpha: outputScale(spec.model),
    lambda: spec.dynamics.lambda,
    beta: inverseTemperature(spec.dynamics),
    train,
    seed: spec.seed,
    noise: spec.compute.noise,
    rule: updateRule(spec, train.b)
  }
}

/**
 * The update rule of a spec: two-timescale dynamics take precedence over `model.linearised` (the
 * two-timescale network has no Taylor model); θ0 of the linearised model is the spec's initial
 * particles, also after a resume.
 */
export function updateRule(spec: ExperimentSpec, trainBias: boolean): UpdateRule {
  if (spec.dynamics.kind === 'two-timescale') {
    const tt = spec.dynamics.twoTimescale
    return {
      kind: 'two-timescale',
      params: {
        stepSize: spec.dynamics.stepSize,
        temperature: tt.temperature,
        lambdaA: tt.lambdaA,
        lambdaW: tt.lambdaW,
        trainBias,
        labelNoise: tt.labelNoise,
        mode: tt.labelNoiseMode
      }
    }
  }
  if (spec.model.linearised)
    return { kind: 'linearised', theta0: initParticles(spec.model, spec.task.dim, spec.seed) }
  return { kind: 'sgd' }
}

/**
 * The driver: runs a spec's dynamics on any `ParticleBackend` (docs/science.md#dynamics).
 *
 * Data come from host streams of the run's seed, so every backend sees the same samples:
 * 'train' (the training set, gd/sgd), 'test' (the held-out set: `task.testSize` samples for gd/sgd
 * (science/tasks/task-data.ts; a CSV task is split by the 'split' stream instead), `observe.riskSamples` for online SGD, where it estimates the population risk), 'data' (the fresh
 * samples of online SGD, drawn in order: step k uses the k-th block of B samples), 'batch' (the
 * indices of multi-pass SGD, B uniform draws with replacement per step). Step k has size
 * s_k = s · ξ(t_k) with t_k = Σ_{j<k} s_j. Chunks end at every record step so metrics are exact.
 * Records hold `risk` on the test set (and `cleanRisk` against E[y | x] when its labels are noisy),
 * `trainRisk` for gd/sgd. Records add the two-timescale columns and `observe.observables` (computed on a float64 snapshot,
 * with the probe set and θ0 kept here), and 'pdeRisk' from the PDE overlay (radial, (r1, r2) or
 * (a, s, r): createPdeOverlay), advanced with the run.
 */
export class DriverSimulation implements Simulation {
  private stepCount = 0
  private clock = 0
  private initialRecorded = false
  /** Risk above which the run has exploded (RISK_EXPLOSION × the labels' mean square). */
  private explodeAt: number | undefined
  /** The last SATURATED_RECORDS risks, to notice a run frozen at a trivial value. */
  private recentRisks: number[] = []
  private busy = false
  private readonly task: TaskSampler
  private readonly train: Dataset | null
  private readonly test: Dataset
  /** E[y | x] on the test inputs when the test labels carry noise (for `cleanRisk`), else null. */
  private readonly testClean: Float64Array | null
  private readonly dataRng: Rng
  private readonly batchRng: Rng
  /** The observables computeObservables handles ('pde' is the overlay's). */
  private readonly observables: ExperimentSpec['observe']['observables']
  private readonly obsCache = createObservableCache()
  private probe: Dataset | null = null
  private theta0: Particles | null = null
  /** Mean ‖w‖ of the initial particles, once the runaway check needs it. */
  private startMeanNormW: number | undefined
  private pde: PdeOverlay | null
  /** The same overlay on the PDE thread, where a host runs one (pde-overlay-ahead.ts). */
  private pdeAhead: PdeOverlayAhead | null = null
  /** The deferred record begun at the last record point, completed after the next chunk. */
  private pending: RecordInProgress | null = null
  /** The particle statistics at a step (the particles move only in runChunk): a histogram reuses the record's. */
  private statsAt: { step: number; stats: ParticleStats } | null = null

  private constructor(
    readonly spec: ExperimentSpec,
    readonly backend: BackendReport,
    private readonly device: ParticleBackend,
    private readonly cfg: DynamicsConfig,
    private readonly init: Particles,
    csv?: Dataset,
    private readonly fault?: EngineFault
  ) {
    this.task = makeTask(spec.task, spec.seed, { csv })
    const data = runDatasets(spec, this.task)
    this.train = data.train
    this.test = data.test
    const clean = this.task.target?.(this.test.x, this.test.n) ?? null
    this.testClean = clean && clean.some((v, k) => v !== this.test.y[k]) ? clean : null
    this.dataRng = new Rng(spec.seed, 'data')
    this.batchRng = new Rng(spec.seed, 'batch')
    this.observables = spec.observe.observables.filter((o) => o !== 'pde')
    this.pde = spec.observe.observables.includes('pde') ? createPdeOverlay(spec) : null
  }

  /** Builds the driver on `device`, uploads the initial particles (or the checkpoint's state). */
  static async start(
    spec: ExperimentSpec,
    device: ParticleBackend,
    report: BackendReport,
    checkpoint?: Checkpoint,
    csv?: Dataset,
    fault?: EngineFault
  ): Promise<DriverSimulation> {
    const cfg = dynamicsConfig(spec)
    const init = checkpoint
      ? particlesFrom(checkpoint.particles)
      : initParticles(spec.model, cfg.d, spec.seed)
    if (init.m !== cfg.m || init.d !== cfg.d)
      throw new Error(
        `checkpoint particles are ${init.m}×${init.d}, the spec needs ${cfg.m}×${cfg.d}`
      )
    const sim = new DriverSimulation(spec, report, device, cfg, init, csv, fault)
    await device.upload(init)
    if (sim.train) await device.setTrainSet(sim.train)
    if (checkpoint) sim.resume(checkpoint)
    // the PDE on its own thread from here on, where the host has one (not under a test's fault)
    if (sim.pde && !fault) {
      sim.pdeAhead = createPdeOverlayAhead(spec, { step: sim.stepCount, time: sim.clock })
      if (sim.pdeAhead) sim.pde = sim.pdeAhead
    }
    return sim
  }

  get step(): number {
    return this.stepCount
  }

  get time(): number {
    return this.clock
  }

  async advance(steps: number, options: { defer?: boolean } = {}): Promise<MetricRecord[]> {
    if (this.busy) throw new Error('advance: the simulation is already running a chunk')
    this.busy = true
    try {
      // deferring helps only where the backend predicts beside the steps
      return await this.run(steps, options.defer === true && !!this.device.predictBegin)
    } catch (e) {
      // a kernel solve that fails is the run's state gone bad, said in terms of its settings
      if (e instanceof LinearAlgebraError)
        throw new DivergenceError(
          this.stepCount,
          linearAlgebraMessage(this.spec, this.stepCount, e.message)
        )
      throw e
    } finally {
      this.busy = false
    }
  }

  async settle(): Promise<MetricRecord[]> {
    if (!this.pending) return []
    if (this.busy) throw new Error('settle: the simulation is already running a chunk')
    this.busy = true
    try {
      return [await this.completePending()]
    } finally {
      this.busy = false
    }
  }

  private async run(steps: number, defer: boolean): Promise<MetricRecord[]> {
    // noise larger than the particles' scale every step is no experiment: stop before computing it
    const noise = langevinNoise(this.spec)
    if (noise > 1)
      throw new DivergenceError(
        this.stepCount,
        `the run cannot learn at step ${this.stepCount}: ${noiseMessage(this.spec, noise)}`
      )
    const total = this.spec.dynamics.steps
    const every = this.spec.observe.every
    const target = Math.min(total, this.stepCount + Math.max(0, Math.floor(steps)))
    const records: MetricRecord[] = []
    if (this.pending && !defer) records.push(await this.completePending())
    if (!this.initialRecorded && this.stepCount === 0) {
      records.push(await this.measure())
      this.initialRecorded = true
    }
    while (this.stepCount < target) {
      const nextRecord = (Math.floor(this.stepCount / every) + 1) * every
      const k = Math.min(
        this.spec.compute.chunkSteps,
        target - this.stepCount,
        nextRecord - this.stepCount
      )
      const stepSizes = this.stepSizes(k)
      const scale = faultStepScale(this.fault)
      await this.device.runChunk({
        stepSizes: scale === 1 ? stepSizes : stepSizes.map((s) => s * scale),
        batches: this.batches(k),
        firstStep: this.stepCount
      })
      this.backend.detail = this.device.detail
      this.stepCount += k
      for (const s of stepSizes) this.clock += s
      // the record begun before this chunk first: its checks come before this chunk's
      if (this.pending) records.push(await this.completePending())
      const stats = await this.device.stats()
      this.statsAt = { step: this.stepCount, stats }
      this.checkFinite(stats)
      if (this.stepCount % every === 0 || this.stepCount === total) {
        if (defer) this.pending = await this.beginRecord(stats, true)
        else records.push(await this.record(stats))
      }
    }
    return records
  }

  async measure(): Promise<MetricRecord> {
    if (this.pending) throw new Error('measure: settle() the deferred record first')
    const stats = await this.device.stats()
    this.checkFinite(stats)
    return this.record(stats)
  }

  async snapshot(): Promise<Particles> {
    return this.device.read()
  }

  async histogram(bins = this.spec.observe.histogramBins): Promise<NormHistogram> {
    const stats =
      this.statsAt?.step === this.stepCount ? this.statsAt.stats : await this.device.stats()
    const h = normHistogram(this.stepCount, stats.normW2, bins)
    await this.pdeAhead?.ready(this.pdeClock())
    const pde = this.pde?.countsAt(this.pdeClock(), h.edges, this.cfg.m)
    if (pde) h.pdeCounts = pde
    return h
  }

  async checkpoint(): Promise<Checkpoint> {
    return {
      step: this.stepCount,
      time: this.clock,
      particles: await this.device.read(),
      rng: {
        data: this.dataRng.save(),
        batch: this.batchRng.save(),
        noise: this.device.saveNoise()
      },
      extra: { initialRecorded: this.initialRecorded ? 1 : 0 }
    }
  }

  transfers() {
    return this.device.transfers?.()
  }

  dispose(): void {
    this.pdeAhead?.dispose()
    this.device.dispose()
  }

  private resume(cp: Checkpoint): void {
    this.statsAt = null
    this.stepCount = cp.step
    this.clock = cp.time
    this.initialRecorded = cp.extra.initialRecorded === 1 || cp.step > 0
    if (cp.rng.data) this.dataRng.restore(cp.rng.data)
    if (cp.rng.batch) this.batchRng.restore(cp.rng.batch)
    if (cp.rng.noise) this.device.restoreNoise(cp.rng.noise)
  }

  private stepSizes(k: number): Float64Array {
    const { stepSize, schedule } = this.spec.dynamics
    const out = new Float64Array(k)
    let t = this.clock
    for (let j = 0; j < k; j++) {
      out[j] = stepSize * scheduleFactor(schedule, t)
      t += out[j]
    }
    return out
  }

  private batches(k: number): ChunkBatches {
    const { kind, batchSize } = this.spec.dynamics
    if (kind === 'gd' || kind === 'two-timescale') return { kind: 'train' }
    if (kind === 'online-sgd') {
      const s = this.task.sample(this.dataRng, k * batchSize)
      return { kind: 'samples', batch: batchSize, x: s.x, y: s.y }
    }
    const train = this.train!
    const d = this.cfg.d
    const x = new Float64Array(k * batchSize * d)
    const y = new Float64Array(k * batchSize)
    for (let r = 0; r < k * batchSize; r++) {
      const idx = this.batchRng.int(train.n)
      y[r] = train.y[idx]
      x.set(train.x.subarray(idx * d, idx * d + d), r * d)
    }
    return { kind: 'samples', batch: batchSize, x, y }
  }

  private async record(stats: ParticleStats): Promise<MetricRecord> {
    return this.completeRecord(await this.beginRecord(stats, false))
  }

  /**
   * What a record takes at its step: the predictions on the test and training sets (begun beside
   * the next steps when `defer`), the particle statistics, the clocks, and with `defer` the
   * particles the two-timescale columns and observables are computed on.
   */
  private async beginRecord(stats: ParticleStats, defer: boolean): Promise<RecordInProgress> {
    const at = { step: this.stepCount, time: this.clock, pdeTime: this.pdeClock(), stats }
    const sets = this.train ? [this.test, this.train] : [this.test]
    if (!defer) {
      // the sets' joint forward where the device has one (the one a deferred record uses), else
      // one forward per set: the same numbers
      const joint = this.device.predictBeginSets?.(sets)
      const out: Float64Array[] = []
      for (let i = 0; i < sets.length; i++)
        out.push(joint ? await joint[i].collect() : await this.device.predict(sets[i].x, sets[i].n))
      const [test, train = null] = out
      return { ...at, deferred: false, test: async () => test, train: async () => train }
    }
    const [test, train = null] = this.device.predictBeginSets
      ? this.device.predictBeginSets(sets)
      : sets.map((s) => this.device.predictBegin!(s.x, s.n))
    const needsParticles = this.spec.dynamics.kind === 'two-timescale' || this.observables.length
    return {
      ...at,
      deferred: true,
      test: () => test.collect(),
      train: async () => (train ? train.collect() : null),
      particles: needsParticles ? await this.device.read() : undefined
    }
  }

  private completePending(): Promise<MetricRecord> {
    const p = this.pending!
    this.pending = null
    return this.completeRecord(p)
  }

  /** The record begun by beginRecord, with every check, in the order a record has always made them. */
  private async completeRecord(at: RecordInProgress): Promise<MetricRecord> {
    const { step, stats } = at
    const rec: MetricRecord = { step, time: at.time }
    const predicted = await at.test()
    rec.risk = meanSquaredError(this.test.y, predicted)
    // with noisy labels, the error against E[y | x] is the one a user judges generalisation by
    if (this.testClean) rec.cleanRisk = meanSquaredError(this.testClean, predicted)
    const trained = await at.train()
    if (this.train && trained) rec.trainRisk = meanSquaredError(this.train.y, trained)
    rec.meanNormW = meanSqrt(stats.normW2)
    if (Number.isFinite(this.cfg.beta) || this.cfg.lambda > 0) {
      let s = 0
      for (let i = 0; i < this.cfg.m; i++) s += stats.normW2[i] + stats.normAB2[i]
      rec.l2 = (this.cfg.lambda / 2) * (s / this.cfg.m)
    }
    if (
      !Number.isFinite(rec.risk) ||
      (rec.trainRisk !== undefined && !Number.isFinite(rec.trainRisk))
    )
      this.diverged('the risk', step)
    this.explodeAt ??= RISK_EXPLOSION * Math.max(1, meanSquare(this.test.y))
    if (rec.risk > this.explodeAt)
      throw new DivergenceError(
        step,
        riskExplosionMessage(this.spec, step, rec.risk, this.explodeAt)
      )
    this.recentRisks = [...this.recentRisks.slice(1 - SATURATED_RECORDS), rec.risk]
    if (saturated(this.recentRisks, this.explodeAt / RISK_EXPLOSION))
      throw new DivergenceError(
        step,
        saturationMessage(this.spec, step, rec.risk, this.explodeAt / RISK_EXPLOSION)
      )
    const twoTimescale = this.spec.dynamics.kind === 'two-timescale'
    if (twoTimescale || this.observables.length) {
      const p = at.particles ?? (await this.device.read())
      try {
        if (twoTimescale) Object.assign(rec, this.twoTimescaleColumns(p))
        if (this.observables.length) Object.assign(rec, this.observe(p))
      } catch (e) {
        // advance() names the current step for a failed solve; a deferred record names its own
        if (at.deferred && e instanceof LinearAlgebraError)
          throw new DivergenceError(step, linearAlgebraMessage(this.spec, step, e.message))
        throw e
      }
    }
    // after the kernel solves: a solve that fails names lambdaA as well as the step size
    if (rec.meanNormW > W_RUNAWAY) this.checkRunaway(rec.meanNormW, step)
    await this.pdeAhead?.ready(at.pdeTime)
    const pdeRisk = this.pde?.riskAt(at.pdeTime)
    if (pdeRisk !== undefined) rec.pdeRisk = pdeRisk
    return rec
  }

  /**
   * Throws when the first-layer weights ran away: mean ‖w‖ above W_RUNAWAY × max(1, its start).
   * The risk of such a run can stay finite and unremarkable (the exact second layer of
   * two-timescale dynamics refits whatever kernel is left) while the particles mean nothing.
   * Checked only past W_RUNAWAY, so the initial particles are drawn again only then, and once.
   */
  private checkRunaway(meanNormW: number, step: number): void {
    this.theta0 ??= initParticles(this.spec.model, this.cfg.d, this.spec.seed)
    const start = (this.startMeanNormW ??= meanSqrt(particleStats(this.theta0).normW2))
    if (meanNormW > W_RUNAWAY * Math.max(1, start))
      throw new DivergenceError(step, runawayMessage(this.spec, step, start, meanNormW))
  }

  /** The time the PDE overlay is read at: the run's clock (a test's fault scales it). */
  private pdeClock(): number {
    return this.clock * faultPdeTimeScale(this.fault)
  }

  /** G(μ), d(μ) and the kernel–target alignment of K_μ, on the training set. */
  private twoTimescaleColumns(p: Particles): MetricRecord {
    const train = this.train ?? this.test
    const fit = exactSecondLayer(
      p,
      this.cfg.sigma,
      train.x,
      train.n,
      this.spec.dynamics.twoTimescale.lambdaA
    )
    return {
      objective: reducedObjective(fit, train.y),
      dof: fitDegreesOfFreedom(fit),
      alignment: kernelTargetAlignment(fit.kernel, train.y, train.n)
    }
  }

  /** The requested observables (observe/observables.ts) of the particles p. */
  private observe(p: Particles): MetricRecord {
    const train = this.train ?? this.test
    this.probe ??= probeSet(train, this.spec.observe.probeSize)
    this.theta0 ??= initParticles(this.spec.model, this.cfg.d, this.spec.seed)
    return computeObservables(this.spec, {
      particles: p,
      initial: this.theta0,
      task: this.task,
      probe: this.probe,
      train,
      sigma: this.cfg.sigma,
      cache: this.obsCache
    })
  }

  private checkFinite(stats: ParticleStats): void {
    if (!allFinite(stats.normW2) || !allFinite(stats.normAB2)) this.diverged('the particles')
  }

  private diverged(where: string, step = this.stepCount): never {
    throw new DivergenceError(
      step,
      divergenceMessage(
        this.spec,
        step,
        where,
        stableStepHint(this.init, this.cfg.sigma, this.cfg.train, this.train ?? this.test)
      )
    )
  }
}

/** A record taken at its step whose predictions may still be computing (deferred records). */
interface RecordInProgress {
  step: number
  time: number
  /** The PDE overlay's clock at the record's step. */
  pdeTime: number
  stats: ParticleStats
  /** Whether the record was begun by a deferring advance (it completes after the next chunk). */
  deferred: boolean
  test(): Promise<Float64Array>
  train(): Promise<Float64Array | null>
  /** The particles at the record's step, where a deferred record's columns need them. */
  particles?: Particles
}

/** Float64 particles from a checkpoint's, which may have passed through JSON as plain arrays. */
function particlesFrom(p: Particles): Particles {
  const arr = (v: ArrayLike<number>) => Float64Array.from(v)
  return { m: p.m, d: p.d, a: arr(p.a), b: arr(p.b), w: arr(p.w) }
}

/**
 * A finite risk this many times the labels' mean square (the risk of predicting 0) is a run that has
 * exploded: no setting that learns gets there, and continuing only burns time (α = 10⁹ "completed"
 * with risk 9.3·10¹⁸).
 */
export const RISK_EXPLOSION = 1e6

/**
 * Records over which an unchanged risk worse than predicting 0 means the network has saturated:
 * every unit outside its activation's active range, gradients zero, nothing left to learn
 * (bad-minimum-escape at step size 1000 "completed" frozen at risk 9.86 against E[y²] = 1).
 */
export const SATURATED_RECORDS = 5

function saturated(risks: number[], zeroRisk: number): boolean {
  if (risks.length < SATURATED_RECORDS) return false
  const last = risks[risks.length - 1]
  if (!(last > 2 * zeroRisk)) return false
  return risks.every((r) => Math.abs(r - last) <= 1e-12 * Math.abs(last))
}

/**
 * How far mean ‖w‖ may grow over max(1, its start) before the run is stopped as diverged. Healthy
 * runs of every guided experiment stay within 5 × (the largest, 4.7, is lazy-vs-mean-field at
 * M = 100; small-κ bad-minimum-escape grows 20-fold from 0.1, to 2); step size 10 on the
 * two-timescale experiment reaches 10⁹ and step size 1000 on propagation-of-chaos 3·10⁴.
 */
export const W_RUNAWAY = 1e3

/** The sentence for first-layer weights that ran away, naming the step size. */
export function runawayMessage(
  spec: ExperimentSpec,
  step: number,
  start: number,
  now: number
): string {
  const s = spec.dynamics.stepSize
  return (
    `the particles ran away by step ${step}: mean ‖w‖ grew from ${start.toPrecision(3)} to ` +
    `${now.toPrecision(3)} (the limit is ${W_RUNAWAY} × max(1, its start)): step size ${s} is too large for ` +
    `this run; try ≤ ${roundDown1(s / 10)}`
  )
}

/** The sentence for a run frozen at a risk worse than predicting 0, naming the setting to change. */
export function saturationMessage(
  spec: ExperimentSpec,
  step: number,
  risk: number,
  zeroRisk: number
): string {
  const s = spec.dynamics.stepSize
  const head =
    `risk frozen at ${risk.toPrecision(4)} for ${SATURATED_RECORDS} records by step ${step}, ` +
    `worse than predicting 0 (${zeroRisk.toPrecision(3)}): the network saturated (no unit in its ` +
    `activation's active range, so nothing can learn)`
  const w = spec.model.init.w
  if (w.kind === 'normal' && w.std > 100)
    return `${head}: model.init.w.std ${w.std} puts every unit there from the start; try std ≤ 1`
  return `${head}: step size ${s} threw the particles there; try ≤ ${roundDown1(s / 10)}`
}

function meanSquare(y: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < y.length; i++) s += y[i] * y[i]
  return y.length ? s / y.length : 0
}

/** The sentence for a risk that exploded, naming the setting to change. */
export function riskExplosionMessage(
  spec: ExperimentSpec,
  step: number,
  risk: number,
  bound: number
): string {
  const head = `risk ${risk.toPrecision(3)} at step ${step} exploded (over ${bound.toPrecision(2)}, 10⁶ × the risk of predicting 0)`
  const alpha = outputScale(spec.model)
  if (alpha >= 1e3)
    return (
      `${head}: the output scale α = ${+alpha.toPrecision(4)} (model.scaling ${spec.model.scaling}) ` +
      `makes the outputs huge; try a smaller model.alpha or the mean-field scaling`
    )
  const s = spec.dynamics.stepSize
  return `${head}: step size ${s} is too large for this run; try ≤ ${roundDown1(s / 10)}`
}

/** The sentence for a failed kernel solve (cholesky), naming the setting behind it. */
export function linearAlgebraMessage(spec: ExperimentSpec, step: number, detail: string): string {
  const s = spec.dynamics.stepSize
  const head = `the particles' kernel matrix lost positive definiteness at step ${step} (${detail})`
  if (spec.dynamics.kind === 'two-timescale')
    return (
      `${head}: dynamics.twoTimescale.lambdaA ${spec.dynamics.twoTimescale.lambdaA} is too small ` +
      `to keep the exact second layer's solve stable, or step size ${s} made the particles blow up; ` +
      `try a larger lambdaA or a step size ≤ ${roundDown1(s / 10)}`
    )
  return (
    `${head}: the particles collapsed or blew up (observe.observables needs their kernel); ` +
    `try a step size ≤ ${roundDown1(s / 10)}`
  )
}

/**
 * The Langevin noise of one step, √(4s/β), when it is the temperature's fault: above 1 per step
 * with β ≤ 1 (β = 10⁻⁶ swamped every run). A huge noise from a huge step size with a sane β is the
 * step size's fault, and its NaN/Inf message says so. 0 when noiseless or not β's fault.
 */
export function langevinNoise(spec: ExperimentSpec): number {
  const beta = inverseTemperature(spec.dynamics)
  if (!Number.isFinite(beta) || beta > 1) return 0
  return Math.sqrt((4 * spec.dynamics.stepSize) / beta)
}

/** Why a noise above 1 per step is a setting error, naming dynamics.beta. */
function noiseMessage(spec: ExperimentSpec, noise: number): string {
  const { beta, stepSize } = spec.dynamics
  return (
    `dynamics.beta ${beta} is too small for step size ${stepSize}: the Langevin noise ` +
    `√(4s/β) = ${noise.toPrecision(3)} per step swamps the particles; try β ≥ ${+(400 * stepSize).toPrecision(2)}`
  )
}

/** The sentence a DivergenceError carries: what blew up, the likely cause and a step size to try. */
export function divergenceMessage(
  spec: ExperimentSpec,
  step: number,
  where: string,
  stepHint: number
): string {
  const { stepSize, lambda } = spec.dynamics
  const alpha = outputScale(spec.model)
  const head = `NaN/Inf in ${where} by step ${step}`
  const noise = langevinNoise(spec)
  if (noise > 1) return `${head}: ${noiseMessage(spec, noise)}`
  if (2 * stepSize * lambda >= 2)
    return (
      `${head}: step size ${stepSize} too large for lambda ${lambda} ` +
      `(the decay factor 1 − 2sλ = ${1 - 2 * stepSize * lambda} has |·| ≥ 1): try step size < ${roundDown1(1 / lambda)}`
    )
  const scaling = `${spec.model.scaling} scaling (α = ${+alpha.toPrecision(4)})`
  const hint = Number.isFinite(stepHint) ? roundDown1(stepHint) : stepSize / 10
  const advice =
    stepSize > hint
      ? `try ≤ ${hint}`
      : `try a smaller step size, e.g. ≤ ${roundDown1(stepSize / 10)}`
  return `${head}: step size ${stepSize} too large for width ${spec.model.width} with ${scaling}: ${advice}`
}
