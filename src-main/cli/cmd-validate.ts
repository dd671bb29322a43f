import { parseCommandArgs, onePositional } from './parse-command-args'
import { loadAnyForCommand } from './load-session'

/**
 * `mflab validate FILE [--json]`: checks every part of a session file. Prints what it holds on one
 * line; a bad file is a UsageError naming the bad field or entry (exit 2).
 */
export async function cmdValidate(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseCommandArgs('validate', args, { json: { type: 'boolean' } })
  const file = onePositional('validate', positionals, 'session or study file')
  const loaded = await loadAnyForCommand(file)
  if (loaded.kind === 'study') {
    const st = loaded.study
    const count = (status: string) => st.runs.filter((r) => r.session.status === status).length
    const info = {
      ok: true,
      file,
      kind: 'study',
      title: st.definition.title,
      preset: st.definition.preset,
      param: st.definition.param,
      runs: st.runs.length,
      completed: count('completed'),
      failed: count('failed')
    }
    out(
      values.json
        ? JSON.stringify(info)
        : `ok ${file}: study '${info.title}', ${info.runs} runs over ${info.param}: ` +
            `${info.completed} completed, ${info.failed} failed, ${info.runs - info.completed - info.failed} to run`
    )
    return 0
  }
  const { session: s, fileVersion, migrations } = loaded.decoded
  const records = s.series.step?.length ?? 0
  const info = {
    ok: true,
    file,
    formatVersion: fileVersion,
    migrations,
    title: s.spec.title,
    preset: s.spec.preset ?? null,
    status: s.status,
    step: s.step,
    steps: s.spec.dynamics.steps,
    records,
    series: Object.keys(s.series),
    histograms: s.histograms.length,
    snapshots: s.snapshots.map((p) => p.step),
    checkpointStep: s.checkpoint?.step ?? null
  }
  if (values.json) out(JSON.stringify(info))
  else
    out(
      `ok ${file}: '${info.title}', ${info.status} at step ${info.step}/${info.steps}, ` +
        `${records} records, ${info.histograms} histograms, ${info.snapshots.length} snapshots, ` +
        `checkpoint ${info.checkpointStep === null ? 'none' : `at step ${info.checkpointStep}`}` +
        (migrations.length ? ` (migrated from format ${fileVersion})` : '')
    )
  return 0
}
