/** What timedUpdate needs of a chart.js Chart (any chart type). */
export interface UpdatableChart {
  update(mode: 'none'): void
  data: { datasets: readonly { data: { length: number }; _data?: { length: number } }[] }
}

/** The global flag that turns on chart-update timing (the e2e perf test or a developer sets it). */
export const CHART_TIMING_FLAG = '__mflabChartTiming'

function timingOn(): boolean {
  return (globalThis as Record<string, unknown>)[CHART_TIMING_FLAG] === true
}

/** A chart name fit for a mark: lower case, runs of other characters as '-'. */
export function chartTimingName(label: string): string {
  return (
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'chart'
  )
}

/**
 * `chart.update('none')`, timed as a User Timing measure `chart-update:<name>` (detail: `points`, the
 * largest dataset's point count) when `globalThis.__mflabChartTiming` is true. Off by default: the
 * timeline keeps every measure, and a long run updates charts many times a second.
 */
export function timedUpdate(chart: UpdatableChart, name: string): void {
  if (!timingOn() || typeof performance === 'undefined' || !performance.measure) {
    chart.update('none')
    return
  }
  const start = performance.now()
  chart.update('none')
  let points = 0
  // with decimation on, `data` is the decimated copy and `_data` the dataset's own points
  for (const ds of chart.data.datasets) points = Math.max(points, (ds._data ?? ds.data).length)
  performance.measure(`chart-update:${name}`, { start, end: performance.now(), detail: { points } })
}

/** Runs `fn`, timed as a measure `chart-prep:<name>` when chart timing is on (see timedUpdate). */
export function timedPrep<T>(name: string, fn: () => T): T {
  if (!timingOn() || typeof performance === 'undefined' || !performance.measure) return fn()
  const start = performance.now()
  const out = fn()
  performance.measure(`chart-prep:${name}`, { start, end: performance.now() })
  return out
}
