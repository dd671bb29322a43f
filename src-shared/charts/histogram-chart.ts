import type { ChartConfiguration, ChartData } from 'chart.js'
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

/** Fraction of particles per bin (counts / Σ counts), so histograms of different M compare. */
export function binFractions(counts: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0)
  return counts.map((c) => (total > 0 ? c / total : 0))
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
          ticks: { color: theme.text, maxRotation: 0, autoSkip: true, maxTicksLimit: 8 },
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

/** Writes one histogram into a config made by `histogramChartConfig` (or its live Chart), in place. */
export function fillHistogram(
  config: { data: ChartData<'bar', number[], string> },
  h: NormHistogram
): void {
  const labels = config.data.labels ?? (config.data.labels = [])
  labels.length = 0
  labels.push(...binLabels(h.edges))
  const data = config.data.datasets[0].data
  data.length = 0
  data.push(...binFractions(h.counts))
}
