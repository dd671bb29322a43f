import type { ExperimentSpec, ExperimentSpecInput } from '../spec/experiment-spec'
import type { BackendReport, MetricRecord, NormHistogram } from '../engine/simulation-types'
import type { AppCommand } from './app-command'
import type { Lesson, ParticleSnapshot } from '../session/session-types'
import type { PresetSize } from '../spec/presets'
import type { ClaimResult } from '../claims/claim-types'
import type { StudyData } from '../study/study-data'
import type { StudyStatus } from '../study/study-types'
import type { PresetSweepPlan } from '../study/preset-study'
import type { Settings, SettingsView } from './settings-schema'

export type { AppCommand } from './app-command'
export type { Settings, SettingsView } from './settings-schema'
export type { PresetSweepPlan } from '../study/preset-study'

export type RunId = string
export type RunStatus = 'queued' | 'running' | 'paused' | 'completed' | 'stopped' | 'failed'

export interface PresetSummary {
  id: string
  title: string
  claim: string
  /** Estimated seconds on a 2-core CPU at the default size. */
  estimatedSeconds: number
  /** What to predict and watch, for the lesson panel. */
  narrative?: string
  /** Spec paths a student may change in the lesson. */
  editable?: string[]
  /**
   * The runs the preset compares at each size (its variants' labels), run together by
   * `startStudy`; absent for a single-run preset.
   */
  variants?: Record<PresetSize, string[]>
}

/** What the renderer knows about a session (open or recent). */
export interface SessionSummary {
  /** Opaque handle of the session in this backend (never a path the renderer made up). */
  id: string
  title: string
  fileName: string | null
  status: RunStatus
  step: number
  steps: number
  updatedAt: string
  /** Left 'running' by a crash: can be resumed from its last autosave. */
  recoverable?: boolean
  /** Why the session is in its state (e.g. the divergence message of a failed run). */
  message?: string
}

/** Everything needed to draw a session: spec, series, histograms, latest particles. */
export interface SessionData {
  summary: SessionSummary
  spec: ExperimentSpec
  /** Metric columns, one entry per record (NaN where a record lacks the metric). */
  series: Record<string, Float64Array>
  histograms: NormHistogram[]
  /** Latest particle snapshot (a kept one, or the live one of a run in this backend). */
  particles: ParticleSnapshot | null
  notes: { step: number; text: string }[]
  backend: BackendReport | null
  /** A teacher's lesson carried by the file: the narrative and the controls a student may change. */
  lesson: Lesson | null
  /**
   * The verdicts on the preset's claims as the backend judged them (saved in the session file);
   * absent for a session without a preset.
   */
  claims?: ClaimResult[]
}

/** What the Library lists about a study (a `.mflabstudy` file in the sessions folder). */
export interface StudySummary {
  /** Opaque handle for `loadStudy` (never a path). */
  id: string
  title: string
  fileName: string
  preset: string | null
  /** The swept spec path, e.g. 'model.width'. */
  param: string
  /** Planned runs (values × seeds) and those completed. */
  runs: number
  completed: number
  status: StudyStatus
  updatedAt: string
  /** Whether this backend is running it now. */
  running?: boolean
}

/** Events streamed from a run to the UI. */
export type RunEvent =
  | { kind: 'status'; runId: RunId; status: RunStatus; message?: string }
  | { kind: 'metrics'; runId: RunId; records: MetricRecord[]; stepsPerSecond: number }
  | { kind: 'histogram'; runId: RunId; histogram: NormHistogram }
  | ({ kind: 'particles'; runId: RunId } & ParticleSnapshot)
  | { kind: 'backend'; runId: RunId; backend: BackendReport }
  | { kind: 'error'; runId: RunId; message: string }
  | { kind: 'saved'; runId: RunId; fileName: string }

/**
 * What can be done to a run. 'step' advances a paused run by `amount` steps (default: one record
 * interval); 'speed' caps a running one at `amount` steps per second (0: full speed), the
 * classroom's slow motion.
 */
export type ControlAction = 'pause' | 'resume' | 'stop' | 'step' | 'speed'

/** An image format of an exported chart. */
export type ChartFormat = 'png' | 'svg'

/** A chart drawn for export: a file name to save it as and its bytes. */
export interface ExportedChart {
  fileName: string
  mimeType: string
  bytes: Uint8Array
}

/**
 * A CSV data set's rows as a run carries them (docs/science.md#tasks): `x` holds n × d features
 * row-major, `y` the n labels. They are embedded in the run's session file.
 */
export interface DataRows {
  x: Float64Array
  y: Float64Array
}

/** A CSV file the user chose, parsed: its name (never a path), its shape and its rows. */
export interface ChosenData extends DataRows {
  fileName: string
  /** Rows n and feature columns d. */
  n: number
  d: number
  /** Column names of the header row, or null when the file has none. */
  header: string[] | null
}

/** What can be done to a study: stop it (runs keep checkpoints) or resume its unfinished runs. */
export type StudyAction = 'stop' | 'resume'

/** The whole surface the renderer sees: implemented over Electron IPC and over the web-mode socket. */
export interface LabApi {
  listPresets(): Promise<PresetSummary[]>
  presetSpec(id: string, size?: PresetSize): Promise<ExperimentSpec>
  validateSpec(spec: ExperimentSpecInput): Promise<{ path: string; message: string }[]>
  /**
   * Starts a run of a spec in a new session file. A CSV task ('csv') needs `data`, its rows, which
   * the session then carries; other tasks take none.
   */
  startRun(spec: ExperimentSpecInput, data?: DataRows): Promise<RunId>
  /**
   * Lets the user choose a CSV file with the host's own file dialog and returns its rows (null when
   * the dialog is cancelled). Only the desktop app has such a dialog: web mode rejects, since the
   * page reads the file the user picks itself.
   */
  chooseDataFile(): Promise<ChosenData | null>
  controlRun(id: RunId, action: ControlAction, amount?: number): Promise<void>
  listSessions(): Promise<SessionSummary[]>
  loadSession(id: string): Promise<SessionData>
  saveSession(id: string, name?: string): Promise<SessionSummary>
  addNote(id: string, step: number, text: string): Promise<void>
  /**
   * One chart of a session drawn by the report's renderer (the same chart definitions as
   * `mflab report`): `chart` is a report chart name ('risk', 'norm-histogram', 'particles',
   * 'kernel-heatmap', 'metric-<column>'); rejects for a chart the session does not have. With a
   * study's id, `chart` is 'study-curves-<metric>' (or 'study-curves-log-<metric>'): the study's
   * curves, one colour per setting with its seeds as a band, in a file named after the study.
   */
  exportChart(id: string, chart: string, format: ChartFormat): Promise<ExportedChart>
  /** The studies in the sessions folder, newest first (unreadable files are left out). */
  listStudies(): Promise<StudySummary[]>
  /** A listed study as the Study view draws it (live while it runs); rejects for an unknown id. */
  loadStudy(id: string): Promise<StudyData>
  /**
   * Runs a preset's variants at a size as one study (a `.mflabstudy` file in the sessions folder),
   * in parallel workers; resolves with its summary once it is saved and started. Rejects for a
   * single-run preset.
   */
  startStudy(presetId: string, size?: PresetSize): Promise<StudySummary>
  /**
   * Runs one preset over a list of values of a spec path, once per seed, as one study (like
   * `mflab sweep`); resolves with its summary once it is saved and started. Rejects a bad path or
   * value before anything runs.
   */
  startSweep(plan: PresetSweepPlan): Promise<StudySummary>
  /** Stops a running study (resumable) or resumes a stopped one. */
  controlStudy(id: string, action: StudyAction): Promise<void>
  /**
   * Tells the host which session the window shows (null: none), so the desktop menu's Save,
   * Save As, Export and Close act on what the user sees; a host without a menu ignores it.
   */
  showingSession(id: string | null): Promise<void>
  /** The backend's settings, which of them the host fixed, and the machine's cores. */
  getSettings(): Promise<SettingsView>
  /** Changes some settings (validated, saved atomically, applied at once); returns the new view. */
  updateSettings(patch: Partial<Settings>): Promise<SettingsView>
  /**
   * Forgets which of the processor and the graphics card `auto` found faster for each kind of run,
   * so the next run of each kind measures again; returns the new view.
   */
  forgetBackendChoices(): Promise<SettingsView>
  onRunEvent(listener: (e: RunEvent) => void): () => void
  /**
   * Commands from the desktop shell (menu, files opened by the OS); returns unsubscribe.
   * Optional: only the Electron bridge has a shell to send them.
   */
  onAppCommand?(listener: (c: AppCommand) => void): () => void
}
