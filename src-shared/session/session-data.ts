import type { RunStatus, SessionData, SessionSummary } from '../protocol/lab-api'
import type { Session, SessionStatus } from './session-types'

/** A session's status as the UI's RunStatus ('created' shows as 'queued': not started yet). */
export function runStatusOf(status: SessionStatus): RunStatus {
  return status === 'created' ? 'queued' : status
}

/** The LabApi summary of a session held under `id` (a backend handle) and file name. */
export function toSessionSummary(s: Session, id: string, fileName: string | null): SessionSummary {
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

/** What the renderer needs to draw a session: series as arrays, latest snapshot, notes, backend. */
export function toSessionData(s: Session, id: string, fileName: string | null): SessionData {
  const last = s.snapshots.at(-1) ?? null
  return {
    summary: toSessionSummary(s, id, fileName),
    spec: s.spec,
    series: Object.fromEntries(Object.entries(s.series).map(([k, v]) => [k, Array.from(v)])),
    histograms: s.histograms,
    particles: last && { step: last.step, m: last.m, d: last.d, a: last.a, b: last.b, w: last.w },
    notes: s.notes.map((n) => ({ step: n.step, text: n.text })),
    backend: s.backend,
    lesson: s.lesson,
    ...(s.claims ? { claims: s.claims } : {})
  }
}
