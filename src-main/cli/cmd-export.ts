import { sessionToJson, seriesToCsv } from '@shared/session/export-session'
import { writeFileAtomic } from '../backend/atomic-write'
import { choiceOption, onePositional, parseCommandArgs } from './parse-command-args'
import { loadForCommand } from './load-session'

/**
 * `mflab export FILE --format json|csv [-o OUT] [--checkpoint]`: the session as JSON (everything
 * but the checkpoint's particles unless --checkpoint) or its metric series as CSV; to stdout
 * without -o.
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
  const file = onePositional('export', positionals, 'session file')
  const format = choiceOption('export', 'format', values.format, ['json', 'csv'] as const) ?? 'json'
  const { session } = await loadForCommand(file)
  const text =
    format === 'json'
      ? JSON.stringify(sessionToJson(session, { checkpoint: values.checkpoint })) + '\n'
      : seriesToCsv(session)
  if (values.output) await writeFileAtomic(values.output, new TextEncoder().encode(text))
  else await write(text)
  return 0
}
