import type { ExperimentSpec } from '../spec/experiment-spec'
import type { ClaimSpec, StudyRun } from './claim-types'
import { finalValue, freeEnergyDecreases, runFinished } from './common-claims'
import { mean, pairedT, tCritical95, UNKNOWN } from './series-stats'

/** σ̃ of a run as the dynamics see it: 0 when label noise is off. */
export function effectiveLabelNoise(spec: ExperimentSpec): number {
  const tt = spec.dynamics.twoTimescale
  return tt.labelNoiseMode === 'none' ? 0 : tt.labelNoise
}

/** Runs of one σ̃ (all their seeds). */
export interface LabelNoiseGroup {
  sigma: number
  runs: StudyRun[]
}

/**
 * The runs with the implicit-regularisation label noise (modes none/sampled/expected), grouped by
 * σ̃ in increasing order. A study over several seeds has several runs per σ̃: the claims compare
 * seed means, never one seed's σ̃ = 0 with another seed's σ̃ = 1.
 */
export function regularisingGroups(runs: readonly StudyRun[]): LabelNoiseGroup[] {
  return groupBySigma(
    runs.filter((r) => r.spec.dynamics.twoTimescale.labelNoiseMode !== 'contrasting')
  )
}

function groupBySigma(runs: readonly StudyRun[]): LabelNoiseGroup[] {
  const groups = new Map<number, StudyRun[]>()
  for (const r of runs) {
    const s = effectiveLabelNoise(r.spec)
    groups.set(s, [...(groups.get(s) ?? []), r])
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([sigma, rs]) => ({ sigma, runs: rs }))
}

/** Seed mean of the final value of a column over a group's runs (NaN if any is missing). */
function meanFinal(g: LabelNoiseGroup, column: string): number {
  return mean(g.runs.map((r) => finalValue(r.series, column)))
}

/** Seeds the paired test-error comparison needs. */
export const MIN_PAIRED_SEEDS = 3

/** Relative slack on "does not rise" between neighbouring σ̃ (estimator noise of d(μ)). */
export const DOF_SLACK = 0.01

/**
 * Whether a run is plain MFLD (σ̃ = 0, no contrasting solve): its dynamics are then the gradient flow
 * of 𝒢 = G + (λw/2)E‖w‖² + λ·Ent, so 𝒢 is non-increasing (docs/science.md, two-timescale). Label
 * noise adds (σ̃²/3n)·d(μ) to what is minimised, and only in expectation.
 */
export function isPlainMfld(spec: ExperimentSpec): boolean {
  return effectiveLabelNoise(spec) === 0
}

/** Claims of 'label-noise-dof' (seed 000). */
export const labelNoiseDofClaims: readonly ClaimSpec[] = [
  {
    ...freeEnergyDecreases(
      'Without label noise the dynamics descend 𝒢 = G + (λw/2)E‖w‖² + λ·Ent: it falls and does not rise again (the weight decay keeps ‖w‖ in check).'
    ),
    expected:
      'σ̃ = 0 runs: F_end < F₀, and freeEnergy never rises above its running minimum by more than 5σ + 0.05·(F₀ − F_end), σ = the noise of the series (value: largest rise / that tolerance, worst run)',
    appliesTo: isPlainMfld
  },
  {
    id: 'dof-falls-with-label-noise',
    text: 'Label noise lowers the degrees of freedom d(μ) = tr(K(K + cI)⁻¹).',
    expected: `final dof (seed mean) non-increasing in σ̃ (up to ${DOF_SLACK * 100}% between neighbours) and dof(σ̃max) < dof(σ̃ = 0) (value: dof(σ̃max)/dof(σ̃min))`,
    scope: 'study',
    check(runs) {
      const groups = regularisingGroups(runs)
      if (groups.length < 2) return UNKNOWN
      const dof = groups.map((g) => meanFinal(g, 'dof'))
      if (!dof.every(Number.isFinite)) return UNKNOWN
      const value = dof[dof.length - 1] / dof[0]
      const monotone = dof.every((d, i) => i === 0 || d <= dof[i - 1] * (1 + DOF_SLACK))
      const done = groups.every((g) => g.runs.every(runFinished))
      return { met: done ? monotone && value < 1 : null, value }
    }
  },
  {
    id: 'test-error-improves-with-label-noise',
    text: 'The test error improves with label noise, seed by seed.',
    expected: `per seed: log(final test risk against the clean labels at the largest σ̃ / at σ̃ = 0); ≥ ${MIN_PAIRED_SEEDS} seeds, mean < 0 at the one-sided 5% level (paired t over seeds) (value: the mean ratio)`,
    scope: 'study',
    check(runs) {
      const groups = regularisingGroups(runs)
      if (groups.length < 2) return UNKNOWN
      // scored on clean labels (docs/science.md#dynamics): cleanRisk where the task's labels are noisy
      const column = groups.every((g) => g.runs.every((r) => r.series.cleanRisk?.length))
        ? 'cleanRisk'
        : 'risk'
      const top = groups[groups.length - 1]
      const logs: number[] = []
      for (const r0 of groups[0].runs) {
        const r1 = top.runs.find((r) => r.spec.seed === r0.spec.seed)
        if (r1) logs.push(Math.log(finalValue(r1.series, column) / finalValue(r0.series, column)))
      }
      if (logs.length < MIN_PAIRED_SEEDS || !logs.every(Number.isFinite)) return UNKNOWN
      // a σ̃-ignoring engine gives identical pairs: t = NaN, not significant
      const { mean: m, t, df } = pairedT(logs.map((x) => -x))
      const done = groups.every((g) => g.runs.every(runFinished))
      return { met: done ? t > tCritical95(df) : null, value: Math.exp(-m) }
    }
  },
  {
    id: 'contrasting-noise-raises-dof',
    text: 'Putting the noisy labels inside the exact solve instead raises d(μ).',
    expected:
      'final dof (seed mean) of the contrasting run at its largest σ̃ > that at σ̃ = 0 (value: their ratio)',
    scope: 'study',
    check(runs) {
      const base = regularisingGroups(runs)[0]
      const contra = groupBySigma(
        runs.filter(
          (r) =>
            r.spec.dynamics.twoTimescale.labelNoiseMode === 'contrasting' &&
            r.spec.dynamics.twoTimescale.labelNoise > 0
        )
      ).pop()
      if (!base || !contra || base.sigma !== 0) return UNKNOWN
      const value = meanFinal(contra, 'dof') / meanFinal(base, 'dof')
      if (!Number.isFinite(value)) return UNKNOWN
      const done = base.runs.every(runFinished) && contra.runs.every(runFinished)
      return { met: done ? value > 1 : null, value }
    }
  }
]
