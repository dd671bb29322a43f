/** One plotted point in chart.js's internal format (used with `parsing: false`). */
export interface XYPoint {
  x: number
  y: number
}

/**
 * The value drawn on a y axis: on a log axis a non-positive value cannot be drawn, so it becomes NaN
 * (chart.js leaves a gap) instead of squashing the axis.
 */
export function plotValue(v: number, logScale: boolean): number {
  if (!Number.isFinite(v)) return NaN
  return logScale && v <= 0 ? NaN : v
}

/**
 * Writes points [from, to) of (xs, ys) into `points`, reusing the point objects already there and
 * appending new ones only past the end. `xs` null means x = index.
 */
export function writePoints(
  points: XYPoint[],
  xs: ArrayLike<number> | null,
  ys: ArrayLike<number>,
  from: number,
  to: number,
  logScale: boolean
): void {
  for (let i = from; i < to; i++) {
    const x = xs ? xs[i] : i
    const y = plotValue(ys[i], logScale)
    const p = points[i]
    if (p) {
      p.x = x
      p.y = y
    } else points.push({ x, y })
  }
}
