/** Colours a chart is drawn with; the renderer picks one from `prefers-color-scheme`, a report uses LIGHT. */
export interface ChartTheme {
  /** Axis labels, ticks and legend text. */
  text: string
  /** Grid lines. */
  grid: string
  /** Canvas fill, so exported PNGs are not transparent. */
  background: string
  /** Line and bar colours, used in order. */
  series: readonly string[]
  /** Bookmark (note) markers. */
  marker: string
  /** The mean-field PDE's curves, the same colour in every chart (risk, histogram, law). */
  pde: string
}

// Okabe–Ito palette: distinguishable for the common colour-vision deficiencies.
const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442']

export const LIGHT_THEME: ChartTheme = {
  text: '#1f2328',
  grid: 'rgba(31, 35, 40, 0.12)',
  background: '#ffffff',
  series: OKABE_ITO,
  marker: '#8250df',
  pde: '#CC79A7'
}

export const DARK_THEME: ChartTheme = {
  text: '#e6edf3',
  grid: 'rgba(230, 237, 243, 0.14)',
  background: '#161b22',
  series: ['#58a6ff', '#ff7b52', '#3fb950', '#e38fd0', '#f2b03d', '#79c0ff', '#f0e442'],
  marker: '#d2a8ff',
  pde: '#e38fd0'
}

/** The i-th series colour, cycling through the palette. */
export function seriesColor(theme: ChartTheme, i: number): string {
  return theme.series[i % theme.series.length]
}
