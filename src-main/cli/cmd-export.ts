import { sessionToJson, seriesToCsv } from '@shared/session/export-session'
import { writeFileAtomic } from '../backend/atomic-write'
import { choiceOption, onePositional, parseCommandArgs } from './parse-command-args'
import { studyRunsToCsv, studyToJson } from '@shared/study/export-study'
import { loadAnyForCommand } from './load-session'

/**
 * `mflab export FILE --format json|csv [-o OUT] [--checkpoint]`: a session as JSON (everything
 * but the checkpoint's particles unless --checkpoint) or its metric series as CSV; a study as JSON
 * (every run's session) or one CSV row per run; to stdout without -o.
 */
export async function cmdExport(
  args: string[],
  write: (text: string) => Promise<void>
): Promise<number> {
  const { values, positionals } = parseCommandArgs('export', args, {
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    checkpoint: { type: 'boolean' }
  })
  const file = onePositional('export', positionals, 'session or study file')
  const format = choiceOption('export', 'format', values.format, ['json', 'csv'] as const) ?? 'json'
  const loaded = await loadAnyForCommand(file)
  const opts = { checkpoint: values.checkpoint }
  let text: string
  if (loaded.kind === 'study')
    text =
      format === 'json'
        ? JSON.stringify(studyToJson(loaded.study, opts)) + '\n'
        : studyRunsToCsv(loaded.study)
  else {
    const { session } = loaded.decoded
    text =
      format === 'json' ? JSON.stringify(sessionToJson(session, opts)) + '\n' : seriesToCsv(session)
  }
  if (values.output) await writeFileAtomic(values.output, new TextEncoder().encode(text))
  else await write(text)
  return 0
}
