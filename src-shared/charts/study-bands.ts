import type { ChartConfiguration, ChartDataset } from 'chart.js'
import { seriesColor, type ChartTheme } from './chart-theme'
import { lineChartConfig } from './risk-chart'
import type { XYPoint } from './xy-point'

/**
 * A study drawn as its claims read it: one colour per setting (variant), its seeds as a band
 * (mean ± one standard deviation across seeds, records aligned by index) around their mean.
 */

/** One run of a study as the bands need it: its variant label and its metric columns. */
export interface BandRun {
  label: string | null
  series: Record<string, ArrayLike<number>>
}

/** The runs of one setting: the variant label without its seed part. */
export interface BandGroup {
  label: string
  runs: BandRun[]
}

/** "M = 25, seed 3" → "M = 25": a variant's setting, whatever seed it ran with. */
export function settingLabel(label: string | null): string {
  const stripped = (label ?? '').replace(/(^|,\s*)seed \d+/g, '').replace(/^,\s*/, '')
  return stripped.trim() || 'all runs'
}

/** Runs grouped by setting, in the order the settings first appear. */
export function groupBySetting(runs: readonly BandRun[]): BandGroup[] {
  const groups = new Map<string, BandRun[]>()
  for (const r of runs) {
    const key = settingLabel(r.label)
    groups.set(key, [...(groups.get(key) ?? []), r])
  }
  return [...groups.entries()].map(([label, rs]) => ({ label, runs: rs }))
}

/** Per record: x (of the first run), the seeds' mean and sample standard deviation of `metric`. */
export function bandOf(
  group: BandGroup,
  metric: string,
  xKey: string
): { x: number[]; mean: number[]; sd: number[] } {
  const cols = group.runs.map((r) => r.series[metric]).filter((c) => c && c.length)
  const xs = group.runs.find((r) => r.series[metric]?.length)?.series[xKey]
  const len = cols.length ? Math.min(...cols.map((c) => c.length)) : 0
  const out = { x: [] as number[], mean: [] as number[], sd: [] as number[] }
  for (let k = 0; k < len; k++) {
    const v = cols.map((c) => c[k]).filter((y) => Number.isFinite(y))
    if (!v.length) continue
    const m = v.reduce((s, y) => s + y, 0) / v.length
    const sd =
      v.length > 1 ? Math.sqrt(v.reduce((s, y) => s + (y - m) ** 2, 0) / (v.length - 1)) : 0
    out.x.push(xs ? xs[k] : k)
    out.mean.push(m)
    out.sd.push(sd)
  }
  return out
}

/** A colour with an alpha, from '#rrggbb'. */
function translucent(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!m) return hex
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${alpha})`
}

const pts = (x: number[], y: number[], log: boolean): XYPoint[] =>
  x.map((xi, i) => ({ x: xi, y: log && !(y[i] > 0) ? NaN : y[i] }))

/**
 * A line chart of `metric` over time: per setting a mean line in its own colour and, with two or
 * more seeds, a shaded band of ± one standard deviation (legend: the setting and its seed count).
 */
export function studyBandConfig(
  theme: ChartTheme,
  groups: readonly BandGroup[],
  metric: string,
  xKey: string,
  logScale: boolean,
  yTitle: string
): ChartConfiguration<'line', XYPoint[]> {
  const config = lineChartConfig({ theme, lines: [], xKey, logScale, yTitle })
  const datasets: ChartDataset<'line', XYPoint[]>[] = []
  groups.forEach((g, i) => {
    const color = seriesColor(theme, i)
    const b = bandOf(g, metric, xKey)
    if (!b.x.length) return
    const seeds = g.runs.length
    if (seeds > 1) {
      const lo = b.mean.map((m, k) => m - b.sd[k])
      const hi = b.mean.map((m, k) => m + b.sd[k])
      const edge = {
        borderWidth: 0,
        pointRadius: 0,
        label: '',
        backgroundColor: translucent(color, 0.2)
      }
      datasets.push({ ...edge, data: pts(b.x, lo, logScale), fill: false })
      datasets.push({ ...edge, data: pts(b.x, hi, logScale), fill: '-1' })
    }
    datasets.push({
      label: seeds > 1 ? `${g.label} (mean ± sd of ${seeds} seeds)` : g.label,
      data: pts(b.x, b.mean, logScale),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2,
      pointRadius: 0,
      fill: false
    })
  })
  config.data.datasets = datasets
  const legend = config.options?.plugins?.legend
  // band edges have no legend entry; a setting is listed once, by its mean line
  if (legend?.labels) legend.labels.filter = (item) => !!item.text
  return config
}
