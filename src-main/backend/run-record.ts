import type { ClaimResult } from '@shared/claims'
import type {
  BackendReport,
  Checkpoint,
  MetricRecord,
  NormHistogram
} from '@shared/engine/simulation-types'
import type { RunStatus, SessionData, SessionSummary } from '@shared/protocol/lab-api'
import { isArrayName } from '@shared/session/archive-paths'
import type { ParticleSnapshot, Session, SessionStatus } from '@shared/session/session-types'
import type { ExperimentSpec } from '@shared/spec/experiment-spec'
import { sessionClaims } from '../compute/session-recorder'

/** Most histograms kept per session; beyond it every other one is dropped (the file stays small). */
export const MAX_KEPT_HISTOGRAMS = 400

/**
 * The results of one session as they grow during a run: metric columns (growable, NaN-filled where
 * a record lacks a metric), histograms, snapshots, the latest particles and checkpoint. Converts to
 * the file form (`Session`) and to what the UI draws (`SessionData`).
 */
export class RunRecord {
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
  /** Whether results were added since the stored session was read (its saved claims are stale). */
  private grown = false

  private constructor(
    readonly id: string,
    /** Where the session is saved. */
    public path: string,
    public fileName: string,
    private base: Session
  ) {
    this.status = base.status === 'created' ? 'stopped' : base.status
    this.message = base.message
    this.step = base.step
    this.time = base.time
    this.backend = base.backend
    this.checkpoint = base.checkpoint
    this.histograms = [...base.histograms]
    this.snapshots = [...base.snapshots]
    this.latest = this.snapshots.length ? this.snapshots[this.snapshots.length - 1] : null
    const names = Object.keys(base.series)
    this.rows = names.length ? base.series[names[0]].length : 0
    for (const n of names) this.columns.set(n, Array.from(base.series[n]))
  }

  /** A record holding a stored (or fresh) session. */
  static fromSession(id: string, path: string, fileName: string, s: Session): RunRecord {
    return new RunRecord(id, path, fileName, s)
  }

  get spec(): ExperimentSpec {
    return this.base.spec
  }

  get notes(): Session['notes'] {
    return this.base.notes
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
    }
    this.histograms = this.histograms.filter((h) => h.step <= cp.step)
    this.snapshots = this.snapshots.filter((p) => p.step <= cp.step)
    this.latest = this.snapshots.length ? this.snapshots[this.snapshots.length - 1] : null
    this.step = cp.step
    this.time = cp.time
  }

  /** Appends metric records (one row each); new metrics are back-filled with NaN. */
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

  /** The session as it should be written now. */
  toSession(): Session {
    const series: Record<string, Float64Array> = {}
    for (const [name, col] of this.columns) series[name] = Float64Array.from(col)
    const summary: MetricRecord = {}
    for (const [name, col] of this.columns) summary[name] = col.length ? col[col.length - 1] : NaN
    const { claims: saved, ...base } = this.base
    const session: Session = {
      ...base,
      status: fileStatus(this.status, this.step),
      step: this.step,
      time: this.time,
      backend: this.backend,
      summary,
      message: this.message,
      series,
      histograms: this.histograms,
      snapshots: this.snapshots,
      checkpoint: this.checkpoint
    }
    // The file's verdicts stand until the run adds results; then they are judged again.
    if (saved && !this.grown) session.claims = saved
    else if (session.spec.preset) session.claims = sessionClaims(session)
    return session
  }

  /** The verdicts on the preset's claims: the saved ones, or judged on the results so far. */
  claims(): ClaimResult[] | undefined {
    if (this.base.claims && !this.grown) return this.base.claims
    return this.base.spec.preset ? this.toSession().claims : undefined
  }

  summary(): SessionSummary {
    return {
      id: this.id,
      title: this.base.spec.title,
      fileName: this.fileName,
      status: this.status,
      step: this.step,
      steps: this.base.spec.dynamics.steps,
      updatedAt: new Date().toISOString()
    }
  }

  /** What a view needs to draw the session. */
  toData(): SessionData {
    const series: Record<string, number[]> = {}
    for (const [name, col] of this.columns) series[name] = col.slice()
    const p = this.latest
    return {
      summary: this.summary(),
      spec: this.base.spec,
      series,
      histograms: this.histograms.slice(),
      particles: p ? { m: p.m, d: p.d, a: p.a, b: p.b, w: p.w } : null,
      notes: this.base.notes.map((n) => ({ step: n.step, text: n.text })),
      backend: this.backend,
      lesson: this.base.lesson,
      ...withClaims(this.claims())
    }
  }
}

function withClaims(claims: ClaimResult[] | undefined): { claims?: ClaimResult[] } {
  return claims ? { claims } : {}
}

/** How a RunStatus is stored: a queued run is 'created' before its first step, else 'paused'. */
export function fileStatus(s: RunStatus, step: number): SessionStatus {
  if (s === 'queued') return step > 0 ? 'paused' : 'created'
  return s
}
