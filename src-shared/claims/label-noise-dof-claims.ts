import type { ExperimentSpec } from '../spec/experiment-spec'
import type { ClaimSpec, StudyRun } from './claim-types'
import { finalValue, runFinished } from './common-claims'
import { UNKNOWN } from './series-stats'

/** σ̃ of a run as the dynamics see it: 0 when label noise is off. */
export function effectiveLabelNoise(spec: ExperimentSpec): number {
  const tt = spec.dynamics.twoTimescale
  return tt.labelNoiseMode === 'none' ? 0 : tt.labelNoise
}

/** The runs with the implicit-regularisation label noise (modes none/sampled/expected), by σ̃. */
function regularisingRuns(runs: readonly StudyRun[]): StudyRun[] {
  return runs
    .filter((r) => r.spec.dynamics.twoTimescale.labelNoiseMode !== 'contrasting')
    .sort((a, b) => effectiveLabelNoise(a.spec) - effectiveLabelNoise(b.spec))
}

/** Relative slack on "does not rise" between neighbouring σ̃ (estimator noise of d(μ)). */
export const DOF_SLACK = 0.01

/** Claims of 'label-noise-dof' (seed 000). */
export const labelNoiseDofClaims: readonly ClaimSpec[] = [
  {
    id: 'dof-falls-with-label-noise',
    text: 'Label noise lowers the degrees of freedom d(μ) = tr(K(K + cI)⁻¹).',
    expected: `final dof non-increasing in σ̃ (up to ${DOF_SLACK * 100}% between neighbours) and dof(σ̃max) < dof(σ̃ = 0) (value: dof(σ̃max)/dof(σ̃min); measured −1% at the default size, −7% at CI)`,
    scope: 'study',
    check(runs) {
      const rs = regularisingRuns(runs)
      if (
        rs.length < 2 ||
        effectiveLabelNoise(rs[0].spec) === effectiveLabelNoise(rs[rs.length - 1].spec)
      )
        return UNKNOWN
      const dof = rs.map((r) => finalValue(r.series, 'dof'))
      if (!dof.every(Number.isFinite)) return UNKNOWN
      const value = dof[dof.length - 1] / dof[0]
      const monotone = dof.every((d, i) => i === 0 || d <= dof[i - 1] * (1 + DOF_SLACK))
      return { met: rs.every(runFinished) ? monotone && value < 1 : null, value }
    }
  },
  {
    id: 'test-error-improves-with-label-noise',
    text: 'The test error improves with label noise.',
    expected: 'final risk at the largest σ̃ ≤ final risk at σ̃ = 0 (value: their ratio)',
    scope: 'study',
    check(runs) {
      const rs = regularisingRuns(runs)
      if (rs.length < 2) return UNKNOWN
      const value = finalValue(rs[rs.length - 1].series, 'risk') / finalValue(rs[0].series, 'risk')
      if (!Number.isFinite(value)) return UNKNOWN
      return { met: rs.every(runFinished) ? value <= 1 : null, value }
    }
  },
  {
    id: 'contrasting-noise-raises-dof',
    text: 'Putting the noisy labels inside the exact solve instead raises d(μ).',
    expected: 'final dof of the contrasting run > final dof at σ̃ = 0 (value: their ratio)',
    scope: 'study',
    check(runs) {
      const base = regularisingRuns(runs)[0]
      const contra = runs.find(
        (r) =>
          r.spec.dynamics.twoTimescale.labelNoiseMode === 'contrasting' &&
          r.spec.dynamics.twoTimescale.labelNoise > 0
      )
      if (!base || !contra || effectiveLabelNoise(base.spec) !== 0) return UNKNOWN
      const value = finalValue(contra.series, 'dof') / finalValue(base.series, 'dof')
      if (!Number.isFinite(value)) return UNKNOWN
      return { met: runFinished(base) && runFinished(contra) ? value > 1 : null, value }
    }
  }
]
