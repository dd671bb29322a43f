import type { ChartConfiguration, ChartDataset } from 'chart.js'
import { seriesColor, type ChartTheme } from '../charts/chart-theme'
import type { XYPoint } from '../charts/xy-point'
import type { StudyData } from './study-data'
import { fitInverseSqrt, summarizeOutcomes, type LineFit, type ValueSummary } from './study-summary'
import type { SweepValue } from './study-types'

/** What the study chart shows, besides the chart.js config. */
export interface StudyChartModel {
  config: ChartConfiguration<'line', XYPoint[]>
  summary: ValueSummary[]
  fit: LineFit | null
  /** Whether x is the swept value itself (numbers) or its position in the list (words). */
  numericX: boolean
}

/** Labels of the datasets, in order (the band's lower edge has no legend entry). */
export const STUDY_DATASETS = {
  bandLow: 'seed range (min)',
  bandHigh: 'seed range (min–max)',
  mean: 'mean final risk',
  runs: 'each run',
  fit: 'fit c/√M + b'
} as const

const FIT_POINTS = 64

/**
 * Final risk against the swept value: the band between the lowest and highest seed, the mean across
 * seeds, every completed run as a point, and for width sweeps the least-squares curve c/√M + b.
 * Numeric values are plotted at their value (log axis when all are positive and span 10× or more);
 * other values at their position in the list, labelled with the value.
 */
export function studyChartModel(theme: ChartTheme, data: StudyData): StudyChartModel {
  const outcomes = data.runs.map((r) => ({ value: r.value, final: r.finalRisk ?? NaN }))
  const summary = summarizeOutcomes(data.values, outcomes)
  const fit = fitInverseSqrt(data.param, outcomes)
  const numericX = data.values.every((v) => typeof v === 'number')
  const xOf = (v: SweepValue): number =>
    numericX ? (v as number) : data.values.findIndex((w) => Object.is(w, v))
  const xs = data.values.map(xOf)
  const logX = numericX && xs.every((x) => x > 0) && Math.max(...xs) >= 10 * Math.min(...xs)

  const withData = summary.filter((s) => s.n > 0)
  const points = (y: (s: ValueSummary) => number): XYPoint[] =>
    withData.map((s) => ({ x: xOf(s.value), y: y(s) }))
  const band = seriesColor(theme, 0)
  const datasets: ChartDataset<'line', XYPoint[]>[] = [
    {
      label: STUDY_DATASETS.bandLow,
      data: points((s) => s.min),
      borderWidth: 0,
      pointRadius: 0,
      borderColor: band,
      fill: false
    },
    {
      label: STUDY_DATASETS.bandHigh,
      data: points((s) => s.max),
      borderWidth: 0,
      pointRadius: 0,
      borderColor: band,
      backgroundColor: translucent(band),
      fill: '-1'
    },
    {
      label: STUDY_DATASETS.mean,
      data: points((s) => s.mean),
      borderColor: band,
      backgroundColor: band,
      borderWidth: 2,
      pointRadius: 3
    },
    {
      label: STUDY_DATASETS.runs,
      data: outcomes
        .filter((o) => Number.isFinite(o.final))
        .map((o) => ({ x: xOf(o.value), y: o.final })),
      showLine: false,
      borderColor: seriesColor(theme, 1),
      backgroundColor: seriesColor(theme, 1),
      pointRadius: 2.5
    }
  ]
  if (fit && numericX) {
    const lo = Math.min(...xs)
    const hi = Math.max(...xs)
    const curve: XYPoint[] = []
    for (let i = 0; i < FIT_POINTS; i++) {
      const m = logX
        ? lo * (hi / lo) ** (i / (FIT_POINTS - 1))
        : lo + ((hi - lo) * i) / (FIT_POINTS - 1)
      curve.push({ x: m, y: fit.slope / Math.sqrt(m) + fit.intercept })
    }
    datasets.push({
      label: STUDY_DATASETS.fit,
      data: curve,
      borderColor: seriesColor(theme, 2),
      backgroundColor: seriesColor(theme, 2),
      borderDash: [6, 4],
      borderWidth: 1.5,
      pointRadius: 0
    })
  }
  const labels = data.values.map(String)
  const config: ChartConfiguration<'line', XYPoint[]> = {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: {
          type: logX ? 'logarithmic' : 'linear',
          title: { display: true, text: data.param, color: theme.text },
          ticks: {
            color: theme.text,
            maxRotation: 0,
            ...(numericX ? {} : { stepSize: 1, callback: (v) => labels[Number(v)] ?? '' })
          },
          grid: { color: theme.grid }
        },
        y: {
          type: 'linear',
          title: { display: true, text: 'final risk', color: theme.text },
          ticks: { color: theme.text, maxRotation: 0 },
          grid: { color: theme.grid }
        }
      },
      plugins: {
        legend: {
          labels: {
            color: theme.text,
            boxWidth: 14,
            filter: (item) => item.text !== STUDY_DATASETS.bandLow
          }
        },
        tooltip: { enabled: true }
      }
    }
  }
  return { config, summary, fit, numericX }
}

/** A '#rrggbb' colour at 20 % opacity (other colour forms are returned as they are). */
function translucent(color: string): string {
  return /^#[0-9a-fA-F]{6}$/.test(color) ? `${color}33` : color
}
