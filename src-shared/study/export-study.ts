import { sessionToJson } from '../session/export-session'
import type { Study } from './study-types'

/**
 * A study as plain JSON for other tools: its definition (title, preset, size, the swept parameter,
 * values and seeds, the base spec), its claims when judged, and every run with its value, seed,
 * seconds and session (as `sessionToJson` gives it).
 */
export function studyToJson(study: Study, opts: { checkpoint?: boolean } = {}): unknown {
  const d = study.definition
  return {
    kind: 'study',
    app: study.app,
    createdAt: study.createdAt,
    updatedAt: study.updatedAt,
    title: d.title,
    preset: d.preset,
    size: d.size,
    param: d.param,
    values: d.values,
    seeds: d.seeds,
    baseSpec: d.baseSpec,
    ...(study.claims ? { claims: study.claims } : {}),
    runs: study.runs.map((r) => ({
      index: r.index,
      value: r.value,
      seed: r.seed,
      ...(r.label !== undefined ? { label: r.label } : {}),
      seconds: r.seconds,
      session: sessionToJson(r.session, opts)
    }))
  }
}

/**
 * One CSV row per run: index, the swept parameter's value, seed, status, step reached, seconds and
 * the final value of every metric any run recorded (empty when a run has none or it is not finite).
 */
export function studyRunsToCsv(study: Study): string {
  const metrics = [...new Set(study.runs.flatMap((r) => Object.keys(r.session.summary)))]
    .filter((m) => m !== 'step')
    .sort()
  const cell = (v: unknown) => {
    const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v ?? '')
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const head = ['index', study.definition.param, 'seed', 'status', 'step', 'seconds', ...metrics]
  const rows = study.runs.map((r) =>
    [
      r.index,
      r.value,
      r.seed,
      r.session.status,
      r.session.step,
      r.seconds,
      ...metrics.map((m) => r.session.summary[m])
    ]
      .map(cell)
      .join(',')
  )
  return [head.map(cell).join(','), ...rows].join('\n') + '\n'
}
