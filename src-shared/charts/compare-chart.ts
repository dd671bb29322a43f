import type { ChartConfiguration } from 'chart.js'
import type { ChartTheme } from './chart-theme'
import { lineChartConfig, type LineSpec } from './risk-chart'
import { writePoints, type XYPoint } from './xy-point'

/** Leaves of a JSON-like value as dotted path → display string ('∞' for a null β, arrays as JSON). */
export function flattenSpec(value: unknown, prefix = '', out: Map<string, string> = new Map()) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flattenSpec(v, prefix ? `${prefix}.${k}` : k, out)
  } else if (prefix) {
    out.set(prefix, display(prefix, value))
  }
  return out
}

function display(path: string, v: unknown): string {
  if (v === null && path.endsWith('beta')) return '∞'
  if (typeof v === 'number') return String(Number(v.toPrecision(6)))
  return typeof v === 'string' ? v : JSON.stringify(v)
}

// Paths that differ between runs without describing the experiment.
const IGNORED = new Set(['title', 'preset', 'compute.autosaveSeconds'])

/** Dotted spec paths whose values differ between at least two of `specs` (sorted). */
export function differingParams(specs: readonly unknown[]): string[] {
  const flats = specs.map((s) => flattenSpec(s))
  const keys = new Set<string>()
  for (const f of flats) for (const k of f.keys()) keys.add(k)
  const out: string[] = []
  for (const k of keys) {
    if (IGNORED.has(k)) continue
    const values = new Set(flats.map((f) => f.get(k) ?? '—'))
    if (values.size > 1) out.push(k)
  }
  return out.sort()
}

/**
 * Legend text of one run among several: the differing parameters as `name=value` (last path segment,
 * or the whole path when two differing paths share a last segment), else `fallback`.
 */
export function legendLabel(spec: unknown, paths: readonly string[], fallback: string): string {
  if (paths.length === 0) return fallback
  const flat = flattenSpec(spec)
  const last = paths.map((p) => p.split('.').pop() ?? p)
  const clash = (name: string) => last.filter((l) => l === name).length > 1
  return paths.map((p, i) => `${clash(last[i]) ? p : last[i]}=${flat.get(p) ?? '—'}`).join(', ')
}

/** One run in a comparison: its legend label and its metric columns. */
export interface CompareRun {
  label: string
  columns: Record<string, ArrayLike<number>>
}

/** A line chart overlaying `metric` of several runs, one dataset per run, filled. */
export function compareChartConfig(
  theme: ChartTheme,
  runs: readonly CompareRun[],
  metric: string,
  xKey: string,
  logScale: boolean
): ChartConfiguration<'line', XYPoint[]> {
  const lines: LineSpec[] = runs.map((r) => ({ key: metric, label: r.label }))
  const config = lineChartConfig({ theme, lines, xKey, logScale, yTitle: metric })
  runs.forEach((r, i) => {
    const ys = r.columns[metric]
    const ds = config.data.datasets[i]
    ds.hidden = !ys
    if (ys) writePoints(ds.data, r.columns[xKey] ?? null, ys, 0, ys.length, logScale)
  })
  return config
}

/** Differing settings named in a legend entry before the rest are counted ("+3 more"). */
const LEGEND_SETTINGS = 2

/**
 * Legend texts of sessions compared: each session's title, and when two sessions share a title the
 * settings they differ in, by their human names ("Width M = 100"), at most two then "+N more".
 * `nameOf` gives a setting's name for a dotted path (the wizard's field label), null for none.
 */
export function sessionLegends(
  sessions: readonly { title: string; spec: unknown }[],
  paths: readonly string[],
  nameOf: (path: string) => string | null
): string[] {
  const named = paths.filter((p) => nameOf(p) !== null)
  const order = [...named, ...paths.filter((p) => nameOf(p) === null)]
  return sessions.map((s) => {
    const shared = sessions.filter((o) => o.title === s.title).length > 1
    if (!shared || order.length === 0) return s.title
    const flat = flattenSpec(s.spec)
    const shown = order
      .slice(0, LEGEND_SETTINGS)
      .map((p) => `${nameOf(p) ?? p} = ${flat.get(p) ?? '—'}`)
    const more = order.length - shown.length
    return `${s.title} (${shown.join(', ')}${more > 0 ? `, +${more} more` : ''})`
  })
}
