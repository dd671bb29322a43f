import type { ControlAction, DataRows, RunEvent, RunId } from '@shared/protocol/lab-api'
import type { MetricRecord } from '@shared/engine/simulation-types'
import { createSession } from '@shared/session/create-session'
import type { Session } from '@shared/session/session-types'
import { CSV_X, CSV_Y, csvRowsProblem } from '@shared/session/csv-rows'
import {
  assertSpec,
  type ExperimentSpec,
  type ExperimentSpecInput
} from '@shared/spec/experiment-spec'
import { presetNarrative, presetSizeOf } from '@shared/spec/lessons'
import { findPreset } from '@shared/spec/presets'
import type { ComputeClient } from '../compute/compute-client'
import type { ComputeEvent, DoneEvent, ErrorEvent } from '../compute/compute-protocol'
import { Throttle } from './event-throttle'
import { acquireFileLock, FileLockedError } from './file-lock'
import { idFromFileName, type Library } from './library'
import { canResume } from './recovery'
import { RunRecord } from './run-record'
import { SessionRun } from './session-run'
import type { SessionRegistry } from './session-registry'
import { saveSessionFile } from './session-store'
import type { BackendSettings } from './settings'

/**
 * Runs that may wait for a free slot at once; a further start is refused with a clear message
 * rather than piling up workers and files without bound (500 calls at once passed 3 GB).
 */
export const MAX_QUEUED_RUNS = 64

/** Longest wait for a worker to answer a checkpoint request or to stop. */
const WORKER_ANSWER_MS = 10_000

/** What the run queue works with; the backend assembles these. */
export interface RunQueueOptions {
  library: Library
  registry: SessionRegistry
  settings: BackendSettings
  /** Resolves once the settings are loaded and the folder scanned. */
  ready: Promise<void>
  /** The bundled compute worker (throws when there is none). */
  workerPath: () => string | URL
  /** Where the worker remembers its measured backend choices. */
  autoMemoryFile: string
  emit: (e: RunEvent) => void
  log: (line: string) => void
}

/** One session this process is running, queued, or has run. */
interface Live {
  record: RunRecord
  client: ComputeClient | null
  queued: boolean
  /** Start paused (for a 'step' on a stopped session); `stepAfterStart` steps then. */
  startPaused: boolean
  stepAfterStart: number
  /** Set by shutdown: the final state is stored as paused (resumable), not stopped. */
  closing: boolean
  /** The worker loop of the run in flight (it autosaves the session on a timer). */
  run: SessionRun | null
  saving: Promise<void>
  particles: Throttle<RunEvent> | null
  histograms: Throttle<RunEvent> | null
  ended: Promise<void> | null
  /** The last status event sent (status and message), so repeats are not sent again. */
  lastStatus: string
  /** Releases the session file's cross-process lock, held while a worker runs it. */
  unlock: (() => void) | null
}

/**
 * The app's runs and their workers: one compute worker per run (the SessionRun loop `mflab run`
 * and studies share), at most the setting's number at a time and the rest queued; events are
 * passed on (metrics every flush, histograms and particles at a bounded rate), running sessions
 * autosaved every `spec.compute.autosaveSeconds`, and every change of a run saved to its file.
 */
export class RunQueue {
  private readonly runs = new Map<string, Live>()
  private readonly waiting: Live[] = []
  /** start calls between their first line and their enqueue (see MAX_QUEUED_RUNS). */
  private startsInFlight = 0
  private closed = false

  constructor(private readonly opts: RunQueueOptions) {}

  /** The records of the runs this process holds (running, queued, or run since it started). */
  records(): RunRecord[] {
    return [...this.runs.values()].map((l) => l.record)
  }

  /** Writes a new run's session under a name no other run holds, then queues it. */
  async start(input: ExperimentSpecInput, rows?: DataRows): Promise<RunId> {
    // counted from the first moment, so a burst of concurrent calls cannot pass the cap together
    if (this.waiting.length + this.startsInFlight >= MAX_QUEUED_RUNS)
      throw new Error(
        `too many runs waiting to start (${MAX_QUEUED_RUNS}); stop some or let them finish first`
      )
    this.startsInFlight++
    try {
      return await this.startNew(input, rows)
    } finally {
      this.startsInFlight--
    }
  }

  private async startNew(input: ExperimentSpecInput, rows?: DataRows): Promise<RunId> {
    await this.opts.ready
    if (this.closed) throw new Error('the backend is shutting down')
    const spec = assertSpec(input)
    const data = rowsFor(spec, rows)
    const preset = spec.preset ? findPreset(spec.preset) : undefined
    const { library } = this.opts
    const fileName = await library.freshFileName(spec.title)
    const id = idFromFileName(fileName)
    const session = createSession(spec, {
      lesson: preset
        ? { narrative: presetNarrative(preset.id, presetSizeOf(spec)), editable: preset.editable }
        : null
    })
    // the rows travel inside the session: a shared file never needs the CSV it came from
    if (data) session.data = data
    const record = RunRecord.fromSession(id, library.pathOf(fileName), fileName, session)
    const live = newLive(record)
    record.status = 'queued'
    // written before it is listed: a run whose file cannot be written never starts
    await this.save(live, { checkpoint: false })
    this.runs.set(id, live)
    this.enqueue(live)
    return id
  }

  /** Pauses, resumes, steps, changes the speed of or stops a run; a stored one is revived. */
  async control(id: RunId, action: ControlAction, amount?: number): Promise<void> {
    const live = await this.liveOrStored(id)
    const r = live.record
    const client = live.client
    const { registry } = this.opts
    if (!isActive(live)) {
      if (action === 'resume' || action === 'step') return this.revive(live, action, amount)
      if (action === 'speed') return
      if (action === 'pause') throw new Error(`run ${id} is not running (${r.status})`)
      // stop of an idle session: an interrupted one becomes stopped; others are already ended
      if (registry.isInterrupted(id)) {
        registry.settle(id)
        r.status = 'stopped'
        r.message = null
        this.runs.set(id, live)
        await this.save(live, { checkpoint: false })
        this.emitStatus(live)
      }
      return
    }
    if (live.queued) {
      if (action === 'stop') {
        this.waiting.splice(this.waiting.indexOf(live), 1)
        live.queued = false
        r.status = 'stopped'
        await this.save(live, { checkpoint: false })
        this.emitStatus(live)
      }
      // pause/resume/step of a queued run: it starts when a slot frees
      return
    }
    if (!client) return
    switch (action) {
      case 'pause':
        client.pause()
        break
      case 'resume':
        client.resume()
        break
      case 'step':
        if (r.status === 'running') client.pause()
        // at least one step: 0 would leave a paused run where it is and look like a dead button
        client.step(Math.max(1, amount ?? r.spec.observe.every))
        break
      case 'speed':
        client.setSpeed(amount && amount > 0 ? amount : null)
        break
      case 'stop':
        client.stop()
        break
    }
  }

  /** The record of a live run, or one read from its stored session. */
  async record(id: string): Promise<RunRecord> {
    return (await this.liveOrStored(id)).record
  }

  /** Changes a session (its title, a note) and saves it, with a fresh checkpoint when it runs. */
  async update(id: string, change: (r: RunRecord) => void): Promise<RunRecord> {
    const live = await this.liveOrStored(id)
    change(live.record)
    await this.save(live, { checkpoint: live.client !== null })
    return live.record
  }

  /** The session as it stands, with a fresh checkpoint from its worker when it runs. */
  async snapshot(id: string): Promise<Session> {
    const live = await this.liveOrStored(id)
    await this.refreshCheckpoint(live)
    return live.record.toSession()
  }

  /** Starts queued runs while slots are free (after a settings change, say). */
  pump(): void {
    while (
      !this.closed &&
      this.waiting.length &&
      this.activeCount() < this.opts.settings.maxRuns()
    ) {
      const live = this.waiting.shift()!
      live.queued = false
      this.launch(live)
    }
  }

  /** Stops every run (saving it as paused, resumable), waits for the saves, ends the workers. */
  async shutdown(): Promise<void> {
    this.closed = true
    const waits: Promise<void>[] = []
    for (const live of this.runs.values()) {
      if (live.queued) {
        live.queued = false
        waits.push(this.save(live, { checkpoint: false }).catch(() => undefined))
      } else if (live.client) {
        live.closing = true
        const client = live.client
        client.stop()
        waits.push(
          withTimeout(live.ended ?? Promise.resolve(), WORKER_ANSWER_MS).catch(async () => {
            // the worker did not stop in time: leave the file 'running' so it is recoverable
            live.run?.detach()
            live.run = null
            live.client = null
            await client.terminate()
            this.opts.log(`run ${live.record.id} did not stop in time; it will be recoverable`)
          })
        )
      }
    }
    this.waiting.length = 0
    await Promise.all(waits)
    for (const live of this.runs.values()) await live.saving
  }

  /** The live run of an id, or a new (idle) Live holding the stored session. */
  private async liveOrStored(id: string): Promise<Live> {
    return this.runs.get(id) ?? newLive(await this.opts.registry.record(id))
  }

  private emitStatus(live: Live): void {
    const r = live.record
    const said = `${r.status}\n${r.message ?? ''}`
    if (live.lastStatus === said) return
    live.lastStatus = said
    const e: RunEvent = { kind: 'status', runId: r.id, status: r.status }
    if (r.message) e.message = r.message
    this.opts.emit(e)
  }

  /** Asks a live worker for a checkpoint; keeps the last one when the run ended or is stuck. */
  private async refreshCheckpoint(live: Live): Promise<void> {
    if (!live.client) return
    try {
      live.record.checkpoint = await withTimeout(live.client.requestCheckpoint(), WORKER_ANSWER_MS)
    } catch {
      // the run ended or the worker is stuck: keep the last checkpoint
    }
  }

  /** Writes the session (after any save in flight); with a live worker, asks it for a checkpoint first. */
  private save(live: Live, how: { checkpoint: boolean }): Promise<void> {
    const next = live.saving.then(async () => {
      if (how.checkpoint) await this.refreshCheckpoint(live)
      await saveSessionFile(live.record.path, live.record.toSession())
    })
    live.saving = next.catch((e: unknown) =>
      this.opts.log(`saving ${live.record.fileName} failed: ${(e as Error).message}`)
    )
    return next
  }

  private activeCount(): number {
    let n = 0
    for (const l of this.runs.values()) if (l.client) n++
    return n
  }

  private enqueue(live: Live): void {
    live.queued = true
    live.record.status = 'queued'
    if (!this.waiting.includes(live)) this.waiting.push(live)
    this.emitStatus(live)
    this.pump()
  }

  private launch(live: Live): void {
    const r = live.record
    const { settings, emit } = this.opts
    let run: SessionRun
    try {
      live.unlock = acquireFileLock(r.path)
      run = new SessionRun({
        workerPath: this.opts.workerPath(),
        record: r,
        start: {
          checkpoint: r.step > 0 ? r.checkpoint : null,
          paused: live.startPaused,
          liveParticlesMs: Math.round(1000 / settings.current.particleSnapshotsPerSecond),
          metricsFlushMs: 100,
          autoMemoryFile: this.opts.autoMemoryFile
        },
        onEvent: (e, finalRow) => this.onCompute(live, run, e, finalRow),
        autosave: {
          intervalSeconds: r.spec.compute.autosaveSeconds,
          save: () => (live.client ? this.save(live, { checkpoint: true }) : Promise.resolve())
        }
      })
    } catch (e) {
      live.unlock?.()
      live.unlock = null
      r.status = 'failed'
      r.message =
        e instanceof FileLockedError
          ? e.message
          : `could not start the compute worker: ${(e as Error).message}`
      emit({ kind: 'error', runId: r.id, message: r.message })
      this.emitStatus(live)
      void this.save(live, { checkpoint: false }).catch(() => undefined)
      return
    }
    const client = run.client
    live.run = run
    live.client = client
    r.status = live.startPaused ? 'paused' : 'running'
    r.message = null
    live.particles = new Throttle(1000 / settings.current.particleSnapshotsPerSecond, emit)
    live.histograms = new Throttle(1000 / settings.current.histogramsPerSecond, emit)
    if (live.startPaused && live.stepAfterStart > 0) client.step(live.stepAfterStart)
    live.startPaused = false
    live.stepAfterStart = 0
    live.ended = run.ended.then(() => undefined)
    this.emitStatus(live)
  }

  /** The views' side of a worker event, after the run's record folded it. */
  private onCompute(
    live: Live,
    run: SessionRun,
    e: ComputeEvent,
    finalRow: MetricRecord | null
  ): void {
    if (live.run !== run) return
    const r = live.record
    const { emit } = this.opts
    switch (e.type) {
      case 'backend':
        emit({ kind: 'backend', runId: r.id, backend: e.backend })
        break
      case 'status':
        this.emitStatus(live)
        // a pause is a natural moment to make the file current
        if (e.status === 'paused') void this.save(live, { checkpoint: true }).catch(() => undefined)
        break
      case 'metrics':
        emit({ kind: 'metrics', runId: r.id, records: e.records, stepsPerSecond: e.stepsPerSecond })
        break
      case 'histogram':
        live.histograms?.offer({ kind: 'histogram', runId: r.id, histogram: e.histogram })
        break
      case 'particles': {
        if (e.reason === 'request') break
        const { step, m, d, a, b, w } = e
        live.particles?.offer({ kind: 'particles', runId: r.id, step, m, d, a, b, w })
        break
      }
      case 'done':
        void this.finish(live, e, finalRow)
        break
      case 'error':
        void this.finish(live, e, null)
        break
      case 'checkpoint':
        break
    }
  }

  /** After the accumulator folded the end of a run: tell the views, save, start the next run. */
  private async finish(
    live: Live,
    e: DoneEvent | ErrorEvent,
    finalRow: MetricRecord | null
  ): Promise<void> {
    const r = live.record
    const { emit } = this.opts
    void live.run?.stopAutosave()
    live.run = null
    live.histograms?.flush()
    live.particles?.flush()
    live.client = null
    if (e.type === 'done') {
      // a stop between two records: the final state became the last row
      if (finalRow) emit({ kind: 'metrics', runId: r.id, records: [finalRow], stepsPerSecond: 0 })
      if (live.closing) {
        r.status = 'paused'
        r.message = 'paused when the app closed; resume to continue'
      }
    } else {
      emit({ kind: 'error', runId: r.id, message: e.message })
    }
    try {
      await this.save(live, { checkpoint: false })
      emit({ kind: 'saved', runId: r.id, fileName: r.fileName })
    } catch {
      // logged by save()
    }
    live.unlock?.()
    live.unlock = null
    this.emitStatus(live)
    this.pump()
  }

  /** Continues a stored session from its checkpoint in a new worker (queued like any run). */
  private async revive(live: Live, action: 'resume' | 'step', steps?: number): Promise<void> {
    const r = live.record
    const { registry } = this.opts
    const stored = r.toSession()
    const storedStatus = registry.isInterrupted(r.id) ? 'running' : stored.status
    if (!canResume({ ...stored, status: storedStatus })) {
      throw new Error(
        r.status === 'completed'
          ? `run ${r.id} has completed`
          : `run ${r.id} cannot continue: it has no checkpoint to resume from`
      )
    }
    r.trimToCheckpoint()
    registry.settle(r.id)
    this.runs.set(r.id, live)
    live.startPaused = action === 'step'
    live.stepAfterStart = action === 'step' ? (steps ?? r.spec.observe.every) : 0
    this.enqueue(live)
  }
}

function newLive(record: RunRecord): Live {
  return {
    record,
    client: null,
    queued: false,
    startPaused: false,
    stepAfterStart: 0,
    closing: false,
    run: null,
    saving: Promise.resolve(),
    particles: null,
    histograms: null,
    ended: null,
    lastStatus: '',
    unlock: null
  }
}

function isActive(live: Live): boolean {
  return live.client !== null || live.queued
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
    p.then(
      (v) => {
        clearTimeout(t)
        resolvePromise(v)
      },
      (e: unknown) => {
        clearTimeout(t)
        reject(e instanceof Error ? e : new Error(String(e)))
      }
    )
  })
}

/**
 * The session data of a new run: a CSV task's rows, checked against its spec (refused before any
 * file is made, not at every step), or nothing for the other tasks, which draw their own.
 */
function rowsFor(spec: ExperimentSpec, rows?: DataRows): Record<string, Float64Array> | null {
  if (spec.task.kind !== 'csv') {
    if (rows) throw new Error(`data rows are for a CSV task, not task '${spec.task.kind}'`)
    return null
  }
  if (!rows)
    throw new Error(
      'a CSV task needs its rows: choose your data file (mflab new --csv FILE makes such a session)'
    )
  const data = { [CSV_X]: rows.x, [CSV_Y]: rows.y }
  const problem = csvRowsProblem(spec, data)
  if (problem) throw new Error(`your data does not fit the experiment: ${problem.reason}`)
  return data
}
