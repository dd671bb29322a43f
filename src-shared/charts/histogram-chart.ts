import type { ChartConfiguration, ChartData, ChartDataset } from 'chart.js'
import type { NormHistogram } from '../engine/simulation-types'
import { seriesColor, type ChartTheme } from './chart-theme'

/** Centres of the bins given by `edges` (length bins+1). */
export function binCenters(edges: readonly number[]): number[] {
  const out: number[] = []
  for (let i = 0; i + 1 < edges.length; i++) out.push((edges[i] + edges[i + 1]) / 2)
  return out
}

/** Bin-centre labels with as many digits as the bin width needs. */
export function binLabels(edges: readonly number[]): string[] {
  const width = edges.length > 1 ? Math.abs(edges[1] - edges[0]) : 1
  const digits = Math.min(6, Math.max(0, Math.ceil(-Math.log10(width || 1)) + 1))
  return binCenters(edges).map((c) => c.toFixed(digits))
}

/** 1, 2 or 5 times a power of ten, the smallest at least `x`. */
function niceStep(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x))
  return ([1, 2, 5, 10].find((m) => m * p >= x) ?? 10) * p
}

/**
 * Axis labels for bins with these centres: round values (multiples of a 1-2-5 step, about five of
 * them) at the bin that holds each, '' elsewhere, instead of the odd bin centres.
 */
export function niceBinTicks(centres: readonly number[]): string[] {
  const out = centres.map(() => '')
  if (centres.length < 2) return centres.map(String)
  const width = Math.abs(centres[1] - centres[0])
  const lo = centres[0] - width / 2
  const hi = centres[centres.length - 1] + width / 2
  if (!(width > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) return out
  const step = niceStep((hi - lo) / 5)
  const digits = Math.max(0, -Math.floor(Math.log10(step)))
  for (let k = Math.ceil(lo / step); k * step < hi; k++) {
    const v = k * step
    const i = Math.min(centres.length - 1, Math.floor((v - lo) / width))
    if (i >= 0) out[i] = v.toFixed(digits)
  }
  return out
}

/** Fraction of particles per bin (counts / Σ counts), so histograms of different M compare. */
export function binFractions(counts: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0)
  return counts.map((c) => (total > 0 ? c / total : 0))
}

/** Legend of the histogram's bars when the PDE line is drawn over them. */
export const PARTICLES_LABEL = 'SGD particles'
/** Legend of the mean-field PDE's prediction drawn over the ‖w_i‖ histogram. */
export const PDE_HISTOGRAM_LABEL = 'mean-field PDE'

/**
 * The line of the mean-field PDE's radii over the histogram bars: same category axis (one point per
 * bin) and same unit (fraction per bin, from `pdeCounts` on the histogram's bins).
 */
export function pdeHistogramDataset(
  theme: ChartTheme,
  pdeCounts: readonly number[]
): ChartDataset<'line', number[]> {
  return {
    type: 'line',
    label: PDE_HISTOGRAM_LABEL,
    data: binFractions(pdeCounts),
    borderColor: theme.pde,
    backgroundColor: theme.pde,
    borderWidth: 2,
    pointRadius: 0,
    // Lower order is drawn later: the line stays visible over the bars.
    order: -1
  }
}

/** A bar chart of the ‖w_i‖ histogram (fraction of particles per bin), empty until filled. */
export function histogramChartConfig(
  theme: ChartTheme
): ChartConfiguration<'bar', number[], string> {
  return {
    type: 'bar',
    data: {
      labels: [],
      datasets: [
        {
          label: 'fraction of particles',
          data: [],
          backgroundColor: seriesColor(theme, 0),
          borderWidth: 0,
          barPercentage: 1,
          categoryPercentage: 1
        }
      ]
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: {
          type: 'category',
          title: { display: true, text: '‖wᵢ‖', color: theme.text },
          ticks: {
            color: theme.text,
            maxRotation: 0,
            autoSkip: false,
            // round values at the bins that hold them (the labels stay the bin centres, for tooltips)
            callback(_value, index) {
              const labels = (this.chart.data.labels ?? []) as string[]
              return niceBinTicks(labels.map(Number))[index] ?? ''
            }
          },
          grid: { display: false }
        },
        y: {
          type: 'linear',
          beginAtZero: true,
          title: { display: true, text: 'fraction', color: theme.text },
          ticks: { color: theme.text },
          grid: { color: theme.grid }
        }
      },
      plugins: { legend: { display: false }, tooltip: { enabled: true } }
    }
  }
}

/**
 * Writes one histogram into a config made by `histogramChartConfig` (or its live Chart), in place.
 * When `pdeCounts` (default: the histogram's own) has one value per bin, the PDE line is drawn over
 * the bars and the legend shown; otherwise the chart has the bars only.
 */
export function fillHistogram(
  config: {
    data: ChartData<'bar', number[], string>
    options?: ChartConfiguration<'bar', number[], string>['options']
  },
  h: NormHistogram,
  theme: ChartTheme,
  pdeCounts: readonly number[] | undefined = h.pdeCounts
): void {
  const labels = config.data.labels ?? (config.data.labels = [])
  labels.length = 0
  labels.push(...binLabels(h.edges))
  const bars = config.data.datasets[0]
  bars.data.length = 0
  bars.data.push(...binFractions(h.counts))
  const pde = pdeCounts && pdeCounts.length === h.counts.length ? pdeCounts : null
  // A bar chart may carry a line dataset (chart.js mixed chart); its type says which it is.
  const datasets = config.data.datasets as unknown[]
  datasets.length = 1
  if (pde) datasets.push(pdeHistogramDataset(theme, pde))
  bars.label = pde ? PARTICLES_LABEL : 'fraction of particles'
  const plugins = config.options?.plugins
  // reverse: the line is drawn last (order −1) but the bars are the main series, listed first.
  if (plugins)
    plugins.legend = pde
      ? { display: true, reverse: true, labels: { color: theme.text } }
      : { display: false }
}
