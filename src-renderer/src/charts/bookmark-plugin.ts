import type { Chart, Plugin } from 'chart.js'

/**
 * Draws dashed vertical lines at the x values `xs()` returns (notes and bookmarks on the timeline),
 * read at draw time so new notes need only a redraw.
 */
export function bookmarkPlugin(xs: () => readonly number[], color: string): Plugin<'line'> {
  return {
    id: 'mflabBookmarks',
    afterDatasetsDraw(chart: Chart<'line'>) {
      const scale = chart.scales.x
      if (!scale) return
      const { top, bottom, left, right } = chart.chartArea
      const ctx = chart.ctx
      ctx.save()
      ctx.strokeStyle = color
      ctx.setLineDash([4, 3])
      ctx.lineWidth = 1
      for (const x of xs()) {
        const px = scale.getPixelForValue(x)
        if (!Number.isFinite(px) || px < left || px > right) continue
        ctx.beginPath()
        ctx.moveTo(px, top)
        ctx.lineTo(px, bottom)
        ctx.stroke()
      }
      ctx.restore()
    }
  }
}
