import { evaluateClaims, type ClaimResult } from '@shared/claims'
import type { Checkpoint, MetricRecord, NormHistogram } from '@shared/engine/simulation-types'
import type { ParticleSnapshot, Session, SessionStatus } from '@shared/session/session-types'
import type { ComputeEvent } from './compute-protocol'

/**
 * The verdicts of the claims of the session's preset (spec.preset) on its results: a run claim is
 * judged once the run completed (status 'completed'), null where it cannot be judged; [] when the
 * session has no preset or the preset has no claims.
 */
export function sessionClaims(session: Session): ClaimResult[] {
  const preset = session.spec.preset
  if (!preset) return []
  return evaluateClaims(preset, {
    spec: session.spec,
    series: Object.fromEntries(Object.entries(session.series).map(([k, v]) => [k, Array.from(v)])),
    histograms: session.histograms,
    finished: session.status === 'completed'
  })
}

/**
 * Builds a Session from the events of a compute worker: appends metric records to the series,
 * keeps histograms and 'snapshot' particles, the backend report, and the latest checkpoint. Starts
 * from an existing session (a fresh one, or one being resumed: results after the checkpoint's step
 * are dropped so the series continue without a gap or a repeat).
 */
export class SessionRecorder {
  private readonly columns: Record<string, number[]>
  private rows: number
  private readonly histograms: NormHistogram[]
  private readonly snapshots: ParticleSnapshot[]
  private base: Session
  private latest: MetricRecord
  private checkpoint: Checkpoint | null
  private step: number
  private time: number

  constructor(session: Session) {
    const cut = session.checkpoint?.step ?? 0
    const steps = session.series.step
    let keep = steps ? steps.length : 0
    if (steps) while (keep > 0 && steps[keep - 1] > cut) keep--
    this.columns = Object.fromEntries(
      Object.entries(session.series).map(([k, v]) => [k, Array.from(v.subarray(0, keep))])
    )
    this.rows = keep
    this.histograms = session.histograms.filter((h) => h.step <= cut)
    this.snapshots = session.snapshots.filter((s) => s.step <= cut)
    this.base = session
    this.latest = { ...session.summary }
    this.checkpoint = session.checkpoint
    this.step = session.checkpoint?.step ?? 0
    this.time = session.checkpoint?.time ?? 0
  }

  /** Applies one worker event. */
  apply(e: ComputeEvent): void {
    switch (e.type) {
      case 'backend':
        this.base = { ...this.base, backend: e.backend }
        break
      case 'metrics':
        for (const r of e.records) this.append(r)
        this.step = e.step
        this.time = e.time
        break
      case 'histogram':
        this.histograms.push(e.histogram)
        break
      case 'particles':
        if (e.reason === 'snapshot' && !this.snapshots.some((s) => s.step === e.step))
          this.snapshots.push({ step: e.step, m: e.m, d: e.d, a: e.a, b: e.b, w: e.w })
        break
      case 'checkpoint':
        this.checkpoint = e.checkpoint
        break
      case 'done':
        this.checkpoint = e.checkpoint
        this.step = e.step
        this.time = e.time
        this.latest = { ...this.latest, ...e.final }
        break
      case 'status':
      case 'error':
        break
    }
  }

  /** The latest value of every metric seen. */
  get summary(): MetricRecord {
    return this.latest
  }

  /**
   * The session as of now, with a status (and, for failures, a message); with a preset, its claims
   * judged on the results so far (sessionClaims: final verdicts once the status is 'completed').
   */
  session(status: SessionStatus, message: string | null = null): Session {
    const s: Session = {
      ...this.base,
      status,
      message,
      step: this.step,
      time: this.time,
      summary: { ...this.latest },
      series: Object.fromEntries(
        Object.entries(this.columns).map(([k, v]) => [k, Float64Array.from(v)])
      ),
      histograms: [...this.histograms],
      snapshots: [...this.snapshots].sort((x, y) => x.step - y.step),
      checkpoint: this.checkpoint
    }
    const { claims: _stale, ...rest } = s
    return s.spec.preset ? { ...rest, claims: sessionClaims(s) } : rest
  }

  private append(r: MetricRecord): void {
    for (const key of Object.keys(r))
      if (!this.columns[key]) this.columns[key] = new Array<number>(this.rows).fill(NaN)
    for (const [key, col] of Object.entries(this.columns)) col.push(r[key] ?? NaN)
    this.rows++
    this.latest = { ...this.latest, ...r }
  }
}
