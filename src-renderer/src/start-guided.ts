import type { PresetSummary } from '@shared/protocol/lab-api'
import type { PresetSize } from '@shared/spec/presets'
import { useLab } from './lab'
import { go } from './router'
import { useAppStore, useRunStore } from './stores'
import { presetLesson } from './stores/run-store'

/**
 * Runs a guided experiment the way its claims need it: a comparison runs every variant as one
 * study (its claims are judged across the runs, so one run alone would end in "not judged"); a
 * single-run preset runs its spec. Shows what it started.
 */
export async function startGuided(preset: PresetSummary, size: PresetSize): Promise<void> {
  if (preset.variants) {
    const study = await useAppStore().attempt(() => useLab().startStudy(preset.id, size))
    if (study) go({ name: 'study', id: study.id })
    return
  }
  await startOneRun(preset, size)
}

/** Runs the preset's base spec once at a size and opens its dashboard. */
export async function startOneRun(preset: PresetSummary, size: PresetSize): Promise<void> {
  const app = useAppStore()
  const spec = await app.attempt(() => useLab().presetSpec(preset.id, size))
  if (!spec) return
  const id = await app.attempt(() => useLab().startRun(spec))
  if (!id) return
  useRunStore().begin(id, spec, presetLesson(preset))
  go({ name: 'run', id })
}
