import type { Session } from './session-types'

/**
 * A session as plain JSON for other tools: the manifest fields (claims when present), metric
 * columns as arrays, the histograms (with pdeCounts when present) and the particle snapshots as number arrays (w row-major m×d). The checkpoint's
 * particles are left out unless asked for (they are resume state, not results).
 */
export function sessionToJson(s: Session, opts: { checkpoint?: boolean } = {}): unknown {
  const finite = (v: number) => (Number.isFinite(v) ? v : null)
  return {
    app: s.app,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    title: s.spec.title,
    status: s.status,
    step: s.step,
    time: s.time,
    spec: s.spec,
    backend: s.backend,
    summary: Object.fromEntries(Object.entries(s.summary).map(([k, v]) => [k, finite(v)])),
    message: s.message,
    notes: s.notes,
    bookmarks: s.bookmarks,
    lesson: s.lesson,
    ...(s.claims ? { claims: s.claims } : {}),
    series: Object.fromEntries(
      Object.entries(s.series).map(([k, v]) => [k, Array.from(v, finite)])
    ),
    histograms: s.histograms,
    snapshots: s.snapshots.map((p) => ({
      step: p.step,
      m: p.m,
      d: p.d,
      a: Array.from(p.a),
      b: Array.from(p.b),
      w: Array.from(p.w)
    })),
    checkpoint:
      s.checkpoint && opts.checkpoint
        ? {
            step: s.checkpoint.step,
            time: s.checkpoint.time,
            a: Array.from(s.checkpoint.particles.a),
            b: Array.from(s.checkpoint.particles.b),
            w: Array.from(s.checkpoint.particles.w)
          }
        : s.checkpoint && { step: s.checkpoint.step, time: s.checkpoint.time }
  }
}

/**
 * The metric series as CSV: a header of column names ('step' and 'time' first), one row per record,
 * numbers in shortest round-trip form, empty cells for NaN.
 */
export function seriesToCsv(s: Session): string {
  const names = Object.keys(s.series).sort((x, y) => rank(x) - rank(y) || x.localeCompare(y))
  const rows = names.length ? s.series[names[0]].length : 0
  const lines = [names.join(',')]
  for (let r = 0; r < rows; r++)
    lines.push(
      names.map((n) => (Number.isFinite(s.series[n][r]) ? String(s.series[n][r]) : '')).join(',')
    )
  return lines.join('\n') + '\n'
}

function rank(name: string): number {
  return name === 'step' ? 0 : name === 'time' ? 1 : 2
}
