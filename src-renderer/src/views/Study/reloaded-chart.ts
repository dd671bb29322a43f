import type { Chart, ChartConfiguration } from 'chart.js'
import { backgroundPlugin } from '@shared/charts/background-plugin'
import type { XYPoint } from '@shared/charts/xy-point'
import { useChartJs } from '../../charts/chart-registry'
import { currentChartTheme } from '../../charts/chart-theme'

/**
 * A line chart drawn from a fresh config on every reload of a running study (once a second): while
 * `shape` (whatever decides the axes and the datasets) is unchanged the Chart is kept and only the
 * datasets' points and visibility are swapped in; otherwise it is rebuilt.
 */
export function reloadedChart(opts: { register?: Parameters<typeof Chart.register> } = {}) {
  let chart: Chart<'line', XYPoint[]> | null = null
  let shape = ''
  return {
    draw(
      canvas: HTMLCanvasElement | null,
      config: ChartConfiguration<'line', XYPoint[]>,
      nextShape: string
    ): void {
      if (!canvas) return
      if (chart && nextShape === shape) {
        chart.data.datasets.forEach((ds, i) => {
          ds.data = config.data.datasets[i].data
          ds.hidden = config.data.datasets[i].hidden
        })
        chart.update('none')
        return
      }
      chart?.destroy()
      config.plugins = [backgroundPlugin(currentChartTheme().background)]
      const ChartJs = useChartJs()
      if (opts.register) ChartJs.register(...opts.register)
      chart = new ChartJs(canvas, config)
      shape = nextShape
    },
    destroy(): void {
      chart?.destroy()
      chart = null
    }
  }
}
