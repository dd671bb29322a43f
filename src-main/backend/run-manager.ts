import { writeFile } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve } from 'node:path'
import type {
  ChartFormat,
  ChosenData,
  DataRows,
  ControlAction,
  ExportedChart,
  LabApi,
  PresetSummary,
  RunEvent,
  RunId,
  SessionData,
  SessionSummary,
  StudyAction,
  StudySummary
} from '@shared/protocol/lab-api'
import type { SettingsView } from '@shared/protocol/settings-schema'
import type { PresetSize } from '@shared/spec/presets'
import {
  planPresetSweep,
  planPresetVariantStudy,
  presetVariantLabels,
  type PresetSweepPlan
} from '@shared/study/preset-study'
import { STUDY_EXTENSION } from '@shared/study/study-manifest-schema'
import type { StudyData } from '@shared/study/study-data'
import type { Study } from '@shared/study/study-types'
import { createSession } from '@shared/session/create-session'
import { sessionSummary as summarize } from '@shared/session/session-accumulator'
import type { Session } from '@shared/session/session-types'
import type { MetricRecord } from '@shared/engine/simulation-types'
import {
  assertSpec,
  parseSpec,
  type ExperimentSpec,
  type ExperimentSpecInput
} from '@shared/spec/experiment-spec'
import { CSV_X, CSV_Y, csvRowsProblem } from '@shared/session/csv-rows'
import { findPreset, listPresets, presetSpec } from '@shared/spec/presets'
import type { ComputeEvent, DoneEvent, ErrorEvent } from '../compute/compute-protocol'
import {
  exportChart,
  sessionExportText,
  type ExportFormat,
  type SessionFileOps
} from './session-exports'
import { acquireFileLock, FileLockedError } from './file-lock'
import { Throttle } from './event-throttle'
import { Library, SESSION_EXT, idFromFileName, slugify, type SessionFiles } from './library'
import { canResume, findInterrupted, interruptedMessage } from './recovery'
import { RunRecord } from './run-record'
import { SessionRun } from './session-run'
import { findWorkerPath } from './worker-path'
import { DecoderUnavailableError, SessionDecoder } from './session-decoder'
import type { ComputeClient } from '../compute/compute-client'
import { loadSessionFile, saveSessionFile } from './session-store'
import { StudyHost } from './study-host'
import { loadStudyFile } from './study-runner'
import { autoMemoryPath } from '../compute/auto-memory-file'
import { BackendSettings } from './settings'

/** How to build the backend. Give `sessionsDir`, or `dataDir` (sessions go to `dataDir/sessions`). */
export interface LabBackendOptions {
  sessionsDir?: string
  /** App data folder (Electron's userData): holds `sessions/` and `settings.json`. */
  dataDir?: string
  /** Settings file; default `dataDir/settings.json`, else `settings.json` beside the sessions folder. */
  settingsFile?: string
  /** The bundled compute worker; default: found beside this bundle or under out/. */
  workerPath?: string | URL
  /** Overrides the saved setting (e.g. `mflab serve --max-runs`). */
  maxConcurrentRuns?: number
  /** One line per notable event (recovered sessions, save errors). */
  log?: (line: string) => void
}

/** The backend as hosts use it: the LabApi, the desktop's file operations, and a clean shutdown. */
export type LabBackend = LabApi &
  SessionFileOps & {
    readonly sessionsDir: string
    /** Sessions a previous process left running (crashed or killed), resumable with 'resume'. */
    listRecoverable(): Promise<SessionSummary[]>
    /** Stops every run (saving it as paused, resumable), waits for the saves, ends the workers. */
    shutdown(): Promise<void>
  }

/** A summary that may say the session was interrupted and can be resumed from its autosave. */
export type RecoverableSummary = SessionSummary & { recoverable?: boolean; message?: string }

/**
 * Runs that may wait for a free slot at once; a further startRun is refused with a clear message
 * rather than piling up workers and files without bound (500 calls at once passed 3 GB).
 */
export const MAX_QUEUED_RUNS = 64

/** Longest wait for a worker to answer a checkpoint request or to stop. */
const WORKER_ANSWER_MS = 10_000

const sessionFiles: SessionFiles = {
  load: async (p) => (await loadSessionFile(p)).session,
  save: async (p, s) => {
    await saveSessionFile(p, s)
  }
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
 * Creates the backend: plain Node, no Electron. Runs go to compute workers (one per run, at most
 * `maxConcurrentRuns` at a time, the rest queued), their events are forwarded to listeners (metrics
 * every flush, histograms and particles at a bounded rate), running sessions are autosaved every
 * `spec.compute.autosaveSeconds`, and sessions found in status 'running' at start are recoverable.
 */
export function createLabBackend(opts: LabBackendOptions): LabBackend {
  const sessionsDir = resolve(
    opts.sessionsDir ?? (opts.dataDir ? join(opts.dataDir, 'sessions') : 'sessions')
  )
  const settingsFile =
    opts.settingsFile ?? join(opts.dataDir ?? dirname(sessionsDir), 'settings.json')
  const log = opts.log ?? (() => {})
  // sessions are decoded on a worker thread: listing a folder of large or damaged files never
  // stalls the event loop that serves every other request (web mode, IPC)
  const decoder = new SessionDecoder(() => workerPath())
  let decoderUsable = true
  const offThreadFiles: SessionFiles = {
    ...sessionFiles,
    load: async (p) => {
      if (!decoderUsable || (!opts.workerPath && !findWorkerPath())) return sessionFiles.load(p)
      try {
        return await decoder.decode(p)
      } catch (e) {
        if (!(e instanceof DecoderUnavailableError)) throw e
        if (decoderUsable) log(`session decoder unavailable (${e.message}); decoding here`)
        decoderUsable = false
        return sessionFiles.load(p)
      }
    }
  }
  const library = new Library(sessionsDir, offThreadFiles, loadStudyFile)
  const listeners = new Set<(e: RunEvent) => void>()
  const runs = new Map<string, Live>()
  const queue: Live[] = []
  /** Sessions opened from outside the sessions folder: id → path. */
  const external = new Map<string, string>()
  const interrupted = new Set<string>()
  const settingsStore = new BackendSettings(
    settingsFile,
    { maxConcurrentRuns: opts.maxConcurrentRuns },
    log
  )
  let closed = false
  /** startRun calls between their first line and their enqueue (see MAX_QUEUED_RUNS). */
  let startsInFlight = 0
  const studies = new StudyHost({
    workerPath: () => workerPath(),
    jobs: () => settingsStore.current.studyWorkers || undefined,
    log
  })

  const ready = (async () => {
    await settingsStore.load()
    const { entries, unreadable } = await library.list()
    for (const u of unreadable) log(`skipping unreadable session ${u.fileName}: ${u.reason}`)
    for (const e of findInterrupted(entries, new Set())) {
      interrupted.add(e.id)
      log(`recoverable: ${e.fileName} was left running at step ${e.session.step}`)
    }
  })()

  /** Plans a study, saves it under a fresh name in the sessions folder and starts it. */
  async function startNewStudy(plan: () => Study): Promise<StudySummary> {
    await ready
    if (closed) throw new Error('the backend is shutting down')
    const study = plan()
    const fileName = await library.freeFileName(
      `${slugify(study.definition.title)}-${timeStamp(new Date())}`,
      STUDY_EXTENSION
    )
    await studies.start(join(sessionsDir, fileName), study)
    const listed = (await api.listStudies()).find((s) => s.fileName === fileName)
    if (!listed) throw new Error(`study ${fileName} was started but cannot be listed`)
    return listed
  }

  /** The study file of a listed study id; rejects for an unknown id. */
  async function studyPath(id: string): Promise<string> {
    const fileName = await library.studyFileNameOf(id)
    if (!fileName) throw new Error(`no study '${id}' in the library`)
    return join(sessionsDir, fileName)
  }

  function emit(e: RunEvent): void {
    for (const l of [...listeners]) {
      try {
        l(e)
      } catch (err) {
        log(`run event listener failed: ${(err as Error).message}`)
      }
    }
  }

  function emitStatus(live: Live): void {
    const r = live.record
    const said = `${r.status}\n${r.message ?? ''}`
    if (live.lastStatus === said) return
    live.lastStatus = said
    const e: RunEvent = { kind: 'status', runId: r.id, status: r.status }
    if (r.message) e.message = r.message
    emit(e)
  }

  function workerPath(): string | URL {
    const p = opts.workerPath ?? findWorkerPath()
    if (!p) throw new Error('compute worker not found: build it (npm run build) or pass workerPath')
    return p
  }

  // ---- saving ----------------------------------------------------------------------------

  /** Writes the session (after any save in flight); with a live worker, asks it for a checkpoint first. */
  function save(live: Live, opts2: { checkpoint: boolean }): Promise<void> {
    const next = live.saving.then(async () => {
      const r = live.record
      if (opts2.checkpoint && live.client) {
        try {
          r.checkpoint = await withTimeout(live.client.requestCheckpoint(), WORKER_ANSWER_MS)
        } catch {
          // the run ended or the worker is stuck: keep the last checkpoint
        }
      }
      await saveSessionFile(r.path, r.toSession())
    })
    live.saving = next.catch((e: unknown) =>
      log(`saving ${live.record.fileName} failed: ${(e as Error).message}`)
    )
    return next
  }

  // ---- queue and workers -----------------------------------------------------------------

  function activeCount(): number {
    let n = 0
    for (const l of runs.values()) if (l.client) n++
    return n
  }

  function enqueue(live: Live): void {
    live.queued = true
    live.record.status = 'queued'
    if (!queue.includes(live)) queue.push(live)
    emitStatus(live)
    pump()
  }

  function pump(): void {
    while (!closed && queue.length && activeCount() < settingsStore.maxRuns()) {
      const live = queue.shift()!
      live.queued = false
      launch(live)
    }
  }

  function launch(live: Live): void {
    const r = live.record
    let run: SessionRun
    try {
      live.unlock = acquireFileLock(r.path)
      run = new SessionRun({
        workerPath: workerPath(),
        record: r,
        start: {
          checkpoint: r.step > 0 ? r.checkpoint : null,
          paused: live.startPaused,
          liveParticlesMs: Math.round(1000 / settingsStore.current.particleSnapshotsPerSecond),
          metricsFlushMs: 100,
          autoMemoryFile: autoMemoryPath(settingsFile)
        },
        onEvent: (e, finalRow) => onCompute(live, run, e, finalRow),
        autosave: {
          intervalSeconds: r.spec.compute.autosaveSeconds,
          save: () => (live.client ? save(live, { checkpoint: true }) : Promise.resolve())
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
      emitStatus(live)
      void save(live, { checkpoint: false }).catch(() => undefined)
      return
    }
    const client = run.client
    live.run = run
    live.client = client
    r.status = live.startPaused ? 'paused' : 'running'
    r.message = null
    live.particles = new Throttle(1000 / settingsStore.current.particleSnapshotsPerSecond, emit)
    live.histograms = new Throttle(1000 / settingsStore.current.histogramsPerSecond, emit)
    if (live.startPaused && live.stepAfterStart > 0) client.step(live.stepAfterStart)
    live.startPaused = false
    live.stepAfterStart = 0
    live.ended = run.ended.then(() => undefined)
    emitStatus(live)
  }

  /** The views' side of a worker event, after the run's record folded it. */
  function onCompute(
    live: Live,
    run: SessionRun,
    e: ComputeEvent,
    finalRow: MetricRecord | null
  ): void {
    if (live.run !== run) return
    const r = live.record
    switch (e.type) {
      case 'backend':
        emit({ kind: 'backend', runId: r.id, backend: e.backend })
        break
      case 'status':
        emitStatus(live)
        // a pause is a natural moment to make the file current
        if (e.status === 'paused') void save(live, { checkpoint: true }).catch(() => undefined)
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
        void finish(live, e, finalRow)
        break
      case 'error':
        void finish(live, e, null)
        break
      case 'checkpoint':
        break
    }
  }

  /** After the accumulator folded the end of a run: tell the views, save, start the next run. */
  async function finish(
    live: Live,
    e: DoneEvent | ErrorEvent,
    finalRow: MetricRecord | null
  ): Promise<void> {
    const r = live.record
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
      await save(live, { checkpoint: false })
      emit({ kind: 'saved', runId: r.id, fileName: r.fileName })
    } catch {
      // logged by save()
    }
    live.unlock?.()
    live.unlock = null
    emitStatus(live)
    pump()
  }

  // ---- finding sessions ------------------------------------------------------------------

  /** A session not live in this process: from the library or opened from elsewhere. */
  async function loadStored(
    id: string
  ): Promise<{ path: string; fileName: string; session: Session }> {
    const ext = external.get(id)
    if (ext)
      return { path: ext, fileName: basename(ext), session: (await loadSessionFile(ext)).session }
    const e = await library.load(id)
    return { path: e.path, fileName: e.fileName, session: e.session }
  }

  /** The live run of an id, or a new (idle) Live holding the stored session. */
  async function liveOrStored(id: string): Promise<Live> {
    const live = runs.get(id)
    if (live) return live
    const s = await loadStored(id)
    const record = RunRecord.fromSession(id, s.path, s.fileName, s.session)
    if (interrupted.has(id)) {
      record.status = 'paused'
      record.message = interruptedMessage(s.session)
    }
    return newLive(record)
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

  /** Continues a stored session from its checkpoint in a new worker (queued like any run). */
  async function revive(live: Live, action: 'resume' | 'step', steps?: number): Promise<void> {
    const r = live.record
    const stored = r.toSession()
    const storedStatus = interrupted.has(r.id) ? 'running' : stored.status
    if (!canResume({ ...stored, status: storedStatus })) {
      throw new Error(
        r.status === 'completed'
          ? `run ${r.id} has completed`
          : `run ${r.id} cannot continue: it has no checkpoint to resume from`
      )
    }
    r.trimToCheckpoint()
    interrupted.delete(r.id)
    runs.set(r.id, live)
    live.startPaused = action === 'step'
    live.stepAfterStart = action === 'step' ? (steps ?? r.spec.observe.every) : 0
    enqueue(live)
  }

  /** Writes a new run's session under a name no other run holds, then queues it. */
  async function startNewRun(input: ExperimentSpecInput, rows?: DataRows): Promise<RunId> {
    await ready
    if (closed) throw new Error('the backend is shutting down')
    const spec = assertSpec(input)
    const data = rowsFor(spec, rows)
    const preset = spec.preset ? findPreset(spec.preset) : undefined
    const fileName = await library.freeFileName(`${slugify(spec.title)}-${timeStamp(new Date())}`)
    const id = idFromFileName(fileName)
    const session = createSession(spec, {
      lesson: preset ? { narrative: preset.narrative, editable: preset.editable } : null
    })
    // the rows travel inside the session: a shared file never needs the CSV it came from
    if (data) session.data = data
    const record = RunRecord.fromSession(id, join(sessionsDir, fileName), fileName, session)
    const live = newLive(record)
    record.status = 'queued'
    // written before it is listed: a run whose file cannot be written never starts
    await save(live, { checkpoint: false })
    runs.set(id, live)
    enqueue(live)
    return id
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

  // ---- the API ---------------------------------------------------------------------------

  const api: LabBackend = {
    sessionsDir,

    async listPresets(): Promise<PresetSummary[]> {
      return listPresets().map((p) => ({
        id: p.id,
        title: p.title,
        claim: p.claim,
        estimatedSeconds: p.estimatedSeconds,
        narrative: p.narrative,
        editable: p.editable,
        ...(presetVariantLabels(p.id).length && {
          variants: {
            ci: presetVariantLabels(p.id, 'ci'),
            default: presetVariantLabels(p.id, 'default'),
            paper: presetVariantLabels(p.id, 'paper')
          }
        })
      }))
    },

    async presetSpec(id, size) {
      return presetSpec(id, { size })
    },

    async validateSpec(spec) {
      const r = parseSpec(spec)
      return r.ok ? [] : r.issues
    },

    async chooseDataFile(): Promise<ChosenData | null> {
      throw new Error('this host has no file dialog: choose the CSV file in the page')
    },

    async startRun(input: ExperimentSpecInput, data?: DataRows): Promise<RunId> {
      // counted from the first moment, so a burst of concurrent calls cannot pass the cap together
      if (queue.length + startsInFlight >= MAX_QUEUED_RUNS)
        throw new Error(
          `too many runs waiting to start (${MAX_QUEUED_RUNS}); stop some or let them finish first`
        )
      startsInFlight++
      try {
        return await startNewRun(input, data)
      } finally {
        startsInFlight--
      }
    },

    async controlRun(id: RunId, action: ControlAction, amount?: number): Promise<void> {
      await ready
      const live = await liveOrStored(id)
      const r = live.record
      const client = live.client
      if (!isActive(live)) {
        if (action === 'resume' || action === 'step') return revive(live, action, amount)
        if (action === 'speed') return
        if (action === 'pause') throw new Error(`run ${id} is not running (${r.status})`)
        // stop of an idle session: an interrupted one becomes stopped; others are already ended
        if (interrupted.has(id)) {
          interrupted.delete(id)
          r.status = 'stopped'
          r.message = null
          runs.set(id, live)
          await save(live, { checkpoint: false })
          emitStatus(live)
        }
        return
      }
      if (live.queued) {
        if (action === 'stop') {
          queue.splice(queue.indexOf(live), 1)
          live.queued = false
          r.status = 'stopped'
          await save(live, { checkpoint: false })
          emitStatus(live)
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
    },

    async listSessions(): Promise<SessionSummary[]> {
      await ready
      const out: RecoverableSummary[] = []
      const livePaths = new Set<string>()
      for (const live of runs.values()) {
        out.push(live.record.summary())
        livePaths.add(resolve(live.record.path))
      }
      const { entries } = await library.list()
      for (const e of entries) {
        if (livePaths.has(resolve(e.path)) || runs.has(e.id)) continue
        const s: RecoverableSummary = summarize(e.id, e.fileName, e.session)
        if (interrupted.has(e.id)) {
          s.status = 'paused'
          s.recoverable = true
          s.message = interruptedMessage(e.session)
        }
        out.push(s)
      }
      for (const [id, path] of external) {
        if (runs.has(id)) continue
        try {
          out.push(summarize(id, basename(path), (await loadSessionFile(path)).session))
        } catch (err) {
          log(`opened session ${path} is no longer readable: ${(err as Error).message}`)
        }
      }
      return out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    },

    async listRecoverable(): Promise<SessionSummary[]> {
      const all = (await api.listSessions()) as RecoverableSummary[]
      return all.filter((s) => s.recoverable)
    },

    async loadSession(id: string): Promise<SessionData> {
      await ready
      return (await liveOrStored(id)).record.toData()
    },

    async saveSession(id: string, name?: string): Promise<SessionSummary> {
      await ready
      const live = await liveOrStored(id)
      if (name !== undefined) live.record.setTitle(name)
      await save(live, { checkpoint: live.client !== null })
      emit({ kind: 'saved', runId: id, fileName: live.record.fileName })
      return live.record.summary()
    },

    async addNote(id: string, step: number, text: string): Promise<void> {
      await ready
      const live = await liveOrStored(id)
      live.record.addNote(step, text)
      await save(live, { checkpoint: live.client !== null })
    },

    async exportChart(id: string, chart: string, format: ChartFormat): Promise<ExportedChart> {
      await ready
      const live = await liveOrStored(id)
      return exportChart(live.record.toSession(), id, chart, format)
    },

    async listStudies(): Promise<StudySummary[]> {
      await ready
      const listed = await library.listStudies()
      for (const u of listed.unreadable) log(`study file ${u.fileName} is unreadable: ${u.reason}`)
      return listed.studies.map((s) =>
        studies.isRunning(join(sessionsDir, s.fileName)) ? { ...s, running: true } : s
      )
    },

    async loadStudy(id: string): Promise<StudyData> {
      await ready
      return studies.data(await studyPath(id), id) ?? library.loadStudy(id)
    },

    async startStudy(presetId: string, size: PresetSize = 'default'): Promise<StudySummary> {
      return startNewStudy(() => planPresetVariantStudy(presetId, { size }))
    },

    async startSweep(plan: PresetSweepPlan): Promise<StudySummary> {
      return startNewStudy(() => planPresetSweep(plan))
    },

    async controlStudy(id: string, action: StudyAction): Promise<void> {
      await ready
      const path = await studyPath(id)
      if (action === 'stop') return studies.stop(path)
      if (closed) throw new Error('the backend is shutting down')
      if (studies.isRunning(path)) return
      const study = await loadStudyFile(path)
      if (study.runs.every((r) => r.session.status === 'completed'))
        throw new Error(`study ${id} has completed`)
      await studies.start(path, study)
    },

    async showingSession(): Promise<void> {
      // what the window shows matters to the desktop shell only (it observes this call)
    },

    async getSettings(): Promise<SettingsView> {
      await ready
      return settingsStore.view()
    },

    async updateSettings(patch): Promise<SettingsView> {
      await ready
      const view = await settingsStore.update(patch)
      // more slots may start queued runs; fewer never stop running ones
      pump()
      return view
    },

    onRunEvent(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },

    async openSessionFile(path: string): Promise<SessionSummary> {
      await ready
      const abs = resolve(path)
      const rel = relative(sessionsDir, abs)
      if (
        !rel.startsWith('..') &&
        !rel.includes('/') &&
        !rel.includes('\\') &&
        abs.endsWith(SESSION_EXT)
      ) {
        const { entries } = await library.list()
        const e = entries.find((x) => resolve(x.path) === abs)
        if (e) return summarize(e.id, e.fileName, e.session)
      }
      for (const [id, p] of external)
        if (p === abs) return summarize(id, basename(abs), (await loadSessionFile(abs)).session)
      const session = (await loadSessionFile(abs)).session
      const taken = new Set([
        ...runs.keys(),
        ...external.keys(),
        ...(await library.list()).entries.map((e) => e.id)
      ])
      let id = `file-${idFromFileName(basename(abs))}`.slice(0, 100)
      for (let i = 2; taken.has(id); i++)
        id = `file-${idFromFileName(basename(abs))}-${i}`.slice(0, 110)
      external.set(id, abs)
      return summarize(id, basename(abs), session)
    },

    async saveSessionAs(id: string, path: string): Promise<SessionSummary> {
      await ready
      const live = await liveOrStored(id)
      if (live.client) {
        try {
          live.record.checkpoint = await withTimeout(
            live.client.requestCheckpoint(),
            WORKER_ANSWER_MS
          )
        } catch {
          // keep the last checkpoint
        }
      }
      await saveSessionFile(resolve(path), live.record.toSession())
      return api.openSessionFile(path)
    },

    async exportSession(id: string, path: string, format: ExportFormat): Promise<void> {
      await ready
      const s = (await liveOrStored(id)).record.toSession()
      await writeFile(path, sessionExportText(s, format), 'utf8')
    },

    async shutdown(): Promise<void> {
      await ready.catch(() => undefined)
      closed = true
      const waits: Promise<void>[] = []
      for (const live of runs.values()) {
        if (live.queued) {
          live.queued = false
          waits.push(save(live, { checkpoint: false }).catch(() => undefined))
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
              log(`run ${live.record.id} did not stop in time; it will be recoverable`)
            })
          )
        }
      }
      queue.length = 0
      waits.push(studies.shutdown())
      await Promise.all(waits)
      for (const live of runs.values()) await live.saving
      listeners.clear()
      await decoder.close()
    }
  }
  return api
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

/** `20261124-213000`: sortable, and valid in file names everywhere. */
function timeStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return (
    `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-` +
    `${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`
  )
}
