import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip
} from 'chart.js'

let registered = false

/** Registers only the chart.js parts the app draws with (idempotent); returns Chart. */
export function useChartJs(): typeof Chart {
  if (!registered) {
    Chart.register(
      LineController,
      LineElement,
      PointElement,
      BarController,
      BarElement,
      ScatterController,
      LinearScale,
      LogarithmicScale,
      CategoryScale,
      Decimation,
      Filler,
      Legend,
      Tooltip
    )
    registered = true
  }
  return Chart
}
