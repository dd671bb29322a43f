import type { PresetSummary } from '@shared/protocol/lab-api'
import { presetNarrative } from '@shared/spec/lessons'
import { listPresets } from '@shared/spec/presets'
import { presetVariantLabels } from '@shared/study/preset-study'

/** The guided experiments as the app lists them: what Home shows, with each size's variants. */
export function presetSummaries(): PresetSummary[] {
  return listPresets().map((p) => ({
    id: p.id,
    title: p.title,
    claim: p.claim,
    estimatedSeconds: p.estimatedSeconds,
    narrative: presetNarrative(p.id, 'default'),
    editable: p.editable,
    ...(presetVariantLabels(p.id).length && {
      variants: {
        ci: presetVariantLabels(p.id, 'ci'),
        default: presetVariantLabels(p.id, 'default'),
        paper: presetVariantLabels(p.id, 'paper')
      }
    })
  }))
}
