import { evaluateClaims, type ClaimResult, type StudyRun } from '@shared/claims'
import { createSimulation } from '@shared/engine/create-simulation'
import type { EngineFault } from '@shared/engine/engine-fault'
import { DivergenceError, type NormHistogram } from '@shared/engine/simulation-types'
import type { ExperimentSpec } from '@shared/spec/experiment-spec'
import { presetSpec, presetVariants, type PresetSize } from '@shared/spec/presets'
import { variantPreset } from '@shared/study/preset-study'

/**
 * One run of a spec on the js backend, as the claims see it; null when a faulted run stopped with
 * an error (a divergence, or a kernel solve that failed on exploding particles).
 */
export async function runSpec(
  spec: ExperimentSpec,
  fault?: EngineFault
): Promise<{ series: Record<string, number[]>; histograms: NormHistogram[] } | null> {
  const sim = await createSimulation(spec, { backend: 'js', fault })
  try {
    const series: Record<string, number[]> = {}
    const records = await sim.advance(spec.dynamics.steps)
    for (const [i, r] of records.entries())
      for (const [k, v] of Object.entries(r))
        (series[k] ??= new Array(records.length).fill(NaN))[i] = v
    return { series, histograms: [await sim.histogram()] }
  } catch (e) {
    if (fault || e instanceof DivergenceError) return null
    throw e
  } finally {
    sim.dispose()
  }
}

/** The runs of a preset at a size: its variants, or the preset's own spec when it has none. */
export function presetRuns(
  id: string,
  size: PresetSize
): { label: string; spec: ExperimentSpec }[] {
  const preset = variantPreset(id)
  if (!preset) return [{ label: '', spec: presetSpec(id, { size }) }]
  return presetVariants(preset, size).map((v) => ({
    label: v.label,
    spec: presetSpec(id, { size, variant: v.label })
  }))
}

/**
 * A preset's claims on its runs at a size (or on the named variants only), with a fault; 'diverged'
 * when a run stopped with an error.
 */
export async function presetClaims(
  id: string,
  size: PresetSize,
  fault?: EngineFault,
  variants?: readonly string[]
): Promise<ClaimResult[] | 'diverged'> {
  const all = presetRuns(id, size)
  const plan = variants ? all.filter((r) => variants.includes(r.label)) : all
  if (variants && plan.length !== variants.length)
    throw new Error(`${id}: unknown variant among ${variants.join('; ')}`)
  const runs: StudyRun[] = []
  for (const p of plan) {
    const out = await runSpec(p.spec, fault)
    if (!out) return 'diverged'
    runs.push({ label: p.label, spec: p.spec, ...out })
  }
  if (runs.length === 1 && !runs[0].label) return evaluateClaims(id, { ...runs[0], finished: true })
  return evaluateClaims(id, { runs })
}
