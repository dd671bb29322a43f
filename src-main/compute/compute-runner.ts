import { createSimulation, type CreateSimulationOptions } from '@shared/engine/create-simulation'
import { fileAutoMemory } from './auto-memory-file'
import type { GemmThreads } from '@shared/engine/backends/gemm-threads'
import type { GpuFactory } from '@shared/engine/gpu-factory'
import {
  DivergenceError,
  type BackendReport,
  type Checkpoint,
  type MetricRecord,
  type Simulation
} from '@shared/engine/simulation-types'
import { assertSpec, type BackendName } from '@shared/spec/experiment-spec'
import type { ComputeCommand, ParticlesEvent, PostEvent, StartOptions } from './compute-protocol'

/**
 * What the host gives the runner: the gpu.js factory, the GEMM helper threads and a hook run
 * before a backend opens.
 */
export interface RunnerEnv {
  gpu?: GpuFactory
  threads?: GemmThreads | null
  /**
   * Prepares the host for a backend (e.g. installs WebGPU in Node) before the simulation opens;
   * may resolve with why WebGPU is unavailable, which then names the cause in the fallback reason.
   */
  prepare?: (backend: BackendName | 'reference') => Promise<string | undefined | void>
  now?: () => number
}

/** The engine's words when navigator.gpu offers no adapter (src-shared/engine/backend.ts). */
const NO_ADAPTER = 'no WebGPU adapter'

/** Histograms per run, at most: they are sent at every k-th record step with k chosen to fit. */
const MAX_HISTOGRAMS = 200

/**
 * Runs one simulation under host commands (compute-protocol.ts). Thread-agnostic: the worker entry
 * wires it to `parentPort`, tests can drive it directly. Steps run in chunks that end at every record
 * and snapshot step, so pause, stop and requests take effect within one chunk.
 */
export class ComputeRunner {
  private sim: Simulation | null = null
  private opts: StartOptions | null = null
  private paused = false
  private stopping = false
  private pendingSteps = 0
  private stepsPerSecond: number | null = null
  private requests: { kind: 'checkpoint' | 'particles'; id: number }[] = []
  private wake: (() => void) | null = null
  private finished = false
  private records: MetricRecord[] = []
  private lastFlush = { at: 0, step: 0 }
  private lastLive = 0
  private tokens = 0
  private tokenAt = 0
  /** Step of the last record sent; records at or before it (repeats) are dropped. */
  private lastRecordedStep = -1

  constructor(
    private readonly post: PostEvent,
    private readonly env: RunnerEnv = {}
  ) {}

  /** Handles one command; `start` begins the run loop (its promise ends with the run). */
  handle(cmd: ComputeCommand): Promise<void> | void {
    switch (cmd.type) {
      case 'start':
        return this.start(cmd.options)
      case 'pause':
        this.paused = true
        break
      case 'resume':
        this.paused = false
        this.pendingSteps = 0
        break
      case 'step':
        // Stepping is for a paused run; a running one is already stepping.
        if (this.paused) this.pendingSteps += Math.max(0, Math.floor(cmd.steps))
        break
      case 'stop':
        this.stopping = true
        break
      case 'setSpeed':
        this.stepsPerSecond =
          cmd.stepsPerSecond && cmd.stepsPerSecond > 0 ? cmd.stepsPerSecond : null
        this.tokens = 0
        this.tokenAt = this.now()
        break
      case 'requestCheckpoint':
        this.requests.push({ kind: 'checkpoint', id: cmd.requestId })
        break
      case 'requestParticles':
        this.requests.push({ kind: 'particles', id: cmd.requestId })
        break
    }
    this.wake?.()
  }

  private now(): number {
    return this.env.now?.() ?? performance.now()
  }

  private async start(options: StartOptions): Promise<void> {
    if (this.opts) return this.fail(new Error('start: this worker already runs a simulation'), null)
    this.opts = options
    this.paused = options.paused === true
    this.stepsPerSecond = options.stepsPerSecond ?? null
    try {
      const spec = assertSpec(options.spec)
      const noWebGpu = await this.env.prepare?.(options.backend ?? spec.compute.backend)
      const create: CreateSimulationOptions = {
        backend: options.backend,
        gpu: this.env.gpu,
        threads: this.env.threads
      }
      if (options.checkpoint) create.checkpoint = options.checkpoint
      if (options.csv) create.csv = options.csv
      if (options.autoMemoryFile) create.autoMemory = fileAutoMemory(options.autoMemoryFile)
      if (options.remeasure) create.remeasure = true
      this.sim = await createSimulation(spec, create)
      this.post({ type: 'backend', backend: withHostReason(this.sim.backend, noWebGpu) }, [])
      await this.loop(this.sim)
    } catch (e) {
      let err = e
      if (this.sim) {
        // a deferred record still open is older than this failure: its error, if any, came first
        err = await this.settle(this.sim).then(
          () => e,
          (earlier: unknown) => earlier
        )
        // the records up to the failure go first: a diverged run's saved session shows how it got there
        this.flush(this.sim, true)
      }
      this.fail(err, this.sim?.step ?? null)
    } finally {
      this.sim?.dispose()
      this.finished = true
    }
  }

  private async loop(sim: Simulation): Promise<void> {
    const spec = sim.spec
    const total = spec.dynamics.steps
    const snapEvery = spec.observe.snapshotEvery
    const every = spec.observe.every
    const histEvery = every * Math.max(1, Math.ceil(total / every / MAX_HISTOGRAMS))
    this.lastFlush = { at: this.now(), step: sim.step }
    this.tokenAt = this.now()
    this.lastRecordedStep = sim.step > 0 ? sim.step : -1
    this.post({ type: 'status', status: this.paused ? 'paused' : 'running', step: sim.step }, [])
    if (sim.step === 0) {
      this.pushRecord(await sim.measure())
      await this.sendHistogram(sim)
      if (snapEvery > 0) await this.sendParticles(sim, 'snapshot')
    }
    let wasPaused = this.paused
    while (true) {
      // Commands act in the order they came: a request sent after `step` while paused is answered
      // once those steps are done, or sooner if the run ends or is stopped first.
      const stepping = this.paused && this.pendingSteps > 0 && sim.step < total && !this.stopping
      if (!stepping) await this.serveRequests(sim)
      if (this.stopping) return this.finish(sim, 'stopped')
      if (sim.step >= total) return this.finish(sim, 'completed')
      if (this.paused !== wasPaused) {
        wasPaused = this.paused
        await this.settle(sim)
        // a pause between records shows where the run really stopped, so steps count from there
        if (this.paused && sim.step > this.lastRecordedStep) this.pushRecord(await sim.measure())
        this.flush(sim, true)
        this.post(
          { type: 'status', status: this.paused ? 'paused' : 'running', step: sim.step },
          []
        )
      }
      let budget = total - sim.step
      if (this.paused) {
        if (this.pendingSteps === 0) {
          await this.sleep(Infinity)
          continue
        }
        budget = Math.min(budget, this.pendingSteps)
      } else if (this.stepsPerSecond) {
        const allowed = this.speedAllowance()
        if (allowed < 1) {
          await this.sleep(Math.min(250, (1 - allowed) * (1000 / this.stepsPerSecond)))
          continue
        }
        budget = Math.min(budget, Math.floor(allowed))
      }
      const boundary = (s: number, k: number) => (Math.floor(s / k) + 1) * k
      let n = Math.min(budget, spec.compute.chunkSteps, boundary(sim.step, every) - sim.step)
      if (snapEvery > 0) n = Math.min(n, boundary(sim.step, snapEvery) - sim.step)
      const before = sim.step
      // a running run's risk is computed beside its next steps; steps by hand show theirs at once
      const recs = await sim.advance(n, { defer: !this.paused })
      if (this.paused) this.pendingSteps = Math.max(0, this.pendingSteps - (sim.step - before))
      if (this.stepsPerSecond && !this.paused) this.tokens -= sim.step - before
      for (const r of recs) this.pushRecord(r)
      // paused (by hand or by a pause that came during the chunk): records complete up to here
      if (this.paused) await this.settle(sim)
      // A step asked for by hand that ends between records is still shown: measure there and send
      // the particles, so one step moves the step counter, the curves and the scatter.
      const stepped = this.paused && this.pendingSteps === 0 && sim.step > before
      if (stepped && sim.step % every !== 0 && sim.step < total) {
        this.pushRecord(await sim.measure())
        await this.sendParticles(sim, 'live')
      }
      if (sim.step % histEvery === 0 || sim.step === total) await this.sendHistogram(sim)
      if (snapEvery > 0 && sim.step % snapEvery === 0 && sim.step < total)
        await this.sendParticles(sim, 'snapshot')
      const live = this.opts?.liveParticlesMs ?? 0
      if (live > 0 && this.now() - this.lastLive >= live) {
        this.lastLive = this.now()
        await this.sendParticles(sim, 'live')
      }
      this.flush(sim, this.paused && this.pendingSteps === 0)
      await new Promise<void>((r) => setImmediate(r))
    }
  }

  /** Token bucket: steps allowed now under the speed limit (refills at stepsPerSecond, holds ≤ 0.1 s). */
  private speedAllowance(): number {
    const speed = this.stepsPerSecond!
    const t = this.now()
    this.tokens = Math.min(
      Math.max(1, speed / 10),
      this.tokens + ((t - this.tokenAt) / 1000) * speed
    )
    this.tokenAt = t
    return this.tokens
  }

  private async finish(sim: Simulation, status: 'completed' | 'stopped'): Promise<void> {
    await this.settle(sim)
    const final = await sim.measure()
    if (status === 'completed') this.pushRecord(final)
    this.flush(sim, true)
    await this.sendParticles(sim, status === 'completed' ? 'snapshot' : 'live')
    const checkpoint = await sim.checkpoint()
    this.post(
      { type: 'done', status, step: sim.step, time: sim.time, final, checkpoint },
      checkpointBuffers(checkpoint)
    )
  }

  /** Completes the record a deferring advance left open, if any, and queues it. */
  private async settle(sim: Simulation): Promise<void> {
    for (const r of await sim.settle()) this.pushRecord(r)
  }

  /** Queues a record unless its step was already recorded (the engine re-records step 0). */
  private pushRecord(r: MetricRecord): void {
    if (r.step <= this.lastRecordedStep) return
    this.records.push(r)
    this.lastRecordedStep = r.step
  }

  private flush(sim: Simulation, force: boolean): void {
    const t = this.now()
    if (
      !this.records.length ||
      (!force && t - this.lastFlush.at < (this.opts?.metricsFlushMs ?? 100))
    )
      return
    const dt = (t - this.lastFlush.at) / 1000
    const stepsPerSecond = dt > 0 ? (sim.step - this.lastFlush.step) / dt : 0
    this.post(
      { type: 'metrics', records: this.records, step: sim.step, time: sim.time, stepsPerSecond },
      []
    )
    this.records = []
    this.lastFlush = { at: t, step: sim.step }
  }

  private async sendHistogram(sim: Simulation): Promise<void> {
    this.post({ type: 'histogram', histogram: await sim.histogram() }, [])
  }

  private async sendParticles(
    sim: Simulation,
    reason: ParticlesEvent['reason'],
    requestId?: number
  ): Promise<void> {
    const p = await sim.snapshot()
    const ev: ParticlesEvent = {
      type: 'particles',
      reason,
      step: sim.step,
      m: p.m,
      d: p.d,
      a: Float32Array.from(p.a),
      b: Float32Array.from(p.b),
      w: Float32Array.from(p.w)
    }
    if (requestId !== undefined) ev.requestId = requestId
    this.post(ev, [ev.a.buffer, ev.b.buffer, ev.w.buffer] as ArrayBuffer[])
  }

  private async serveRequests(sim: Simulation): Promise<void> {
    while (this.requests.length) {
      const r = this.requests.shift()!
      if (r.kind === 'particles') await this.sendParticles(sim, 'request', r.id)
      else {
        // Every record up to the checkpoint's step goes first: a session saved with this
        // checkpoint and resumed from it must not miss the records still waiting for a flush.
        await this.settle(sim)
        this.flush(sim, true)
        const checkpoint = await sim.checkpoint()
        this.post(
          { type: 'checkpoint', requestId: r.id, checkpoint },
          checkpointBuffers(checkpoint)
        )
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : null
      function done() {
        if (timer) clearTimeout(timer)
        resolve()
      }
      this.wake = () => {
        this.wake = null
        done()
      }
    })
  }

  private fail(e: unknown, step: number | null): void {
    const err = e instanceof Error ? e : new Error(String(e))
    this.post(
      {
        type: 'error',
        message: err.message,
        name: err.name,
        step: err instanceof DivergenceError ? err.step : step
      },
      []
    )
  }

  /** True once the run has ended (done or error) and the simulation is disposed. */
  get ended(): boolean {
    return this.finished
  }
}

function checkpointBuffers(c: Checkpoint): ArrayBuffer[] {
  return [c.particles.a.buffer, c.particles.b.buffer, c.particles.w.buffer] as ArrayBuffer[]
}

// The engine sees only that no adapter answered; the host knows why (e.g. Dawn is not installed).
function withHostReason(report: BackendReport, noWebGpu: string | undefined | void): BackendReport {
  const reason = report.fallbackReason
  if (!noWebGpu || !reason?.includes(NO_ADAPTER)) return report
  return { ...report, fallbackReason: reason.replace(NO_ADAPTER, noWebGpu) }
}
