import type { Chart, Plugin } from 'chart.js'

/** Writes `text()` (read at draw time; empty draws nothing) in the top-right corner of the plot area. */
export function cornerNotePlugin(text: () => string, color: string): Plugin {
  return {
    id: 'mflabCornerNote',
    afterDatasetsDraw(chart: Chart) {
      const t = text()
      if (!t) return
      const ctx = chart.ctx
      ctx.save()
      ctx.fillStyle = color
      ctx.font = '11px sans-serif'
      ctx.textAlign = 'right'
      ctx.textBaseline = 'top'
      ctx.fillText(t, chart.chartArea.right - 4, chart.chartArea.top + 4)
      ctx.restore()
    }
  }
}
