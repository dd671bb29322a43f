import type { ChartFormat, ExportedChart } from '@shared/protocol/lab-api'
import { sessionToJson, seriesToCsv } from '@shared/session/export-session'
import type { Session } from '@shared/session/session-types'
import { loadCanvasModule } from '../report/render-chart'
import { reportItems } from '../report/write-report'
import { slugify } from './library'

/** Formats File › Export… can write (those of `mflab export`). */
export type ExportFormat = 'json' | 'csv'

/** The export format of a chosen file name, from its extension (JSON unless it ends in .csv). */
export function exportFormatOf(path: string): ExportFormat {
  return path.toLowerCase().endsWith('.csv') ? 'csv' : 'json'
}

/** Pixel size of a chart exported from the app (the report's default). */
const EXPORT_SIZE = { width: 900, height: 500 }

/** A session's data for other tools: its metric series as CSV, or the whole session as JSON. */
export function sessionExportText(s: Session, format: ExportFormat): string {
  return format === 'csv' ? seriesToCsv(s) : JSON.stringify(sessionToJson(s), null, 2) + '\n'
}

/**
 * One of the session's report charts as an image file. Throws, naming the charts it has, for a
 * chart the session does not have.
 */
export async function exportChart(
  session: Session,
  label: string,
  chart: string,
  format: ChartFormat
): Promise<ExportedChart> {
  const items = reportItems(session, { logScale: true, size: EXPORT_SIZE })
  const item = items.find((i) => i.name === chart)
  if (!item)
    throw new Error(
      `session ${label} has no chart '${chart}' (it has: ${items.map((i) => i.name).join(', ')})`
    )
  const bytes = await item.render(await loadCanvasModule(), format)
  return {
    fileName: `${slugify(session.spec.title)}-${chart}.${format}`,
    mimeType: format === 'svg' ? 'image/svg+xml' : 'image/png',
    bytes
  }
}
