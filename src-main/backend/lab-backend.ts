import { writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { LabApi, RunEvent, SessionSummary, StudySummary } from '@shared/protocol/lab-api'
import { planPresetSweep, planPresetVariantStudy } from '@shared/study/preset-study'
import { STUDY_EXTENSION } from '@shared/study/study-manifest-schema'
import type { Study } from '@shared/study/study-types'
import { parseSpec } from '@shared/spec/experiment-spec'
import { presetSpec } from '@shared/spec/presets'
import { autoMemoryPath } from '../compute/auto-memory-file'
import { Library, type SessionFiles } from './library'
import { presetSummaries } from './preset-summaries'
import { RunQueue } from './run-queue'
import { DecoderUnavailableError, SessionDecoder } from './session-decoder'
import { exportChart, exportStudyChart, isStudyChart, sessionExportText } from './session-exports'
import type { SessionFileOps } from './session-file-ops'
import { SessionRegistry, type RecoverableSummary } from './session-registry'
import { loadSessionFile, saveSessionFile } from './session-store'
import { BackendSettings } from './settings'
import { StudyHost } from './study-host'
import { loadStudyFile } from './study-runner'
import { findWorkerPath } from './worker-path'

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

const sessionFiles: SessionFiles = {
  load: async (p) => (await loadSessionFile(p)).session,
  save: async (p, s) => {
    await saveSessionFile(p, s)
  }
}

/**
 * Creates the backend, plain Node with no Electron, from its parts: the settings, the sessions
 * folder (Library), the sessions it can name (SessionRegistry), the app's runs and their workers
 * (RunQueue), studies (StudyHost) and exports. Sessions found in status 'running' at start are
 * recoverable.
 */
export function createLabBackend(opts: LabBackendOptions): LabBackend {
  const sessionsDir = resolve(
    opts.sessionsDir ?? (opts.dataDir ? join(opts.dataDir, 'sessions') : 'sessions')
  )
  const settingsFile =
    opts.settingsFile ?? join(opts.dataDir ?? dirname(sessionsDir), 'settings.json')
  const log = opts.log ?? (() => {})
  const workerPath = (): string | URL => {
    const p = opts.workerPath ?? findWorkerPath()
    if (!p) throw new Error('compute worker not found: build it (npm run build) or pass workerPath')
    return p
  }
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
  const registry = new SessionRegistry(library, log)
  const settings = new BackendSettings(
    settingsFile,
    { maxConcurrentRuns: opts.maxConcurrentRuns },
    log
  )
  const listeners = new Set<(e: RunEvent) => void>()
  let closed = false
  const ready = (async () => {
    await settings.load()
    await registry.scan()
  })()
  const emit = (e: RunEvent): void => {
    for (const l of [...listeners]) {
      try {
        l(e)
      } catch (err) {
        log(`run event listener failed: ${(err as Error).message}`)
      }
    }
  }
  const runs = new RunQueue({
    library,
    registry,
    settings,
    ready,
    workerPath,
    autoMemoryFile: autoMemoryPath(settingsFile),
    emit,
    log
  })
  const studies = new StudyHost({
    workerPath,
    jobs: () => settings.current.studyWorkers || undefined,
    log
  })

  /** Plans a study, saves it under a fresh name in the sessions folder and starts it. */
  async function startNewStudy(plan: () => Study): Promise<StudySummary> {
    await ready
    if (closed) throw new Error('the backend is shutting down')
    const study = plan()
    const fileName = await library.freshFileName(study.definition.title, STUDY_EXTENSION)
    await studies.start(library.pathOf(fileName), study)
    const listed = (await api.listStudies()).find((s) => s.fileName === fileName)
    if (!listed) throw new Error(`study ${fileName} was started but cannot be listed`)
    return listed
  }

  /** The study file of a listed study id; rejects for an unknown id. */
  async function studyPath(id: string): Promise<string> {
    const fileName = await library.studyFileNameOf(id)
    if (!fileName) throw new Error(`no study '${id}' in the library`)
    return library.pathOf(fileName)
  }

  const api: LabBackend = {
    sessionsDir,

    listPresets: async () => presetSummaries(),
    presetSpec: async (id, size) => presetSpec(id, { size }),
    async validateSpec(spec) {
      const r = parseSpec(spec)
      return r.ok ? [] : r.issues
    },

    async chooseDataFile() {
      throw new Error('this host has no file dialog: choose the CSV file in the page')
    },
    startRun: (input, data) => runs.start(input, data),
    async controlRun(id, action, amount) {
      await ready
      return runs.control(id, action, amount)
    },

    async listSessions() {
      await ready
      return registry.list(runs.records())
    },
    async listRecoverable() {
      const all = (await api.listSessions()) as RecoverableSummary[]
      return all.filter((s) => s.recoverable)
    },
    async loadSession(id) {
      await ready
      return (await runs.record(id)).toData()
    },
    async saveSession(id, name) {
      await ready
      const r = await runs.update(id, (r) => {
        if (name !== undefined) r.setTitle(name)
      })
      emit({ kind: 'saved', runId: id, fileName: r.fileName })
      return r.summary()
    },
    async addNote(id, step, text) {
      await ready
      await runs.update(id, (r) => r.addNote(step, text))
    },
    async exportChart(id, chart, format) {
      await ready
      if (isStudyChart(chart)) return exportStudyChart(await api.loadStudy(id), chart, format)
      return exportChart((await runs.record(id)).toSession(), id, chart, format)
    },

    async listStudies() {
      await ready
      const listed = await library.listStudies()
      for (const u of listed.unreadable) log(`study file ${u.fileName} is unreadable: ${u.reason}`)
      return listed.studies.map((s) =>
        studies.isRunning(library.pathOf(s.fileName)) ? { ...s, running: true } : s
      )
    },
    async loadStudy(id) {
      await ready
      return studies.data(await studyPath(id), id) ?? library.loadStudy(id)
    },
    startStudy: (presetId, size = 'default') =>
      startNewStudy(() => planPresetVariantStudy(presetId, { size })),
    startSweep: (plan) => startNewStudy(() => planPresetSweep(plan)),
    async controlStudy(id, action) {
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

    async showingSession() {
      // what the window shows matters to the desktop shell only (it observes this call)
    },

    async getSettings() {
      await ready
      return settings.view()
    },
    async updateSettings(patch) {
      await ready
      const view = await settings.update(patch)
      // more slots may start queued runs; fewer never stop running ones
      runs.pump()
      return view
    },
    async forgetBackendChoices() {
      await ready
      return settings.forgetBackendChoices()
    },

    onRunEvent(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },

    async openSessionFile(path) {
      await ready
      return registry.open(
        path,
        runs.records().map((r) => r.id)
      )
    },
    async saveSessionAs(id, path) {
      await ready
      await saveSessionFile(resolve(path), await runs.snapshot(id))
      return api.openSessionFile(path)
    },
    async exportSession(id, path, format) {
      await ready
      const s = (await runs.record(id)).toSession()
      await writeFile(path, sessionExportText(s, format), 'utf8')
    },

    async shutdown() {
      await ready.catch(() => undefined)
      closed = true
      await Promise.all([runs.shutdown(), studies.shutdown()])
      listeners.clear()
      await decoder.close()
    }
  }
  return api
}
