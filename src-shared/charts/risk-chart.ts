import type { ChartConfiguration, ChartData, ChartDataset } from 'chart.js'
import type { ExperimentSpec } from '../spec/experiment-spec'
import { seriesColor, type ChartTheme } from './chart-theme'
import { logTickLabel } from './log-ticks'
import { writePoints, type XYPoint } from './xy-point'

/** One line of a metric chart: the metric column it plots and its legend text. */
export interface LineSpec {
  key: string
  label: string
  /** Dash pattern in px (on, off); solid when absent. */
  dash?: readonly number[]
  /** 'pde': the theme's PDE colour, whatever the line's place; else the palette by position. */
  color?: 'pde'
}

/** The risk of the mean-field PDE solution (column 'pdeRisk', the 'pde' observable), dashed. */
export const PDE_RISK_LINE: LineSpec = {
  key: 'pdeRisk',
  label: 'PDE',
  dash: [6, 4],
  color: 'pde'
}

/**
 * Whether a run's PDE overlay integrates the d → ∞ kernel: observe.pdeKernel 'infinite-d' on the
 * isotropic two Gaussians (the radial overlay; an anisotropic task with s0 = d is that one too).
 * Every other overlay uses the finite-d kernel of the run's input dimension.
 */
export function pdeKernelIsInfinite(spec: {
  task: ExperimentSpec['task']
  observe?: Partial<ExperimentSpec['observe']>
}): boolean {
  const t = spec.task
  const radial =
    t.kind === 'two-gaussians' || (t.kind === 'two-gaussians-anisotropic' && t.subspaceDim >= t.dim)
  return radial && spec.observe?.pdeKernel === 'infinite-d'
}

/**
 * The PDE line of a run, labelled with the kernel its overlay integrates: 'PDE, d = 40' (the
 * finite-d kernel of the run's input dimension) or 'PDE, d → ∞' (the limit kernel).
 */
export function pdeRiskLine(
  spec:
    | { task: ExperimentSpec['task']; observe?: Partial<ExperimentSpec['observe']> }
    | null
    | undefined
): LineSpec {
  if (!spec) return PDE_RISK_LINE
  const d = pdeKernelIsInfinite(spec) ? '∞' : String(spec.task.dim)
  return { ...PDE_RISK_LINE, label: d === '∞' ? 'PDE, d → ∞' : `PDE, d = ${d}` }
}

/** The test error against the noiseless target E[y | x] (column 'cleanRisk', noisy-label tasks). */
export const CLEAN_RISK_LINE: LineSpec = {
  key: 'cleanRisk',
  label: 'test risk vs clean labels',
  dash: [2, 3]
}

/** The risk lines of a run: held-out / population risk and, where the run has one, the train risk. */
export const RISK_LINES: readonly LineSpec[] = [
  { key: 'trainRisk', label: 'train risk' },
  { key: 'risk', label: 'test risk' }
]

/** Options of a metric-over-time chart. */
export interface LineChartOptions {
  theme: ChartTheme
  lines: readonly LineSpec[]
  /** Column used as x: 'time' (t = Σ s_k) or 'step'. */
  xKey: string
  logScale: boolean
  /** Axis title of y. */
  yTitle?: string
  /** Points above which LTTB decimation kicks in (chart.js draws at most this many per line). */
  decimationSamples?: number
}

/** Axis title for an x column. */
export function xTitle(xKey: string): string {
  return xKey === 'time' ? 'time t = Σ sₖ' : xKey === 'step' ? 'step k' : xKey
}

/**
 * A chart.js config for metric lines over time with one empty point array per line, ready to be
 * filled in place (`parsing: false`, `normalized: true`, no animation, LTTB decimation).
 */
export function lineChartConfig(o: LineChartOptions): ChartConfiguration<'line', XYPoint[]> {
  const color = (l: LineSpec, i: number) =>
    l.color === 'pde' ? o.theme.pde : seriesColor(o.theme, i)
  const datasets: ChartDataset<'line', XYPoint[]>[] = o.lines.map((l, i) => ({
    label: l.label,
    data: [],
    borderColor: color(l, i),
    backgroundColor: color(l, i),
    borderWidth: 1.5,
    ...(l.dash ? { borderDash: [...l.dash] } : {}),
    pointRadius: 0,
    pointHitRadius: 4,
    spanGaps: false,
    indexAxis: 'x' as const
  }))
  return {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: xTitle(o.xKey), color: o.theme.text },
          ticks: { color: o.theme.text, maxRotation: 0, minRotation: 0, autoSkip: true },
          grid: { color: o.theme.grid }
        },
        y: {
          type: o.logScale ? 'logarithmic' : 'linear',
          title: { display: !!o.yTitle, text: o.yTitle ?? '', color: o.theme.text },
          ticks: {
            color: o.theme.text,
            maxRotation: 0,
            ...(o.logScale ? { callback: logTickLabel } : {})
          },
          grid: { color: o.theme.grid }
        }
      },
      plugins: {
        legend: {
          labels: {
            color: o.theme.text,
            boxWidth: 14,
            // a line the run does not record (hidden, no points) is not listed
            filter: (item, data) =>
              !!data.datasets[item.datasetIndex ?? 0]?.data.length ||
              !data.datasets[item.datasetIndex ?? 0]?.hidden
          }
        },
        decimation: { enabled: true, algorithm: 'lttb', samples: o.decimationSamples ?? 1000 },
        tooltip: { enabled: true }
      }
    }
  }
}

/**
 * Fills the datasets of a line config (or of a live Chart) from metric columns (a headless report, or a finished session):
 * each line's points are (columns[xKey][i], columns[line.key][i]); lines with no column are hidden.
 */
export function fillLineChart(
  config: { data: ChartData<'line', XYPoint[]> },
  columns: Record<string, ArrayLike<number>>,
  lines: readonly LineSpec[],
  xKey: string,
  logScale: boolean
): void {
  const xs = columns[xKey] ?? null
  lines.forEach((line, i) => {
    const ds = config.data.datasets[i]
    const ys = columns[line.key]
    ds.hidden = !ys
    ds.data.length = 0
    if (ys) writePoints(ds.data, xs, ys, 0, ys.length, logScale)
  })
}
