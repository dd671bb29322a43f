import { listPresets } from '@shared/spec/presets'
import { parseCommandArgs } from './parse-command-args'

/** `mflab presets [--json]`: the guided experiments, one per line (or as JSON). */
export function cmdPresets(args: string[], out: (line: string) => void): number {
  const { values } = parseCommandArgs('presets', args, { json: { type: 'boolean' } })
  const presets = listPresets()
  if (values.json) {
    out(
      JSON.stringify(
        presets.map((p) => ({
          id: p.id,
          title: p.title,
          claim: p.claim,
          estimatedSeconds: p.estimatedSeconds
        }))
      )
    )
    return 0
  }
  const width = Math.max(...presets.map((p) => p.id.length))
  for (const p of presets)
    out(
      `${p.id.padEnd(width)}  ~${String(p.estimatedSeconds).padStart(3)} s  ${p.title}: ${p.claim}`
    )
  return 0
}
