import { mkdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { ClaimResult } from '@shared/claims/claim-types'
import type { Session } from '@shared/session/session-types'
import { findPreset } from '@shared/spec/presets'
import { writeFileAtomic } from '../backend/atomic-write'
import { reportCharts } from './report-charts'
import { reportHtml, type ReportImage } from './report-html'
import { loadCanvasModule, renderChart, type CanvasModule } from './render-chart'
import { heatmapSvg, renderHeatmapPng } from './render-heatmap'
import { sessionKernelHeatmap } from '@shared/charts/kernel-heatmap'

/** Which image files a report writes. */
export type ReportFormat = 'png' | 'svg' | 'both'

/** How to draw a report. */
export interface ReportOptions {
  /** Directory the files go to; created when missing. */
  output: string
  format: ReportFormat
  /** Image size in pixels. */
  width: number
  height: number
  /** Logarithmic y axis on the risk chart. */
  logScale: boolean
  /** The session file's path, shown on the page. */
  source: string
  /** Checked claims to list; default: the verdicts saved in the session, if any. */
  claims?: readonly ClaimResult[]
}

/** The directory could not be created or written. */
export class ReportOutputError extends Error {
  constructor(dir: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException)?.code
    super(
      `${dir}: cannot write the report${code ? ` (${code})` : ''}: ${(cause as Error)?.message}`
    )
    this.name = 'ReportOutputError'
  }
}

/**
 * Renders the charts of `session` to images in `o.output` and writes `index.html` beside them.
 * Returns the paths written (images in chart order, then index.html), each as `join(o.output, name)`.
 */
export async function writeReport(session: Session, o: ReportOptions): Promise<string[]> {
  const canvas = await loadCanvasModule()
  try {
    await mkdir(o.output, { recursive: true })
  } catch (e) {
    throw new ReportOutputError(o.output, e)
  }
  const formats: ('png' | 'svg')[] = o.format === 'both' ? ['png', 'svg'] : [o.format]
  const written: string[] = []
  const images: ReportImage[] = []
  const write = async (name: string, bytes: Uint8Array) => {
    const path = join(o.output, name)
    try {
      await writeFileAtomic(path, bytes)
    } catch (e) {
      throw new ReportOutputError(o.output, e)
    }
    written.push(path)
  }

  for (const item of reportItems(session, { logScale: o.logScale, size: o })) {
    const image: ReportImage = { caption: item.caption, png: null, svg: null }
    for (const format of formats) {
      const name = `${item.name}.${format}`
      await write(name, await item.render(canvas, format))
      image[format] = name
    }
    images.push(image)
  }

  const html = reportHtml({
    session,
    sourceName: basename(o.source),
    images,
    presetClaim: session.spec.preset ? (findPreset(session.spec.preset)?.claim ?? null) : null,
    claims: o.claims ?? session.claims ?? []
  })
  await write('index.html', new TextEncoder().encode(html))
  return written
}

/** One image of a report: drawn on demand in either format. */
export interface ReportItem {
  name: string
  caption: string
  render(canvas: CanvasModule, format: 'png' | 'svg'): Promise<Uint8Array>
}

/**
 * The images a report of `session` holds, in order: the chart.js charts of reportCharts and the
 * kernel heatmap where the run has one. `mflab report` writes them all; the app's export draws
 * one by name.
 */
export function reportItems(
  session: Session,
  o: { logScale: boolean; size: { width: number; height: number } }
): ReportItem[] {
  const items: ReportItem[] = reportCharts(session, { logScale: o.logScale }).map((chart) => ({
    name: chart.name,
    caption: chart.caption,
    // Each drawing starts from a fresh copy: chart.js and renderChart change the config they get.
    render: (canvas, format) =>
      renderChart(canvas, deepCopy(chart.config) as typeof chart.config, { ...o.size, format })
  }))
  const kernel = sessionKernelHeatmap(session)
  if (kernel) {
    const { heat, step } = kernel
    const fmt = (v: number) => Number(v.toPrecision(3)).toString()
    const side = Math.min(o.size.width, o.size.height)
    items.push({
      name: 'kernel-heatmap',
      caption:
        `Intrinsic kernel K_μ(xᵢ, xⱼ) at step ${step} on ${heat.n} probe points, rows and columns ` +
        `sorted by label; colour from ${fmt(heat.min)} (dark) to ${fmt(heat.max)} (light)`,
      render: async (canvas, format) =>
        format === 'png' ? renderHeatmapPng(canvas, heat, side) : heatmapSvg(heat, side)
    })
  }
  return items
}

// Copies plain objects and arrays; anything else (functions, plugin objects) is shared. structuredClone
// would reject the functions a config may hold.
function deepCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepCopy)
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) out[k] = deepCopy(x)
    return out
  }
  return v
}
