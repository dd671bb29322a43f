import { evaluateClaims, type ClaimResult, type StudyRun as ClaimRun } from '../claims'
import {
  findPreset,
  hasVariants,
  presetSpec,
  presetVariants,
  type Preset,
  type PresetSize
} from '../spec/presets'
import { applyAssignments, type SpecAssignment } from '../spec/set-path'
import { createStudy, createVariantStudy, StudyPlanError } from './study-plan'
import type { Study, SweepValue } from './study-types'

/** The preset with this id if it is a comparison study (it has variants); null otherwise. */
export function variantPreset(id: string): Preset | null {
  const preset = findPreset(id)
  return preset && hasVariants(preset) ? preset : null
}

/** Labels of a preset's variants at a size; [] for a single-run or unknown preset. */
export function presetVariantLabels(id: string, size: PresetSize = 'default'): string[] {
  const preset = variantPreset(id)
  return preset ? presetVariants(preset, size).map((v) => v.label) : []
}

/** How to plan a preset's variant study. */
export interface PresetStudyOptions {
  size?: PresetSize
  /** `--set` style assignments applied to every variant's spec. */
  assignments?: readonly SpecAssignment[]
  /** Run each variant once per seed; null/absent: each variant once with its spec's seed. */
  seeds?: number[] | null
}

/**
 * A fresh variant study of a preset: each of its variants at the size, with any assignments
 * applied, × `seeds` (refused when the variants set the seed themselves). Throws StudyPlanError for
 * an unknown or single-run preset, a preset without variants at that size, or refused seeds.
 */
export function planPresetVariantStudy(id: string, opts: PresetStudyOptions = {}): Study {
  const size = opts.size ?? 'default'
  const preset = variantPreset(id)
  if (!preset)
    throw new StudyPlanError(
      findPreset(id)
        ? `preset '${id}' has no variants (a single-run preset)`
        : `unknown preset '${id}'`
    )
  const variants = presetVariants(preset, size)
  if (!variants.length)
    throw new StudyPlanError(`preset '${preset.id}' has no variants at size ${size}`)
  const ownSeeds = variants.some((v) => 'seed' in v.overrides)
  if (ownSeeds && opts.seeds)
    throw new StudyPlanError(
      `the variants of '${preset.id}' set the seed themselves; --seeds does not apply`
    )
  const specs = variants.map((v) => ({
    label: v.label,
    spec: applyAssignments(
      presetSpec(preset.id, { size, variant: v.label }),
      opts.assignments ?? []
    )
  }))
  return createVariantStudy(
    { title: `${preset.title}: variants`, preset: preset.id, size },
    specs,
    ownSeeds ? null : (opts.seeds ?? null)
  )
}

/** A value sweep of one preset: `param` over `values`, each run once per seed. */
export interface PresetSweepPlan {
  preset: string
  size?: PresetSize
  /** Dotted spec path, e.g. 'model.width' (the paths `--set` takes). */
  param: string
  values: SweepValue[]
  seeds: number[]
}

/**
 * A fresh value sweep of a preset at a size, with any assignments applied to the base spec first.
 * Every run's spec is validated here, so a bad value or path fails before anything runs. Throws
 * StudyPlanError (unknown preset, bad path, value out of range, too many runs) or SetPathError
 * (a bad assignment).
 */
export function planPresetSweep(
  plan: PresetSweepPlan,
  assignments: readonly SpecAssignment[] = []
): Study {
  const preset = findPreset(plan.preset)
  if (!preset) throw new StudyPlanError(`unknown preset '${plan.preset}'`)
  const size = plan.size ?? 'default'
  const baseSpec = applyAssignments(presetSpec(preset.id, { size }), assignments)
  return createStudy({
    title: `${baseSpec.title}: ${plan.param} sweep`,
    preset: preset.id,
    size,
    baseSpec,
    param: plan.param,
    values: [...plan.values],
    seeds: [...plan.seeds]
  })
}

/**
 * The preset's claims on a variant study (null for a value sweep). Runs that did not complete are
 * passed as unfinished, so a claim that needs them comes out null rather than judged on part.
 */
export function studyClaims(study: Study): ClaimResult[] | null {
  const def = study.definition
  if (!def.variantStudy || !def.preset) return null
  const runs: ClaimRun[] = study.runs.map((r) => ({
    label: r.label ?? String(r.value),
    spec: r.session.spec,
    series: r.session.series,
    histograms: r.session.histograms,
    finished: r.session.status === 'completed'
  }))
  return evaluateClaims(def.preset, { runs })
}
