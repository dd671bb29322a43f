import type { Chart, Plugin } from 'chart.js'

/** Fills per point cloud: overlaps across fills darken (density shows), overlaps within one do not. */
const LAYERS = 16

/**
 * Draws dataset 0's points as dots in LAYERS canvas fills instead of chart.js's one fill per point
 * (the cost of a large scatter: ≈ 3 µs a point on a software-rendered canvas). The dataset keeps
 * `pointRadius: 0`, so chart.js still lays the points out (scales, pixel positions) but draws none;
 * this plugin reads their pixel positions. Layer l holds points l, l + LAYERS, …: neighbours in the
 * (x-sorted) data land in different layers, so translucent overlaps still darken.
 */
export function fastPointsPlugin(style: () => { radius: number; color: string }): Plugin {
  return {
    id: 'mflabFastPoints',
    afterDatasetsDraw(chart: Chart) {
      const meta = chart.getDatasetMeta(0)
      if (!meta || meta.hidden || meta.data.length === 0) return
      const { radius: r, color } = style()
      const { left, right, top, bottom } = chart.chartArea
      const ctx = chart.ctx
      const pts = meta.data
      ctx.save()
      ctx.beginPath()
      ctx.rect(left, top, right - left, bottom - top)
      ctx.clip()
      ctx.fillStyle = color
      const square = r < 1.5
      for (let layer = 0; layer < LAYERS && layer < pts.length; layer++) {
        ctx.beginPath()
        for (let i = layer; i < pts.length; i += LAYERS) {
          const { x, y } = pts[i]
          if (!Number.isFinite(x) || !Number.isFinite(y)) continue
          if (square) ctx.rect(x - r, y - r, 2 * r, 2 * r)
          else {
            ctx.moveTo(x + r, y)
            ctx.arc(x, y, r, 0, 2 * Math.PI)
          }
        }
        ctx.fill()
      }
      ctx.restore()
    }
  }
}
