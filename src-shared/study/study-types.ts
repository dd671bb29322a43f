import type { PresetSize } from '../spec/presets'
import type { ExperimentSpec } from '../spec/experiment-spec'
import type { AppStamp, Session } from '../session/session-types'

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
  /** Seeds (spec.seed) each value is run with. */
  seeds: number[]
}

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
}

/** How far a study got: every run completed, some still to run, or some failed. */
export type StudyStatus = 'completed' | 'unfinished' | 'failed'
