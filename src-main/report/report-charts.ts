import { makeTask } from '@shared/science/tasks/make-task'
import type { ChartConfiguration } from 'chart.js'
import { LIGHT_THEME, type ChartTheme } from '@shared/charts/chart-theme'
import { fillHistogram, histogramChartConfig } from '@shared/charts/histogram-chart'
import {
  particleScatterConfig,
  unitDirection,
  writeParticlePoints,
  type ParticleCoords
} from '@shared/charts/particle-scatter-chart'
import {
  fillLineChart,
  lineChartConfig,
  pdeRiskLine,
  RISK_LINES,
  CLEAN_RISK_LINE,
  type LineSpec
} from '@shared/charts/risk-chart'
import type { XYPoint } from '@shared/charts/xy-point'
import type { Session } from '@shared/session/session-types'

/** One chart of a report: its file stem (`risk` → risk.png / risk.svg), caption and chart.js config. */
export interface ReportChart {
  name: string
  caption: string
  config: ChartConfiguration
}

/** What the charts of a report show. */
export interface ReportChartOptions {
  /** Logarithmic y axis on the risk chart. */
  logScale: boolean
  theme?: ChartTheme
}

/**
 * Name of an optional `session.data` array with the mean-field PDE's prediction of the last ‖w‖
 * histogram, as particle counts per bin. The engine stores it on every histogram itself
 * (`NormHistogram.pdeCounts`, the 'pde' observable), which is what the report and the app draw; this
 * array, when a session carries it, overrides that for the last histogram.
 */
export const PDE_COUNTS_KEY = 'pdeCounts'

/** Metric columns that are axes or are drawn on the risk chart, not on a chart of their own. */
const NOT_A_METRIC_CHART = new Set(['step', 'time', 'risk', 'trainRisk', 'cleanRisk', 'pdeRisk'])

// Readable names of metric columns whose key alone says little (docs/science.md#observables); others show as keys.
const METRIC_LABELS: Record<string, string> = {
  meanNormW: 'mean ‖wᵢ‖',
  freeEnergy: 'free energy',
  energy: 'energy (½ train risk)',
  l2: 'L2 penalty',
  entropy: 'entropy H (nats)',
  wMeanSquare: 'mean wᵢⱼ²',
  alignment: 'kernel–target alignment',
  dof: 'degrees of freedom d(μ)',
  ntkLambdaMin: 'NTK λ_min',
  ntkGramDrift: 'NTK Gram drift',
  movement: 'relative movement ‖θ_t − θ_0‖/‖θ_0‖',
  maxCos: 'max |cos(wᵢ, w*)|',
  meanAbsCos: 'mean |cos(wᵢ, w*)|'
}

/** The label a metric column is shown with. */
export function metricLabel(column: string): string {
  const label = METRIC_LABELS[column]
  return label ? `${label} (${column})` : column
}

/** File-name-safe form of a metric column name. */
export function metricFileStem(column: string): string {
  return `metric-${column.replace(/[^A-Za-z0-9_-]/g, '_')}`
}

/**
 * The charts of a finished (or stopped) session, built with the shared chart definitions the app's
 * renderer uses: risk over time, the last ‖w‖ histogram, one chart per other metric column, and a
 * scatter of two coordinates of the last particle snapshot. Charts with nothing to show are left out.
 */
export function reportCharts(session: Session, opts: ReportChartOptions): ReportChart[] {
  const theme = opts.theme ?? LIGHT_THEME
  const columns = session.series
  const xKey = columns.time ? 'time' : 'step'
  const charts: ReportChart[] = []

  const riskLines = riskLinesOf(session).filter((l) => hasPoints(columns[l.key]))
  if (riskLines.length > 0) {
    const config = lineChartConfig({
      theme,
      lines: riskLines,
      xKey,
      logScale: opts.logScale,
      yTitle: opts.logScale ? 'risk (log scale)' : 'risk'
    })
    fillLineChart(config, columns, riskLines, xKey, opts.logScale)
    dataBoundsX(config)
    charts.push({
      name: 'risk',
      caption: `Risk over ${xKey === 'time' ? 'time t' : 'steps'}`,
      config: withTitle(config as ChartConfiguration, 'Risk', theme)
    })
  }

  const histogram = session.histograms.at(-1)
  if (histogram && histogram.counts.length > 0) {
    const config = histogramChartConfig(theme)
    // An explicit data array (a session made by another tool) wins over the engine's own.
    const extra = session.data[PDE_COUNTS_KEY]
    fillHistogram(config, histogram, theme, extra ? Array.from(extra) : histogram.pdeCounts)
    // Headroom above the tallest bar, so it does not touch the title.
    Object.assign(config.options!.scales!.y!, { grace: '5%' })
    charts.push({
      name: 'norm-histogram',
      caption: `Histogram of ‖wᵢ‖ at step ${histogram.step}`,
      config: withTitle(
        config as unknown as ChartConfiguration,
        `‖wᵢ‖ at step ${histogram.step}`,
        theme
      )
    })
  }

  const riskKeys = new Set(riskLines.map((l) => l.key))
  for (const key of Object.keys(columns).sort()) {
    if (NOT_A_METRIC_CHART.has(key) || riskKeys.has(key) || !hasPoints(columns[key])) continue
    const label = metricLabel(key)
    const lines: LineSpec[] = [{ key, label }]
    const config = lineChartConfig({ theme, lines, xKey, logScale: false, yTitle: key })
    fillLineChart(config, columns, lines, xKey, false)
    dataBoundsX(config)
    config.options!.plugins!.legend = { display: false }
    charts.push({
      name: metricFileStem(key),
      caption: `Metric ${label} over ${xKey === 'time' ? 'time t' : 'steps'}`,
      config: withTitle(config as ChartConfiguration, label, theme)
    })
  }

  const snap = session.snapshots.at(-1)
  if (snap && snap.m > 0) {
    // a single-index run is drawn in its (s, r) plane, the reduction the theory describes
    const planted =
      session.spec.task.kind === 'single-index'
        ? makeTask(session.spec.task, session.spec.seed).planted
        : undefined
    const coords: ParticleCoords = planted
      ? { kind: 's-r', unit: unitDirection(planted) }
      : snap.d >= 2
        ? { kind: 'w', j: 0, k: 1 }
        : { kind: 'a-norm' }
    const config = particleScatterConfig(theme, coords, snap.m)
    writeParticlePoints(config.data.datasets[0].data, snap, coords)
    const what =
      coords.kind === 'w'
        ? '(w₁, w₂)'
        : coords.kind === 's-r'
          ? '(s, r) along / across w*'
          : '(‖wᵢ‖, aᵢ)'
    charts.push({
      name: 'particles',
      caption: `Particles ${what} at step ${snap.step} (M = ${snap.m}, d = ${snap.d})`,
      config: withTitle(
        config as ChartConfiguration,
        `Particles ${what} at step ${snap.step}, M = ${snap.m}`,
        theme
      )
    })
  }
  return charts
}

/**
 * The risk lines of a session: train risk where the run has a training set, 'risk' named after what
 * it estimates, the error against clean labels and the PDE's risk where the run recorded them.
 */
function riskLinesOf(session: Session): LineSpec[] {
  const online = session.spec.dynamics.kind === 'online-sgd'
  const lines = RISK_LINES.map((l) =>
    l.key === 'risk' && online ? { key: 'risk', label: 'population risk' } : l
  )
  return [...lines, CLEAN_RISK_LINE, pdeRiskLine(session.spec)]
}

function hasPoints(column: ArrayLike<number> | undefined): boolean {
  if (!column) return false
  for (let i = 0; i < column.length; i++) if (Number.isFinite(column[i])) return true
  return false
}

// x runs over the recorded range only: t = Σ sₖ summed in floating point ends a hair past a round
// number, and the default 'ticks' bounds would then add a whole empty tick interval.
function dataBoundsX(config: ChartConfiguration<'line', XYPoint[]>): void {
  Object.assign(config.options!.scales!.x!, { bounds: 'data' })
}

function withTitle(
  config: ChartConfiguration,
  text: string,
  theme: ChartTheme
): ChartConfiguration {
  const options = (config.options ??= {})
  const plugins = (options.plugins ??= {})
  plugins.title = { display: true, text, color: theme.text, font: { size: 15 } }
  return config
}
