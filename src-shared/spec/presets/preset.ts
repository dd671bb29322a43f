import type { ExperimentSpecInput } from '../experiment-spec'

/**
 * What a guided experiment is (docs/science.md#guided-experiments): a spec, the claim a user can
 * check with it and the lesson text, at three sizes, and for comparisons the variants a study runs.
 * Sizes: 'default' runs on a classroom CPU in about a minute, 'ci' is a reduced run for tests (same
 * phenomenon, fewer particles and steps), 'paper' is the size of the publication's figure. A
 * preset's claim checks live in claims/claims-for-preset.ts, keyed by its id.
 */

/** How big to make a preset's run. */
export type PresetSize = 'default' | 'ci' | 'paper'

/** Overrides of a size, as dotted spec path → value (the same paths `--set` takes). */
export type SpecOverrides = Record<string, unknown>

/** One run of a comparison study: a label and the spec paths it changes (applied after the size). */
export interface PresetVariant {
  label: string
  overrides: SpecOverrides
}

export interface Preset {
  id: string
  title: string
  /** The claim the run lets a user check, in one line of plain words (`mflab presets` prints it). */
  claim: string
  /**
   * The research notes behind the lesson, for the developers who keep the lesson numbers honest:
   * never shown to a student. Sessions, the Library and the preset list carry the plain lesson
   * (lessons.ts, presetNarrative) instead.
   */
  narrative: string
  /**
   * Estimated wall-clock seconds of the base spec at the default size on the float64/JS engine
   * (2 cores); a study costs about that times the number of variants (widths scale it).
   */
  estimatedSeconds: number
  /** Spec paths the lesson invites the user to change. */
  editable: string[]
  spec: ExperimentSpecInput
  sizes: { ci: SpecOverrides; paper: SpecOverrides }
  /** The runs of the study at the default and paper sizes; absent for a single-run preset. */
  variants?: PresetVariant[]
  /** Replaces `variants` at a size (smaller widths in CI). */
  sizeVariants?: Partial<Record<PresetSize, PresetVariant[]>>
}

/** The variants of a preset at a size (sizeVariants[size] ?? variants); [] for a single-run preset. */
export function presetVariants(
  preset: Pick<Preset, 'variants' | 'sizeVariants'>,
  size: PresetSize = 'default'
): PresetVariant[] {
  return preset.sizeVariants?.[size] ?? preset.variants ?? []
}

/** Whether a preset is a comparison study (it has variants at some size). */
export function hasVariants(preset: Pick<Preset, 'variants' | 'sizeVariants'>): boolean {
  return presetVariants(preset).length > 0 || preset.sizeVariants !== undefined
}

/** Variants over a cartesian product of value lists for some paths. */
export function grid(
  axes: { path: string; values: unknown[]; name: (v: unknown) => string }[]
): PresetVariant[] {
  let out: PresetVariant[] = [{ label: '', overrides: {} }]
  for (const axis of axes)
    out = out.flatMap((v) =>
      axis.values.map((x) => ({
        label: v.label ? `${v.label}, ${axis.name(x)}` : axis.name(x),
        overrides: { ...v.overrides, [axis.path]: x }
      }))
    )
  return out
}
