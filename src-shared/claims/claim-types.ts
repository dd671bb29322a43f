import type { NormHistogram } from '../engine/simulation-types'
import type { ExperimentSpec } from '../spec/experiment-spec'
import type { Series } from './series-stats'

/**
 * The verdict on one claim of a guided experiment, as printed by `mflab run` (`claims: [...]`) and
 * saved in the session.
 */
export interface ClaimResult {
  id: string
  /** The claim in one sentence. */
  text: string
  /** true / false once it can be judged; null while the run has not reached that point. */
  met: boolean | null
  /** The measured quantity the threshold is applied to (see `expected`); null when not measured. */
  value: number | null
  /** The threshold, in words, e.g. 'final risk < 0.25 × initial risk'. */
  expected: string
}

/** One run's results: the metric columns (one entry per record) and the ‖w‖ histograms. */
export interface RunClaimInput {
  spec: ExperimentSpec
  series: Series
  histograms?: NormHistogram[]
  /** Whether the run reached its last step. */
  finished: boolean
  /** Which variant of the preset this run is, when it is one (see Preset.variants). */
  label?: string
}

/** One run of a variant study. */
export interface StudyRun {
  label: string
  spec: ExperimentSpec
  series: Series
  histograms?: NormHistogram[]
  /** Default true: a study is judged on completed runs. */
  finished?: boolean
}

/** A preset run over several variants (widths, seeds, scalings, σ̃ …). */
export interface StudyClaimInput {
  runs: StudyRun[]
}

export type ClaimInput = RunClaimInput | StudyClaimInput

/** What a check returns: the verdict and the measured value. */
export interface Verdict {
  met: boolean | null
  value: number | null
}

interface ClaimBase {
  id: string
  text: string
  expected: string
}

/**
 * A claim about one run. `appliesTo` picks the runs it is about (e.g. only β = ∞ with small κ);
 * on a run it does not apply to the verdict is null.
 */
export interface RunClaim extends ClaimBase {
  scope: 'run'
  appliesTo?: (spec: ExperimentSpec) => boolean
  /**
   * Which values are safer, so that a study reports its worst run: 'lower' (e.g. a risk ratio
   * under a bound), 'higher', or nearer 1 or 0 (|value − 1|, |value| under a bound).
   */
  better?: ValueDirection
  check(run: RunClaimInput): Verdict
}

/** How a run claim's value moves away from its threshold (see RunClaim.better). */
export type ValueDirection = 'lower' | 'higher' | 'near-one' | 'near-zero'

/** A claim that compares the runs of a variant study; null on a single run. */
export interface StudyClaim extends ClaimBase {
  scope: 'study'
  check(runs: StudyRun[]): Verdict
}

/** A claim check: a pure function of run results plus its wording. */
export type ClaimSpec = RunClaim | StudyClaim
