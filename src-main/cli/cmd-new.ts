import { access } from 'node:fs/promises'
import { createSession } from '@shared/session/create-session'
import { findPreset, presetSpec, UnknownPresetError, type PresetSize } from '@shared/spec/presets'
import { applyAssignments, parseAssignment, SetPathError } from '@shared/spec/set-path'
import { saveSessionFile } from '../backend/session-store'
import { choiceOption, parseCommandArgs } from './parse-command-args'
import { UsageError } from './usage-error'

/** `mflab new --preset NAME [--set path=value …] [--size ci|default|paper] -o FILE [--force]` */
export async function cmdNew(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseCommandArgs('new', args, {
    preset: { type: 'string' },
    set: { type: 'string', multiple: true },
    size: { type: 'string' },
    output: { type: 'string', short: 'o' },
    force: { type: 'boolean' }
  })
  if (positionals.length) throw new UsageError(`new: unexpected argument '${positionals[0]}'`)
  if (!values.preset) throw new UsageError('new: missing --preset NAME (see mflab presets)')
  if (!values.output) throw new UsageError('new: missing -o FILE')
  const size =
    choiceOption<PresetSize>('new', 'size', values.size, ['ci', 'default', 'paper']) ?? 'default'
  const preset = findPreset(values.preset)
  if (!preset) throw new UsageError(`new: ${new UnknownPresetError(values.preset).message}`)
  let spec = presetSpec(preset.id, { size })
  try {
    spec = applyAssignments(spec, (values.set ?? []).map(parseAssignment))
  } catch (e) {
    if (e instanceof SetPathError) throw new UsageError(`new: --set ${e.message}`)
    throw e
  }
  if (!values.force && (await exists(values.output)))
    throw new UsageError(`new: ${values.output} exists (use --force to overwrite)`)
  const session = createSession(spec, {
    lesson: { narrative: preset.narrative, editable: preset.editable }
  })
  await saveSessionFile(values.output, session)
  out(
    JSON.stringify({
      output: values.output,
      preset: preset.id,
      size,
      title: spec.title,
      width: spec.model.width,
      steps: spec.dynamics.steps
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
