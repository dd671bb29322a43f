import { specJsonSchema } from '@shared/spec/spec-json-schema'
import { parseCommandArgs } from './parse-command-args'

/** `mflab schema`: the JSON Schema (draft 2020-12) of what a spec may contain, as input. */
export function cmdSchema(args: string[], out: (line: string) => void): number {
  parseCommandArgs('schema', args, {})
  const schema = specJsonSchema()
  out(JSON.stringify({ title: 'Mean-Field Lab experiment spec', ...schema }, null, 2))
  return 0
}
