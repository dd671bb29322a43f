import { Worker } from 'node:worker_threads'
import type { Checkpoint } from '@shared/engine/simulation-types'
import type {
  ComputeCommand,
  ComputeEvent,
  DoneEvent,
  ErrorEvent,
  ParticlesEvent,
  StartOptions
} from './compute-protocol'
import { exportVulkanDriverFiles } from './vulkan-env'

/** Where the worker script is and how to start its thread. */
export interface ComputeClientOptions {
  /** Path or file URL of the bundled worker entry (e.g. out/cli/compute-worker.cjs). */
  workerPath: string | URL
  /** Extra Node flags for the worker thread. */
  execArgv?: string[]
  /**
   * Threads the run may use (its helpers included: full-batch GEMM, Langevin normals), where
   * several runs share the cores; default MFLAB_THREADS or one per core.
   */
  threads?: number
}

/**
 * The host side of one compute worker: starts the thread, sends typed commands, hands typed events
 * to listeners, and turns a crash of the worker (uncaught error, abnormal exit) into an 'error'
 * event, so the host process never dies with it. One client runs one simulation; `ended` resolves
 * with its last event ('done' or 'error') and the thread is then terminated.
 */
export class ComputeClient {
  private readonly worker: Worker
  private readonly listeners = new Set<(e: ComputeEvent) => void>()
  private readonly pending = new Map<
    number,
    { resolve: (v: never) => void; reject: (e: Error) => void }
  >()
  private nextId = 1
  private last: DoneEvent | ErrorEvent | null = null
  private resolveEnded!: (e: DoneEvent | ErrorEvent) => void
  /** Resolves with the run's final event: 'done' or 'error' (a crash is an 'error' too). */
  readonly ended: Promise<DoneEvent | ErrorEvent>

  constructor(opts: ComputeClientOptions) {
    this.ended = new Promise((r) => (this.resolveEnded = r))
    const threads = opts.threads
    // before the worker exists: its copy of the environment would not reach Dawn
    exportVulkanDriverFiles()
    this.worker = new Worker(opts.workerPath, {
      execArgv: opts.execArgv,
      // the worker's own copy of the environment: gemm-thread-host.ts reads MFLAB_THREADS there
      ...(threads && threads >= 1
        ? { env: { ...process.env, MFLAB_THREADS: String(threads) } }
        : {})
    })
    this.worker.on('message', (e: ComputeEvent) => this.dispatch(e))
    this.worker.on('error', (e) =>
      this.dispatch({
        type: 'error',
        name: 'WorkerCrash',
        message: `compute worker crashed: ${e.message}`,
        step: null
      })
    )
    this.worker.on('exit', (code) => {
      if (!this.last)
        this.dispatch({
          type: 'error',
          name: 'WorkerCrash',
          message: `compute worker exited unexpectedly (code ${code})`,
          step: null
        })
    })
  }

  /** Adds a listener for every event; returns the function that removes it. */
  on(listener: (e: ComputeEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  start(options: StartOptions): void {
    this.send({ type: 'start', options })
  }
  pause(): void {
    this.send({ type: 'pause' })
  }
  resume(): void {
    this.send({ type: 'resume' })
  }
  /** While paused, runs `steps` more steps. */
  step(steps: number): void {
    this.send({ type: 'step', steps })
  }
  /** Asks the run to end after the chunk in flight; `ended` then resolves with a 'done' (stopped). */
  stop(): void {
    this.send({ type: 'stop' })
  }
  setSpeed(stepsPerSecond: number | null): void {
    this.send({ type: 'setSpeed', stepsPerSecond })
  }

  /** The current resume state (answered between two chunks). Rejects if the run ends first. */
  requestCheckpoint(): Promise<Checkpoint> {
    return this.request<Checkpoint>((requestId) => ({ type: 'requestCheckpoint', requestId }))
  }

  /** The current particles as float32. Rejects if the run ends first. */
  requestParticles(): Promise<ParticlesEvent> {
    return this.request<ParticlesEvent>((requestId) => ({ type: 'requestParticles', requestId }))
  }

  /** Ends the thread now (no checkpoint); safe to call more than once. */
  async terminate(): Promise<void> {
    if (!this.last)
      this.last = {
        type: 'error',
        name: 'Terminated',
        message: 'compute worker terminated',
        step: null
      }
    this.rejectPending(new Error('compute worker terminated'))
    await this.worker.terminate()
  }

  private request<T>(make: (id: number) => ComputeCommand): Promise<T> {
    if (this.last) return Promise.reject(new Error('the run has ended'))
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: never) => void, reject })
      this.send(make(id))
    })
  }

  private send(cmd: ComputeCommand): void {
    if (!this.last) this.worker.postMessage(cmd)
  }

  private dispatch(e: ComputeEvent): void {
    if (this.last) return
    if (e.type === 'checkpoint') this.settle(e.requestId, e.checkpoint)
    if (e.type === 'particles' && e.reason === 'request' && e.requestId !== undefined)
      this.settle(e.requestId, e)
    for (const l of this.listeners) l(e)
    if (e.type === 'done' || e.type === 'error') {
      this.last = e
      this.rejectPending(new Error(`the run ended before the answer (${e.type})`))
      this.resolveEnded(e)
      void this.worker.terminate()
    }
  }

  private settle(id: number, value: unknown): void {
    const p = this.pending.get(id)
    this.pending.delete(id)
    p?.resolve(value as never)
  }

  private rejectPending(err: Error): void {
    for (const p of this.pending.values()) p.reject(err)
    this.pending.clear()
  }
}
