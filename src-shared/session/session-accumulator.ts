import { sessionClaims } from '../claims/session-claims'
import type { ClaimResult } from '../claims/claim-types'
import type {
  BackendReport,
  Checkpoint,
  MetricRecord,
  NormHistogram
} from '../engine/simulation-types'
import type { RunStatus, SessionData, SessionSummary } from '../protocol/lab-api'
import type { ExperimentSpec } from '../spec/experiment-spec'
import { isArrayName } from './archive-paths'
import type { ParticleSnapshot, Session, SessionStatus } from './session-types'

/** Most histograms kept per session; beyond it every other one is dropped (the file stays small). */
export const MAX_KEPT_HISTOGRAMS = 400

/**
 * What a run's compute worker reports, as far as the session is concerned (the compute protocol's
 * events are of this shape): the backend, status changes, metric records, histograms, particles,
 * checkpoints, and the end.
 */
export type SessionEvent =
  | { type: 'backend'; backend: BackendReport }
  | { type: 'status'; status: 'running' | 'paused' }
  | { type: 'metrics'; records: MetricRecord[]; step: number; time: number }
  | { type: 'histogram'; histogram: NormHistogram }
  | (ParticleSnapshot & { type: 'particles'; reason: 'snapshot' | 'live' | 'request' })
  | { type: 'checkpoint'; checkpoint: Checkpoint }
  | {
      type: 'done'
      status: 'completed' | 'stopped'
      step: number
      time: number
      final: MetricRecord
      checkpoint: Checkpoint
    }
  | { type: 'error'; message: string }

/** A stored session's status as a RunStatus: one never run ('created') reads as stopped at step 0. */
export function runStatusOf(s: SessionStatus): RunStatus {
  return s === 'created' ? 'stopped' : s
}

/** How a RunStatus is stored: a queued run is 'created' before its first step, else 'paused'. */
export function fileStatus(s: RunStatus, step: number): SessionStatus {
  if (s === 'queued') return step > 0 ? 'paused' : 'created'
  return s
}

/** The SessionSummary of a stored session held under `id` (a backend handle) and file name. */
export function sessionSummary(id: string, fileName: string | null, s: Session): SessionSummary {
  return {
    id,
    title: s.spec.title,
    fileName,
    status: runStatusOf(s.status),
    step: s.step,
    steps: s.spec.dynamics.steps,
    updatedAt: s.updatedAt
  }
}

/**
 * The one place where a session grows during a run, for the app, the CLI and studies alike: it
 * folds the compute worker's events (`apply`) into metric columns (NaN-filled where a record lacks
 * a metric; only names a session file can hold), histograms (at most MAX_KEPT_HISTOGRAMS), kept
 * snapshots, the latest particles, the backend and the checkpoint. It gives the file form
 * (`toSession`), the summary and what a view draws (`toData`).
 */
export class SessionAccumulator {
  status: RunStatus
  message: string | null
  step: number
  time: number
  backend: BackendReport | null
  checkpoint: Checkpoint | null
  /** Latest particles seen (a kept snapshot or a live one), for views. */
  latest: ParticleSnapshot | null = null
  histograms: NormHistogram[]
  snapshots: ParticleSnapshot[]
  private readonly columns = new Map<string, number[]>()
  private rows = 0
  /** The latest value of every metric seen (a record may lack some). */
  private metrics: MetricRecord
  /** Whether results were added since the stored session was read (its saved claims are stale). */
  private grown = false

  /**
   * `finalRow`: a run that ends between two records gets its final state as the last metric row
   * (the app, so its charts end where the run did); without it the series keep their record steps
   * only (the CLI and studies, so a resumed run's series equal an uninterrupted one's), and the
   * final state is in the summary either way.
   */
  constructor(
    private base: Session,
    private readonly opts: { finalRow?: boolean } = {}
  ) {
    this.status = runStatusOf(base.status)
    this.message = base.message
    this.step = base.step
    this.time = base.time
    this.backend = base.backend
    this.checkpoint = base.checkpoint
    this.histograms = [...base.histograms]
    this.snapshots = [...base.snapshots]
    this.latest = this.snapshots.at(-1) ?? null
    const names = Object.keys(base.series)
    this.rows = names.length ? base.series[names[0]].length : 0
    for (const n of names) this.columns.set(n, Array.from(base.series[n]))
    this.metrics = { ...base.summary }
  }

  /** The session's data arrays (a CSV task's rows, see csv-rows.ts): carried as they are. */
  get data(): Session['data'] {
    return this.base.data
  }

  get spec(): ExperimentSpec {
    return this.base.spec
  }

  get notes(): Session['notes'] {
    return this.base.notes
  }

  /** The latest value of every metric seen. */
  get summaryMetrics(): MetricRecord {
    return this.metrics
  }

  /** Renames the session (its spec title). */
  setTitle(title: string): void {
    this.base = { ...this.base, spec: { ...this.base.spec, title } }
  }

  addNote(step: number, text: string, now = new Date()): void {
    this.base = {
      ...this.base,
      notes: [...this.base.notes, { step, text, createdAt: now.toISOString() }]
    }
  }

  /**
   * Drops results past the checkpoint, so a resumed run continues the series without a fold
   * (records flushed after the last autosave's checkpoint would otherwise repeat).
   */
  trimToCheckpoint(): void {
    const cp = this.checkpoint
    if (!cp) return
    this.grown = true
    const steps = this.columns.get('step')
    if (steps) {
      let keep = steps.length
      while (keep > 0 && steps[keep - 1] > cp.step) keep--
      for (const col of this.columns.values()) col.length = keep
      this.rows = keep
      this.metrics = {}
      for (const [name, col] of this.columns) if (keep) this.metrics[name] = col[keep - 1]
    }
    this.histograms = this.histograms.filter((h) => h.step <= cp.step)
    this.snapshots = this.snapshots.filter((p) => p.step <= cp.step)
    this.latest = this.snapshots.at(-1) ?? null
    this.step = cp.step
    this.time = cp.time
  }

  /**
   * Folds one worker event into the session. Returns the row it appended for a run that ended
   * between two records (its final state, with the `finalRow` option), which a live view has not
   * seen; else null.
   */
  apply(e: SessionEvent): MetricRecord | null {
    switch (e.type) {
      case 'backend':
        this.backend = e.backend
        break
      case 'status':
        this.status = e.status
        break
      case 'metrics':
        this.appendRecords(e.records)
        this.step = Math.max(this.step, e.step)
        this.time = Math.max(this.time, e.time)
        break
      case 'histogram':
        this.addHistogram(e.histogram)
        break
      case 'particles':
        if (e.reason !== 'request')
          this.addParticles(
            { step: e.step, m: e.m, d: e.d, a: e.a, b: e.b, w: e.w },
            e.reason === 'snapshot'
          )
        break
      case 'checkpoint':
        this.checkpoint = e.checkpoint
        break
      case 'done': {
        this.checkpoint = e.checkpoint
        this.step = e.step
        this.time = e.time
        this.status = e.status
        this.message = null
        this.metrics = { ...this.metrics, ...e.final }
        // a stop between two records: keep the final state as the last row
        if (!this.opts.finalRow || this.lastRecordedStep() >= e.step) break
        const row = { ...e.final, step: e.step, time: e.time }
        this.appendRecords([row])
        return row
      }
      case 'error':
        this.status = 'failed'
        this.message = e.message
        break
    }
    return null
  }

  /** Appends metric records (one row each, in step order); new metrics are back-filled with NaN. */
  appendRecords(records: readonly MetricRecord[]): void {
    for (const r of records) {
      const last = this.columns.get('step')
      if (last && last.length && typeof r.step === 'number' && r.step <= last[last.length - 1])
        continue
      for (const name of Object.keys(r)) {
        if (!isArrayName(name) || this.columns.has(name)) continue
        this.columns.set(name, new Array<number>(this.rows).fill(NaN))
      }
      for (const [name, col] of this.columns) {
        const v = r[name]
        col.push(typeof v === 'number' ? v : NaN)
      }
      this.rows++
      this.grown = true
      this.metrics = { ...this.metrics, ...r }
      if (typeof r.step === 'number') this.step = Math.max(this.step, r.step)
      if (typeof r.time === 'number') this.time = Math.max(this.time, r.time)
    }
  }

  /** The step of the last metric row, or -1. */
  lastRecordedStep(): number {
    const s = this.columns.get('step')
    return s && s.length ? s[s.length - 1] : -1
  }

  addHistogram(h: NormHistogram): void {
    this.grown = true
    this.histograms.push(h)
    if (this.histograms.length > MAX_KEPT_HISTOGRAMS) {
      this.histograms = this.histograms.filter(
        (_, i) => i % 2 === 0 || i === this.histograms.length - 1
      )
    }
  }

  /** Records particles: `keep` ones go into the session's snapshots (one per step). */
  addParticles(p: ParticleSnapshot, keep: boolean): void {
    this.latest = p
    if (!keep) return
    this.snapshots = this.snapshots.filter((s) => s.step !== p.step)
    this.snapshots.push(p)
    this.snapshots.sort((x, y) => x.step - y.step)
  }

  /**
   * The session as it should be written now. With a preset, its claims: the file's verdicts while
   * no results were added, else judged on the results so far (final once the run completed).
   */
  toSession(): Session {
    const series: Record<string, Float64Array> = {}
    for (const [name, col] of this.columns) series[name] = Float64Array.from(col)
    const { claims: saved, ...base } = this.base
    const session: Session = {
      ...base,
      status: fileStatus(this.status, this.step),
      step: this.step,
      time: this.time,
      backend: this.backend,
      summary: { ...this.metrics },
      message: this.message,
      series,
      histograms: [...this.histograms],
      snapshots: [...this.snapshots],
      checkpoint: this.checkpoint
    }
    if (saved && !this.grown) session.claims = saved
    else if (session.spec.preset) session.claims = sessionClaims(session)
    return session
  }

  /** The verdicts on the preset's claims: the saved ones, or judged on the results so far. */
  claims(): ClaimResult[] | undefined {
    if (this.base.claims && !this.grown) return this.base.claims
    return this.base.spec.preset ? this.toSession().claims : undefined
  }

  /** The summary of the session held under `id` as of now. */
  summary(id: string, fileName: string | null): SessionSummary {
    return {
      id,
      title: this.base.spec.title,
      fileName,
      status: this.status,
      step: this.step,
      steps: this.base.spec.dynamics.steps,
      updatedAt: new Date().toISOString()
    }
  }

  /** What a view needs to draw the session held under `id`. */
  toData(id: string, fileName: string | null): SessionData {
    // the series and claims as they would be written (claims judged on one copy of the series)
    const { series, claims } = this.toSession()
    const p = this.latest
    return {
      summary: this.summary(id, fileName),
      spec: this.base.spec,
      series,
      histograms: this.histograms.slice(),
      particles: p && { step: p.step, m: p.m, d: p.d, a: p.a, b: p.b, w: p.w },
      notes: this.base.notes.map((n) => ({ step: n.step, text: n.text })),
      backend: this.backend,
      lesson: this.base.lesson,
      ...(claims ? { claims } : {})
    }
  }
}
