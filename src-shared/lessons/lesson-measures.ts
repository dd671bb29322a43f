import { evaluateClaims, type StudyRun } from '../claims'
import { finalValue } from '../claims/common-claims'
import { isLazy } from '../claims/lazy-vs-mean-field-claims'
import { effectiveLabelNoise } from '../claims/label-noise-dof-claims'
import { finiteValues, mean } from '../claims/series-stats'
import { linearConvergenceFit } from '../claims/two-timescale-kernel-claims'
import type { ExperimentSpec } from '../spec/experiment-spec'

/**
 * What each number a lesson quotes is, and how it is computed from a preset's runs. The numbers
 * themselves are measured by `npm run measure-lessons` (measure-lessons.ts runs these on the
 * engine) and stored in src-shared/spec/lesson-measurement-table.ts; lessons read them with
 * `lessonNumber` / `quoteLessonNumber` (src-shared/spec/lesson-measurements.ts).
 */
export interface LessonMeasure {
  preset: string
  /** Key of the number within its preset, e.g. 'ntkRiskLargest'. */
  name: string
  /** What the number is, in plain words (shown beside it in docs and the table). */
  what: string
  /** Significant digits a lesson shows. */
  digits: number
  /**
   * The variants it needs, by their label without the seed (e.g. 'with data'); all when absent. A
   * preset without variants has the one label ''.
   */
  variants?: (label: string) => boolean
  /** The number, from the runs of every measured seed (or of a subset: the band leaves one out). */
  value(runs: readonly StudyRun[]): number
}

/** Seeds every measurement runs, unless the preset's variants already name their own seeds. */
export const MEASURE_SEEDS: readonly number[] = [1, 2, 3]

/** A variant label without its ', seed k' suffix. */
export function seedlessLabel(label: string): string {
  return label.replace(/(^|, )seed \d+$/, '')
}

const width = (s: ExperimentSpec) => s.model.width

/** Seed mean of the final value of a column over the runs `pick` selects (NaN if none). */
function meanFinal(
  runs: readonly StudyRun[],
  pick: (r: StudyRun) => boolean,
  column: string
): number {
  const v = runs.filter(pick).map((r) => finalValue(r.series, column))
  return v.length ? mean(v) : NaN
}

/** Seed mean of the first finite value of a column over the runs `pick` selects. */
function meanFirst(
  runs: readonly StudyRun[],
  pick: (r: StudyRun) => boolean,
  column: string
): number {
  const v = runs.filter(pick).map((r) => finiteValues(r.series, column)[0] ?? NaN)
  return v.length ? mean(v) : NaN
}

/** Seed mean over the second half of a run's records of a column. */
function meanSecondHalf(
  runs: readonly StudyRun[],
  pick: (r: StudyRun) => boolean,
  column: string
): number {
  const v = runs.filter(pick).map((r) => {
    const x = finiteValues(r.series, column)
    return mean(x.slice(Math.floor(x.length / 2)))
  })
  return v.length ? mean(v) : NaN
}

/** A claim's value on the runs (the claims' own statistic, so lesson and claim agree). */
function claimValue(preset: string, id: string, runs: readonly StudyRun[]): number {
  const c = evaluateClaims(preset, { runs: [...runs] }).find((x) => x.id === id)
  return c?.value ?? NaN
}

const widths = (runs: readonly StudyRun[]) => runs.map((r) => width(r.spec))
const atWidth = (m: 'smallest' | 'largest', lazy: boolean) => (runs: readonly StudyRun[]) => {
  const w = m === 'smallest' ? Math.min(...widths(runs)) : Math.max(...widths(runs))
  return (r: StudyRun) => width(r.spec) === w && isLazy(r.spec) === lazy
}
const any = () => true
const label = (l: string) => (r: StudyRun) => seedlessLabel(r.label) === l
const sigma =
  (s: number, contrasting = false) =>
  (r: StudyRun) =>
    effectiveLabelNoise(r.spec) === s &&
    (r.spec.dynamics.twoTimescale.labelNoiseMode === 'contrasting') === contrasting
const isLabel = (l: string) => (x: string) => x === l

/** Every number the lessons quote, by preset (the order of the table and of docs). */
export const LESSON_MEASURES: readonly LessonMeasure[] = [
  {
    preset: 'mmn-two-gaussians',
    name: 'riskStart',
    what: 'risk at t = 0',
    digits: 2,
    value: (runs) => meanFirst(runs, any, 'risk')
  },
  {
    preset: 'mmn-two-gaussians',
    name: 'riskEnd',
    what: 'risk at the end of the run',
    digits: 2,
    value: (runs) => meanFinal(runs, any, 'risk')
  },
  ...(['smallest', 'largest'] as const).map((m): LessonMeasure => ({
    preset: 'lazy-vs-mean-field',
    name: m === 'smallest' ? 'ntkRiskSmallest' : 'ntkRiskLargest',
    what: `final test risk of the NTK runs at the ${m} width`,
    digits: 2,
    value: (runs) => meanFinal(runs, atWidth(m, true)(runs), 'risk')
  })),
  {
    preset: 'lazy-vs-mean-field',
    name: 'mfRiskLargest',
    what: 'final test risk of the mean-field runs at the largest width',
    digits: 1,
    value: (runs) => meanFinal(runs, atWidth('largest', false)(runs), 'risk')
  },
  {
    preset: 'lazy-vs-mean-field',
    name: 'ntkCosLargest',
    what: 'final mean |cos(w_i, w*)| of the NTK runs at the largest width',
    digits: 2,
    value: (runs) => meanFinal(runs, atWidth('largest', true)(runs), 'meanAbsCos')
  },
  {
    preset: 'lazy-vs-mean-field',
    name: 'mfCosLargest',
    what: 'final mean |cos(w_i, w*)| of the mean-field runs at the largest width',
    digits: 2,
    value: (runs) => meanFinal(runs, atWidth('largest', false)(runs), 'meanAbsCos')
  },
  {
    preset: 'propagation-of-chaos',
    name: 'spreadSlope',
    what: 'fitted exponent of the spread of final risk across seeds against M',
    digits: 2,
    value: (runs) => claimValue('propagation-of-chaos', 'spread-shrinks-1-over-sqrt-m', runs)
  },
  {
    preset: 'langevin-free-energy',
    name: 'onlineSgdEquipartition',
    what: 'equipartition ratio of the online-SGD run, mean over the second half of the run',
    digits: 2,
    variants: isLabel('with data'),
    value: (runs) => meanSecondHalf(runs, label('with data'), 'equipartition')
  },
  ...(
    [
      ['riskStuck', 'small κ, β = ∞', 'final risk from a small init without noise'],
      ['riskNoise', 'small κ, β = 100', 'final risk from a small init with noise'],
      ['riskLargeKappa', 'large κ, β = ∞', 'final risk from a large init without noise']
    ] as const
  ).map(([name, l, what]): LessonMeasure => ({
    preset: 'bad-minimum-escape',
    name,
    what,
    digits: 2,
    variants: isLabel(l),
    value: (runs) => meanFinal(runs, label(l), 'risk')
  })),
  {
    preset: 'ntk-gram',
    name: 'lambda0',
    what: 'λ0 = λ_min(H∞) of the training inputs',
    digits: 2,
    value: (runs) => meanFirst(runs, any, 'ntkLambda0')
  },
  {
    preset: 'ntk-gram',
    name: 'movementLargest',
    what: 'final relative movement ‖W(t) − W(0)‖/‖W(0)‖ at the largest m',
    digits: 2,
    value: (runs) => meanFinal(runs, atWidth('largest', true)(runs), 'movement')
  },
  {
    preset: 'ntk-gram',
    name: 'gramDriftLargest',
    what: 'final drift ‖H(t) − H(0)‖/‖H(0)‖ of the NTK Gram at the largest m',
    digits: 2,
    value: (runs) => meanFinal(runs, atWidth('largest', true)(runs), 'ntkGramDrift')
  },
  ...(['smallest', 'largest'] as const).map((m): LessonMeasure => ({
    preset: 'ntk-gram',
    name: m === 'smallest' ? 'limitGapSmallest' : 'limitGapLargest',
    what: `‖H(0) − H∞‖/‖H∞‖ at the ${m} m`,
    digits: 2,
    value: (runs) => meanFirst(runs, atWidth(m, true)(runs), 'ntkLimitGap')
  })),
  ...(
    [
      ['riskBothLayers', 'both layers'],
      ['riskRandomFeatures', 'random features (a only)']
    ] as const
  ).map(([name, l]): LessonMeasure => ({
    preset: 'random-features-vs-network',
    name,
    what: `final test risk, ${l}`,
    digits: 2,
    variants: isLabel(l),
    value: (runs) => meanFinal(runs, label(l), 'risk')
  })),
  {
    preset: 'two-timescale-kernel',
    name: 'linearFitR2',
    what: 'R² of the log-linear fit of the excess free energy',
    digits: 3,
    value: (runs) =>
      mean(
        runs.map((r) => {
          const t = Array.from(r.series.time ?? [])
          const v = Array.from(r.series.freeEnergy ?? [])
          return linearConvergenceFit(t, v)?.r2 ?? NaN
        })
      )
  },
  ...(
    [
      ['alignmentStart', 'alignment', 'first', 'kernel–target alignment at t = 0'],
      ['alignmentEnd', 'alignment', 'final', 'kernel–target alignment at the end'],
      ['riskStart', 'risk', 'first', 'test risk at t = 0'],
      ['riskEnd', 'risk', 'final', 'test risk at the end']
    ] as const
  ).map(([name, column, when, what]): LessonMeasure => ({
    preset: 'two-timescale-kernel',
    name,
    what,
    digits: 2,
    value: (runs) =>
      when === 'first' ? meanFirst(runs, any, column) : meanFinal(runs, any, column)
  })),
  ...(
    [
      ['dofSigma0', 0, false, 'σ̃ = 0'],
      ['dofSigmaHalf', 0.5, false, 'σ̃ = 0.5'],
      ['dofSigma1', 1, false, 'σ̃ = 1'],
      ['dofContrasting', 1, true, 'σ̃ = 1 in the exact solve (contrasting)']
    ] as const
  ).map(([name, s, contrasting, l]): LessonMeasure => ({
    preset: 'label-noise-dof',
    name,
    what: `final degrees of freedom d(μ), ${l}`,
    digits: 3,
    value: (runs) => meanFinal(runs, sigma(s, contrasting), 'dof')
  })),
  {
    preset: 'label-noise-dof',
    name: 'cleanRiskRatio',
    what: 'clean-label test risk at σ̃ = 1 over that at σ̃ = 0 (geometric mean over seeds)',
    digits: 3,
    variants: (l) => l === 'σ̃ = 0' || l === 'σ̃ = 1',
    // the statistic of test-error-improves-with-label-noise, on any number of seeds
    value(runs) {
      const clean = (r: StudyRun) => finalValue(r.series, 'cleanRisk')
      const logs = runs.filter(sigma(0)).map((r0) => {
        const r1 = runs.find((r) => sigma(1)(r) && r.spec.seed === r0.spec.seed)
        return r1 ? Math.log(clean(r1) / clean(r0)) : NaN
      })
      return Math.exp(mean(logs))
    }
  }
]
