import type { Plugin } from 'chart.js'

/** A chart.js plugin that fills the canvas before drawing, so PNG exports get an opaque background. */
export function backgroundPlugin(color: string): Plugin {
  return {
    id: 'mflabBackground',
    beforeDraw(chart) {
      const ctx = chart.ctx
      ctx.save()
      ctx.globalCompositeOperation = 'destination-over'
      ctx.fillStyle = color
      ctx.fillRect(0, 0, chart.width, chart.height)
      ctx.restore()
    }
  }
}
