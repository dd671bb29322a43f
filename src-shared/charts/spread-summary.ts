import type { ChartConfiguration } from 'chart.js'
import { logLogSlope } from '../claims/common-claims'
import { seriesColor, type ChartTheme } from './chart-theme'
import { logTickLabel } from './log-ticks'
import { bandOf, type BandGroup } from './study-bands'

/** The across-seed spread of one width: √(mean over records of the seeds' variance). */
export interface WidthSpread {
  width: number
  spread: number
  seeds: number
}

/**
 * Propagation of chaos as its claim reads: per width (of settings with two or more seeds) the
 * spread of `metric` across seeds, the claim's own measure (RMS over records of the across-seed
 * standard deviation, records aligned by index).
 */
export function spreadByWidth(
  groups: readonly BandGroup[],
  widthOf: (setting: string) => number | null,
  metric = 'risk'
): WidthSpread[] {
  const out: WidthSpread[] = []
  for (const g of groups) {
    const width = widthOf(g.label)
    if (width === null || g.runs.length < 2) continue
    const { sd } = bandOf(g, metric, 'time')
    if (!sd.length) continue
    out.push({
      width,
      spread: Math.sqrt(sd.reduce((s, v) => s + v * v, 0) / sd.length),
      seeds: g.runs.length
    })
  }
  return out.sort((a, b) => a.width - b.width)
}

/** The fitted exponent of spread ∝ M^slope; NaN with fewer than two widths. */
export function spreadSlope(points: readonly WidthSpread[]): number {
  return logLogSlope(
    points.map((p) => p.width),
    points.map((p) => p.spread)
  )
}

/** Through the points' geometric centre with a given log–log slope, at the ends of the range. */
function powerLine(points: readonly WidthSpread[], slope: number): { x: number; y: number }[] {
  const lx = points.map((p) => Math.log(p.width))
  const ly = points.map((p) => Math.log(p.spread))
  const cx = lx.reduce((s, v) => s + v, 0) / lx.length
  const cy = ly.reduce((s, v) => s + v, 0) / ly.length
  return [Math.min(...lx), Math.max(...lx)].map((x) => ({
    x: Math.exp(x),
    y: Math.exp(cy + slope * (x - cx))
  }))
}

/** Spread against width on log–log axes with the fitted slope and the theory's −½. */
export function spreadChartConfig(
  theme: ChartTheme,
  points: readonly WidthSpread[]
): ChartConfiguration<'scatter'> {
  const slope = spreadSlope(points)
  const axis = (title: string) => ({
    type: 'logarithmic' as const,
    title: { display: true, text: title, color: theme.text },
    ticks: { color: theme.text, callback: logTickLabel },
    grid: { color: theme.grid }
  })
  return {
    type: 'scatter',
    data: {
      datasets: [
        {
          label: 'spread across seeds',
          data: points.map((p) => ({ x: p.width, y: p.spread })),
          borderColor: seriesColor(theme, 0),
          backgroundColor: seriesColor(theme, 0),
          pointRadius: 5
        },
        {
          label: `fitted slope ${Number.isFinite(slope) ? slope.toFixed(2).replace('-', '−') : '–'}`,
          data: Number.isFinite(slope) ? powerLine(points, slope) : [],
          showLine: true,
          borderColor: seriesColor(theme, 0),
          pointRadius: 0,
          borderWidth: 2
        },
        {
          label: 'theory slope −½',
          data: points.length >= 2 ? powerLine(points, -0.5) : [],
          showLine: true,
          borderColor: theme.marker,
          borderDash: [7, 4],
          pointRadius: 0,
          borderWidth: 2
        }
      ]
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: axis('width M (neurons)'), y: axis('spread of the risk across seeds') },
      plugins: { legend: { labels: { color: theme.text, boxWidth: 14 } } }
    }
  }
}

/** One regime's final metric per width: the seeds' mean and standard deviation. */
export interface RegimeLine {
  regime: string
  points: { width: number; mean: number; sd: number; seeds: number }[]
}

/** "NTK, M = 100" → "NTK": a setting without its width part ('' when nothing else is left). */
export function regimeOf(setting: string): string {
  return setting
    .replace(/(^|,\s*)M = [\d,]+/g, '')
    .replace(/^,\s*/, '')
    .trim()
}

/**
 * The final value of `metric` against the width, one line per regime (the settings' other
 * parts): what the lazy-vs-mean-field claims compare. Only widths `widthOf` knows count.
 */
export function finalByWidth(
  groups: readonly BandGroup[],
  widthOf: (setting: string) => number | null,
  metric = 'risk'
): RegimeLine[] {
  const lines = new Map<string, RegimeLine['points']>()
  for (const g of groups) {
    const width = widthOf(g.label)
    if (width === null) continue
    const finals = g.runs
      .map((r) => r.series[metric])
      .filter((c) => c && c.length)
      .map((c) => c[c.length - 1])
      .filter((v) => Number.isFinite(v))
    if (!finals.length) continue
    const mean = finals.reduce((s, v) => s + v, 0) / finals.length
    const sd =
      finals.length > 1
        ? Math.sqrt(finals.reduce((s, v) => s + (v - mean) ** 2, 0) / (finals.length - 1))
        : 0
    const key = regimeOf(g.label)
    lines.set(key, [...(lines.get(key) ?? []), { width, mean, sd, seeds: finals.length }])
  }
  return [...lines.entries()].map(([regime, points]) => ({
    regime: regime || 'all runs',
    points: points.sort((a, b) => a.width - b.width)
  }))
}

/** Final value against width on log–log axes, a line per regime (mean of its seeds). */
export function finalChartConfig(
  theme: ChartTheme,
  lines: readonly RegimeLine[],
  yTitle: string
): ChartConfiguration<'scatter'> {
  const axis = (title: string) => ({
    type: 'logarithmic' as const,
    title: { display: true, text: title, color: theme.text },
    ticks: { color: theme.text, callback: logTickLabel },
    grid: { color: theme.grid }
  })
  return {
    type: 'scatter',
    data: {
      datasets: lines.map((l, i) => ({
        label: l.regime,
        data: l.points.map((p) => ({ x: p.width, y: p.mean })),
        showLine: true,
        borderColor: seriesColor(theme, i),
        backgroundColor: seriesColor(theme, i),
        pointRadius: 4,
        borderWidth: 2
      }))
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: axis('width M (neurons)'), y: axis(yTitle) },
      plugins: { legend: { labels: { color: theme.text, boxWidth: 14 } } }
    }
  }
}
