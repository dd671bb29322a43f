import { presetNarrative } from '@shared/spec/lessons'
import { access } from 'node:fs/promises'
import { basename } from 'node:path'
import { CSV_X, CSV_Y } from '@shared/session/csv-rows'
import { TooFewRowsError, withCsvTask } from '@shared/spec/csv-task-spec'
import { createSession } from '@shared/session/create-session'
import { findPreset, presetSpec, UnknownPresetError, type PresetSize } from '@shared/spec/presets'
import { applyAssignments, parseAssignment, SetPathError } from '@shared/spec/set-path'
import { readCsvFile } from '../backend/read-csv-file'
import { saveSessionFile } from '../backend/session-store'
import { choiceOption, parseCommandArgs } from './parse-command-args'
import { UsageError } from './usage-error'

/**
 * `mflab new --preset NAME [--set path=value …] [--size ci|default|paper] [--csv FILE] -o FILE
 * [--force]`. With --csv, the preset learns your data: FILE's rows (d feature columns then the
 * label) become the task and are embedded in the session, 80 % for training and 20 % for testing
 * unless --set task.trainSize / task.testSize say otherwise.
 */
export async function cmdNew(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseCommandArgs('new', args, {
    preset: { type: 'string' },
    set: { type: 'string', multiple: true },
    size: { type: 'string' },
    output: { type: 'string', short: 'o' },
    force: { type: 'boolean' },
    csv: { type: 'string' }
  })
  if (positionals.length) throw new UsageError(`new: unexpected argument '${positionals[0]}'`)
  if (!values.preset) throw new UsageError('new: missing --preset NAME (see mflab presets)')
  if (!values.output) throw new UsageError('new: missing -o FILE')
  const size =
    choiceOption<PresetSize>('new', 'size', values.size, ['ci', 'default', 'paper']) ?? 'default'
  const preset = findPreset(values.preset)
  if (!preset) throw new UsageError(`new: ${new UnknownPresetError(values.preset).message}`)
  let spec = presetSpec(preset.id, { size })
  const rows = values.csv
    ? await readCsvFile(values.csv).catch((e: unknown) => {
        throw new UsageError(`new: --csv ${values.csv}: ${(e as Error).message}`)
      })
    : null
  if (rows && values.csv) {
    try {
      spec = withCsvTask(spec, rows, basename(values.csv))
    } catch (e) {
      if (e instanceof TooFewRowsError)
        throw new UsageError(`new: --csv ${basename(values.csv)}: ${e.message}`)
      throw e
    }
  }
  try {
    spec = applyAssignments(spec, (values.set ?? []).map(parseAssignment))
  } catch (e) {
    if (e instanceof SetPathError) throw new UsageError(`new: --set ${e.message}`)
    throw e
  }
  if (!values.force && (await exists(values.output)))
    throw new UsageError(`new: ${values.output} exists (use --force to overwrite)`)
  const session = createSession(spec, {
    lesson: { narrative: presetNarrative(preset.id, size), editable: preset.editable }
  })
  if (rows) session.data = { [CSV_X]: rows.x, [CSV_Y]: rows.y }
  await saveSessionFile(values.output, session)
  out(
    JSON.stringify({
      output: values.output,
      preset: preset.id,
      size,
      title: spec.title,
      width: spec.model.width,
      steps: spec.dynamics.steps,
      ...(rows && { csv: { rows: rows.n, dim: rows.d, header: rows.header } })
    })
  )
  return 0
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false
  )
}
