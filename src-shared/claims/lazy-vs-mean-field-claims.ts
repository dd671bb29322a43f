import type { ExperimentSpec } from '../spec/experiment-spec'
import type { ClaimSpec, StudyRun, Verdict } from './claim-types'
import { byWidth, finalBound, finalValue, runFinished } from './common-claims'
import { finiteValues, mean, UNKNOWN } from './series-stats'

/** Lazy = the NTK (1/√M) scaling or an explicit α > 1. */
export function isLazy(spec: ExperimentSpec): boolean {
  return spec.model.scaling === 'ntk' || (spec.model.scaling === 'alpha' && spec.model.alpha > 1)
}

/**
 * Final test risk at the largest width / at the smallest (seed means), over the runs `pick`
 * selects; met by `holds` once every such run finished.
 */
function widthRatio(
  runs: StudyRun[],
  pick: (s: ExperimentSpec) => boolean,
  holds: (ratio: number, widest: StudyRun[]) => boolean
): Verdict {
  const groups = byWidth(runs.filter((r) => pick(r.spec)))
  if (groups.length < 2) return UNKNOWN
  const risk = (g: { runs: StudyRun[] }) => mean(g.runs.map((r) => finalValue(r.series, 'risk')))
  const value = risk(groups[groups.length - 1]) / risk(groups[0])
  if (!Number.isFinite(value)) return UNKNOWN
  const done = groups.every((g) => g.runs.every(runFinished))
  return { met: done ? holds(value, groups[groups.length - 1].runs) : null, value }
}

/** A run whose final risk is ≤ 1% of its initial risk (ratios of such risks are noise). */
function nearZero(run: StudyRun): boolean {
  return finalValue(run.series, 'risk') <= 0.01 * (finiteValues(run.series, 'risk')[0] ?? NaN)
}

function meanAbsCosStart(series: Record<string, number[]>): number {
  return finiteValues(series, 'meanAbsCos')[0] ?? NaN
}

/** Claims of 'lazy-vs-mean-field' (seed 004). */
export const lazyVsMeanFieldClaims: readonly ClaimSpec[] = [
  {
    id: 'lazy-test-error-worsens',
    text: 'In the lazy (NTK) scaling the test error gets worse as the width grows.',
    expected: 'NTK-scaled runs: final risk at the largest width > 1.0 × final risk at the smallest',
    scope: 'study',
    check: (runs) => widthRatio(runs, isLazy, (r) => r > 1)
  },
  {
    id: 'mf-test-error-does-not-worsen',
    text: 'In the mean-field scaling the test error does not get worse with width.',
    expected:
      'mean-field runs: final risk at the largest width ≤ 1.1 × final risk at the smallest, or ≤ 0.01 × its own initial risk (both near zero) (value: the ratio largest/smallest)',
    scope: 'study',
    check: (runs) =>
      widthRatio(
        runs,
        (s) => !isLazy(s),
        (r, widest) => r <= 1.1 || widest.every(nearZero)
      )
  },
  finalBound({
    id: 'alignment-stays-small-when-lazy',
    text: 'When lazy (width ≥ 100), the neurons stay as unaligned with w* as at random, about 1/√d.',
    expected:
      'NTK runs with M ≥ 100: final mean_i |cos(w_i, w*)| ≤ 2/√d (random directions: ≈ 0.8/√d)',
    column: 'meanAbsCos',
    appliesTo: (s) => isLazy(s) && s.model.width >= 100,
    holds: (v, run) => v <= 2 / Math.sqrt(run.spec.task.dim)
  }),
  finalBound({
    id: 'mf-alignment-rises',
    text: 'In the mean-field scaling the neurons turn towards w*.',
    expected:
      'mean-field runs: final mean_i |cos(w_i, w*)| ≥ initial + 0.5/√d (value: the rise × √d; random directions: mean |cos| ≈ 0.8/√d)',
    column: 'meanAbsCos',
    appliesTo: (s) => !isLazy(s),
    measure: (run) =>
      (finalValue(run.series, 'meanAbsCos') - meanAbsCosStart(run.series)) *
      Math.sqrt(run.spec.task.dim),
    holds: (v) => v >= 0.5
  })
]
