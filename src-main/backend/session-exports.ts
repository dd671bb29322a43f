import type { ChartFormat, ExportedChart } from '@shared/protocol/lab-api'
import { sessionToJson, seriesToCsv } from '@shared/session/export-session'
import type { Session } from '@shared/session/session-types'
import { LIGHT_THEME } from '@shared/charts/chart-theme'
import { metricAxisTitle } from '@shared/charts/metric-labels'
import { groupBySetting, studyBandConfig } from '@shared/charts/study-bands'
import type { StudyData } from '@shared/study/study-data'
import { loadCanvasModule, renderChart } from '../report/render-chart'
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

/** Chart names of a study: its curves of one metric, linear or on a log scale. */
const STUDY_CHART = /^study-curves-(log-)?([A-Za-z][A-Za-z0-9]*)$/

/** Whether `chart` names a study's chart (`exportChart` then takes a study id). */
export function isStudyChart(chart: string): boolean {
  return chart.startsWith('study-')
}

/**
 * A study's curves of one metric as the Study view draws them (one colour per setting, its seeds
 * as a band), drawn by the report's renderer: `study-curves-<metric>` or `study-curves-log-<metric>`.
 * The file is named after the study. Throws for another name or a metric no run recorded.
 */
export async function exportStudyChart(
  study: StudyData,
  chart: string,
  format: ChartFormat
): Promise<ExportedChart> {
  const m = STUDY_CHART.exec(chart)
  const metric = m?.[2] ?? ''
  const groups = groupBySetting(study.runs)
  if (!m || !groups.some((g) => g.runs.some((r) => r.series[metric]?.length)))
    throw new Error(
      `study ${study.title} has no chart '${chart}' (its charts are study-curves-METRIC for a recorded metric)`
    )
  const config = studyBandConfig(
    LIGHT_THEME,
    groups,
    metric,
    'time',
    !!m[1],
    metricAxisTitle(metric)
  )
  const bytes = await renderChart(await loadCanvasModule(), config as never, {
    ...EXPORT_SIZE,
    format
  })
  return {
    fileName: `${slugify(study.title)}-${metric}.${format}`,
    mimeType: format === 'svg' ? 'image/svg+xml' : 'image/png',
    bytes
  }
}
