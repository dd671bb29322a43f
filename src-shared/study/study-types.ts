import type { PresetSize } from '../spec/presets'
import type { ExperimentSpec } from '../spec/experiment-spec'
import type { AppStamp, Session } from '../session/session-types'
import type { ClaimResult } from '../claims/claim-types'

/** One value of the swept parameter, as `--set` would parse it (mostly numbers). */
export type SweepValue = number | string | boolean | null

/**
 * What a study runs: the base spec (a preset at a size with any `--set` applied) with one spec path
 * swept over `values`, each value run once per seed. Run i has value `values[⌊i / seeds⌋]` and seed
 * `seeds[i mod seeds]` (value-major).
 */
export interface StudyDefinition {
  title: string
  /** Preset the base spec came from, when it did. */
  preset: string | null
  size: PresetSize | null
  baseSpec: ExperimentSpec
  /** Dotted spec path that is swept, e.g. 'model.width' (the same paths `--set` takes). */
  param: string
  values: SweepValue[]
  /**
   * Seeds (spec.seed) each value is run with. In a variant study whose variants set the seed
   * themselves, the distinct seeds of its runs in ascending order instead (one run per value).
   */
  seeds: number[]
  /**
   * Set for a variant study (`sweep --preset X --variants`): an explicit list of labelled specs,
   * one per value, each the preset at `size` with one of its variants. `param` is 'variant' and
   * `values` are the variant labels (distinct). `seedsFromVariants`: the variants set the seed,
   * so each runs once with its own seed; otherwise each variant is run once per seed, as a sweep.
   */
  variantStudy?: { seedsFromVariants: boolean }
}

/** The `param` of a variant study. */
export const VARIANT_PARAM = 'variant'

/** One run of a study: its place in the plan and the whole session it produced (or will). */
export interface StudyRun {
  /** Position in the plan (value-major), also its archive entry `runs/<index>.mflab`. */
  index: number
  value: SweepValue
  seed: number
  /** The run itself; its spec is baseSpec with `param = value` and `seed`. */
  session: Session
  /** Wall-clock seconds spent running it, resumed parts included. */
  seconds: number
  /** The preset variant this run is, in a variant study (equal to `value` there). */
  label?: string
}

/** A study in memory: what a `.mflabstudy` file decodes to and encodes from. */
export interface Study {
  app: AppStamp
  /** ISO 8601 times. */
  createdAt: string
  updatedAt: string
  definition: StudyDefinition
  /** Every planned run, in plan order (runs[i].index === i). */
  runs: StudyRun[]
  /** Verdicts on the preset's claims over the whole study, when they were judged (variant studies). */
  claims?: ClaimResult[]
}

/** How far a study got: every run completed, some still to run, or some failed. */
export type StudyStatus = 'completed' | 'unfinished' | 'failed'

/**
 * How a run is named in progress and collect messages: `param=value, seed N`, or just
 * `variant=label` when the variants set the seed themselves (their labels already say it).
 */
export function runWhat(def: StudyDefinition, value: SweepValue, seed: number): string {
  const what = `${def.param}=${String(value)}`
  return def.variantStudy?.seedsFromVariants ? what : `${what}, seed ${seed}`
}
