import type { ChartConfiguration } from 'chart.js'
import { backgroundPlugin } from '@shared/charts/background-plugin'
import { LIGHT_THEME } from '@shared/charts/chart-theme'

/** The part of @napi-rs/canvas a report needs (imported lazily: the desktop app does without it). */
export type CanvasModule = typeof import('@napi-rs/canvas')

/** @napi-rs/canvas is not installed (it is a devDependency with a native binary). */
export class CanvasMissingError extends Error {
  constructor(cause: unknown) {
    super(
      'report needs the package @napi-rs/canvas, which is not installed ' +
        `(npm install --save-dev @napi-rs/canvas): ${(cause as Error)?.message?.split('\n')[0] ?? cause}`
    )
    this.name = 'CanvasMissingError'
  }
}

/** Loads @napi-rs/canvas, or throws CanvasMissingError. */
export async function loadCanvasModule(): Promise<CanvasModule> {
  try {
    return await import('@napi-rs/canvas')
  } catch (e) {
    throw new CanvasMissingError(e)
  }
}

/** Image size in pixels and which format to draw. */
export interface RenderOptions {
  width: number
  height: number
  format: 'png' | 'svg'
}

// Skia finds fonts through its own manager; naming DejaVu (in the base image) keeps text identical
// between machines instead of depending on what 'sans-serif' resolves to.
const FONT_FAMILY = "'DejaVu Sans', sans-serif"

let chartModule: Promise<typeof import('chart.js')> | null = null

async function loadChartJs(): Promise<typeof import('chart.js')> {
  chartModule ??= import('chart.js').then((m) => {
    m.Chart.register(...m.registerables)
    m.Chart.defaults.font.family = FONT_FAMILY
    return m
  })
  return chartModule
}

/**
 * Draws one chart.js config off-screen at a fixed size (no animation, device pixel ratio 1, opaque
 * white background) and returns the PNG bytes or the SVG text (text converted to paths, so the SVG
 * does not depend on the viewer's fonts) as UTF-8 bytes. `config` is modified (sizing options).
 */
export async function renderChart(
  canvasModule: CanvasModule,
  config: ChartConfiguration,
  o: RenderOptions
): Promise<Uint8Array> {
  const { Chart } = await loadChartJs()
  const options = (config.options ??= {})
  Object.assign(options, {
    responsive: false,
    maintainAspectRatio: false,
    animation: false,
    devicePixelRatio: 1
  })
  // Room on the right for the last x tick label and the last bar, which would touch the edge.
  options.layout ??= { padding: { top: 6, right: 18, bottom: 6, left: 6 } }
  config.plugins = [...(config.plugins ?? []), backgroundPlugin(LIGHT_THEME.background)]
  // chart.js accepts any 2D context with a `canvas`; its types name the DOM's.
  const draw = (ctx: unknown) => new Chart(ctx as never, config)
  if (o.format === 'svg') {
    const { createCanvas, SvgExportFlag } = canvasModule
    const canvas = createCanvas(o.width, o.height, SvgExportFlag.ConvertTextToPaths)
    const chart = draw(canvas.getContext('2d'))
    try {
      return new Uint8Array(canvas.getContent())
    } finally {
      chart.destroy()
    }
  }
  const canvas = canvasModule.createCanvas(o.width, o.height)
  const chart = draw(canvas.getContext('2d'))
  try {
    return new Uint8Array(canvas.toBuffer('image/png'))
  } finally {
    chart.destroy()
  }
}
