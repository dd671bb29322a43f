import { loadForCommand } from './load-session'
import { choiceOption, intOption, onePositional, parseCommandArgs } from './parse-command-args'
import { UsageError } from './usage-error'

/** Usage of `mflab report`, for the help text. */
export const REPORT_USAGE =
  'mflab report FILE -o DIR [--format png|svg|both] [--width 900] [--height 500] [--log]'

const MAX_SIDE = 8000

/**
 * `mflab report FILE -o DIR`: draws a session's charts (risk, last ‖w‖ histogram, other metric
 * columns, particle scatter) to PNG and/or SVG in DIR with an index.html, headless. Prints one JSON
 * line `{status:'ok', files, output}`. A missing or corrupt session, an unwritable DIR or a missing
 * @napi-rs/canvas is a UsageError (exit 2).
 */
export async function cmdReport(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseCommandArgs('report', args, {
    output: { type: 'string', short: 'o' },
    format: { type: 'string' },
    width: { type: 'string' },
    height: { type: 'string' },
    log: { type: 'boolean' }
  })
  const file = onePositional('report', positionals, 'session file')
  if (!values.output) throw new UsageError('report: missing -o DIR (where the images go)')
  const format =
    choiceOption('report', 'format', values.format, ['png', 'svg', 'both'] as const) ?? 'png'
  const width = intOption('report', 'width', values.width, 100) ?? 900
  const height = intOption('report', 'height', values.height, 100) ?? 500
  if (width > MAX_SIDE || height > MAX_SIDE)
    throw new UsageError(`report: --width and --height must be at most ${MAX_SIDE}`)

  const { session } = await loadForCommand(file)
  if (session.step === 0 && session.snapshots.length === 0 && session.histograms.length === 0)
    throw new UsageError(`${file}: no results yet (mflab run ${file} first)`)

  // Loaded only here: chart drawing needs @napi-rs/canvas, a native devDependency.
  const { writeReport, ReportOutputError } = await import('../report/write-report')
  const { CanvasMissingError } = await import('../report/render-chart')
  let files: string[]
  try {
    files = await writeReport(session, {
      output: values.output,
      format,
      width,
      height,
      logScale: values.log ?? false,
      source: file
    })
  } catch (e) {
    if (e instanceof ReportOutputError || e instanceof CanvasMissingError)
      throw new UsageError(e.message)
    throw e
  }
  out(JSON.stringify({ status: 'ok', files, output: values.output }))
  return 0
}
