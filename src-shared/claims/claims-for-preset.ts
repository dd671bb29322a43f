import { badMinimumEscapeClaims } from './bad-minimum-escape-claims'
import type {
  ClaimInput,
  ClaimResult,
  ClaimSpec,
  RunClaimInput,
  StudyRun,
  ValueDirection,
  Verdict
} from './claim-types'
import { labelNoiseDofClaims } from './label-noise-dof-claims'
import { langevinFreeEnergyClaims } from './langevin-free-energy-claims'
import { lazyVsMeanFieldClaims } from './lazy-vs-mean-field-claims'
import { mmnTwoGaussiansClaims } from './mmn-two-gaussians-claims'
import { ntkGramClaims } from './ntk-gram-claims'
import { propagationOfChaosClaims } from './propagation-of-chaos-claims'
import { randomFeaturesClaims } from './random-features-claims'
import { twoTimescaleKernelClaims } from './two-timescale-kernel-claims'

const CLAIMS: Readonly<Record<string, readonly ClaimSpec[]>> = {
  'mmn-two-gaussians': mmnTwoGaussiansClaims,
  'langevin-free-energy': langevinFreeEnergyClaims,
  'lazy-vs-mean-field': lazyVsMeanFieldClaims,
  'propagation-of-chaos': propagationOfChaosClaims,
  'bad-minimum-escape': badMinimumEscapeClaims,
  'ntk-gram': ntkGramClaims,
  'random-features-vs-network': randomFeaturesClaims,
  'two-timescale-kernel': twoTimescaleKernelClaims,
  'label-noise-dof': labelNoiseDofClaims
}

/** The claim checks of a guided preset (docs/science.md#guided-experiments); empty for a preset without claims. */
export function claimsForPreset(presetId: string): readonly ClaimSpec[] {
  return Object.hasOwn(CLAIMS, presetId) ? CLAIMS[presetId] : []
}

/**
 * Evaluates every claim of a preset. On a single run, study claims are null (they need the
 * variant study) and run claims whose `appliesTo` rejects the run's spec are null. On a study, a
 * run claim is judged on every run it applies to: false if any run fails, true if all pass,
 * null otherwise; its value is that of the worst run (the worst failing one when some fail; by the
 * claim's `better` direction, else the first such run).
 */
export function evaluateClaims(presetId: string, input: ClaimInput): ClaimResult[] {
  return claimsForPreset(presetId).map((c) => ({
    id: c.id,
    text: c.text,
    expected: c.expected,
    ...judge(c, input)
  }))
}

function judge(c: ClaimSpec, input: ClaimInput): Verdict {
  const out = 'runs' in input ? judgeStudy(c, input.runs) : judgeRun(c, input)
  return {
    met: out.met,
    value: out.value !== null && Number.isFinite(out.value) ? out.value : null
  }
}

function judgeRun(c: ClaimSpec, run: RunClaimInput): Verdict {
  if (c.scope === 'study') return { met: null, value: null }
  if (c.appliesTo && !c.appliesTo(run.spec)) return { met: null, value: null }
  return c.check(run)
}

function judgeStudy(c: ClaimSpec, runs: StudyRun[]): Verdict {
  if (c.scope === 'study') return c.check(runs)
  const verdicts = runs
    .filter((r) => !c.appliesTo || c.appliesTo(r.spec))
    .map((r) => c.check({ ...r, finished: r.finished ?? true }))
  if (!verdicts.length) return { met: null, value: null }
  const failed = verdicts.filter((v) => v.met === false)
  if (failed.length) return worstOf(failed, c.better)
  const met = verdicts.every((v) => v.met === true) ? true : null
  return { met, value: worstOf(verdicts, c.better).value }
}

/** How far a value sits from the safe side, in the claim's direction (larger = worse). */
const BADNESS: Record<ValueDirection, (v: number) => number> = {
  lower: (v) => v,
  higher: (v) => -v,
  'near-one': (v) => Math.abs(v - 1),
  'near-zero': (v) => Math.abs(v)
}

/** The verdict with the worst value (the first one without a direction or a finite value). */
function worstOf(verdicts: Verdict[], better: ValueDirection | undefined): Verdict {
  if (!better) return verdicts[0]
  let worst = verdicts[0]
  for (const v of verdicts)
    if (
      v.value !== null &&
      (worst.value === null || BADNESS[better](v.value) > BADNESS[better](worst.value))
    )
      worst = v
  return worst
}
