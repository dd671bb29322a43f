import type { Chart, Plugin } from 'chart.js'
import type { ReferenceLine } from './key-charts'

/** Samples per reference curve across the x range (a straight level needs two, a bound a few dozen). */
const SAMPLES = 64

/** The [lo, hi] of the x axis's data, or null before there is any. */
function xRange(chart: Chart): [number, number] | null {
  const x = chart.scales.x
  if (!x || !Number.isFinite(x.min) || !Number.isFinite(x.max) || x.max <= x.min) return null
  return [x.min, x.max]
}

/**
 * Draws the theory's reference lines (`lines()`, read at draw time) dashed over a line chart, each
 * labelled at its right end, and widens the y axis so a level outside the data stays in view.
 */
export function referenceLinePlugin(
  lines: () => readonly ReferenceLine[],
  color: string,
  /** Label size in CSS px, read at draw time (projector mode enlarges it). */
  fontPx: () => number = () => 12
): Plugin<'line'> {
  return {
    id: 'mflabReferenceLines',
    afterDataLimits(chart, args) {
      const scale = args.scale
      if (scale.axis !== 'y') return
      const range = xRange(chart as unknown as Chart)
      if (!range) return
      const log = scale.type === 'logarithmic'
      for (const line of lines())
        for (let i = 0; i <= SAMPLES; i++) {
          const y = line.y(range[0] + ((range[1] - range[0]) * i) / SAMPLES)
          if (!Number.isFinite(y) || (log && y <= 0)) continue
          if (y < scale.min) scale.min = y
          if (y > scale.max) scale.max = y
        }
    },
    afterDatasetsDraw(chart) {
      const range = xRange(chart as unknown as Chart)
      const { x: xs, y: ys } = chart.scales
      if (!range || !xs || !ys) return
      const { top, bottom, left, right } = chart.chartArea
      const ctx = chart.ctx
      ctx.save()
      ctx.beginPath()
      ctx.rect(left, top, right - left, bottom - top)
      ctx.clip()
      ctx.strokeStyle = color
      ctx.fillStyle = color
      ctx.lineWidth = 1.5
      ctx.setLineDash([7, 4])
      ctx.font = `${Math.round(fontPx())}px sans-serif`
      ctx.textAlign = 'right'
      ctx.textBaseline = 'bottom'
      for (const line of lines()) {
        ctx.beginPath()
        let last: [number, number] | null = null
        for (let i = 0; i <= SAMPLES; i++) {
          const x = range[0] + ((range[1] - range[0]) * i) / SAMPLES
          const y = line.y(x)
          if (!Number.isFinite(y) || (ys.type === 'logarithmic' && y <= 0)) continue
          const p: [number, number] = [xs.getPixelForValue(x), ys.getPixelForValue(y)]
          if (last) ctx.lineTo(p[0], p[1])
          else ctx.moveTo(p[0], p[1])
          last = p
        }
        ctx.stroke()
        if (last) ctx.fillText(line.label, right - 4, Math.max(top + 14, last[1] - 3))
      }
      ctx.restore()
    }
  }
}
