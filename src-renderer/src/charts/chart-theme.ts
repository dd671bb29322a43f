import { DARK_THEME, LIGHT_THEME, type ChartTheme } from '@shared/charts/chart-theme'

/** The chart theme matching the OS colour scheme at this moment. */
export function currentChartTheme(): ChartTheme {
  const dark =
    typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
  return dark ? DARK_THEME : LIGHT_THEME
}
