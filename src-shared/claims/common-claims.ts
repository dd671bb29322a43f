import type { ExperimentSpec } from '../spec/experiment-spec'
import type { RunClaim, RunClaimInput, StudyRun, ValueDirection, Verdict } from './claim-types'
import {
  atEnd,
  eventually,
  finiteValues,
  linearFit,
  mean,
  noiseLevel,
  UNKNOWN,
  type Series
} from './series-stats'

/** 'risk-falls': the last recorded risk is below `factor` × the first. */
export function riskFalls(factor: number, text?: string, column = 'risk'): RunClaim {
  return {
    id: 'risk-falls',
    text: text ?? 'The risk falls during training.',
    expected: `final ${column} < ${factor} × initial ${column}`,
    scope: 'run',
    better: 'lower',
    check(run) {
      const v = finiteValues(run.series, column)
      if (v.length < 2) return UNKNOWN
      const ratio = v[v.length - 1] / v[0]
      return eventually(ratio < factor, run.finished, ratio)
    }
  }
}

/**
 * 'free-energy-decreases': the free energy falls overall and never rises above its running minimum
 * by more than the estimator noise. Value: the largest rise in units of the tolerance (≤ 1 passes).
 */
export function freeEnergyDecreases(text: string, column = 'freeEnergy'): RunClaim {
  return {
    id: 'free-energy-decreases',
    text,
    better: 'lower',
    expected: `F_end < F₀, and ${column} never rises above its running minimum by more than 5σ + 0.05·(F₀ − F_end), σ = the noise of the series (value: largest rise / that tolerance)`,
    scope: 'run',
    check(run) {
      const v = finiteValues(run.series, column)
      if (v.length < 3) return UNKNOWN
      return monotoneDecrease(v, run.finished)
    }
  }
}

/**
 * The check behind freeEnergyDecreases. σ is the larger of the robust noise of successive
 * differences and the residual std of a straight line through the last third of the records: at
 * stationarity the k-NN entropy estimate fluctuates with positive autocorrelation, which the
 * first underestimates. The running minimum of n noisy records sits ≈ 2σ–2.5σ below the level and
 * a later record as far above it, hence 5σ.
 */
export function monotoneDecrease(v: readonly number[], finished: boolean): Verdict {
  const drop = v[0] - v[v.length - 1]
  const tol = 5 * Math.max(noiseLevel(v), tailResidualStd(v)) + 0.05 * Math.max(0, drop) + 1e-12
  let runMin = v[0]
  let worst = 0
  for (const x of v) {
    worst = Math.max(worst, x - runMin)
    runMin = Math.min(runMin, x)
  }
  const value = worst / tol
  if (value > 1) return { met: false, value }
  return { met: finished ? drop > 0 : null, value }
}

/** Residual std of a least-squares line through the last third of a series (0 below 4 points). */
export function tailResidualStd(v: readonly number[]): number {
  const tail = v.slice(Math.floor((2 * v.length) / 3))
  if (tail.length < 4) return 0
  const x = tail.map((_, i) => i)
  const { slope, intercept } = linearFit(x, tail)
  const ss = tail.reduce((s, y, i) => s + (y - intercept - slope * i) ** 2, 0)
  return Math.sqrt(ss / (tail.length - 2))
}

/** The last finite value of a column, or NaN. */
export function finalValue(series: Series, column: string): number {
  const v = finiteValues(series, column)
  return v.length ? v[v.length - 1] : NaN
}

/** Mean of the last `fraction` of a column's finite values (at least one), or NaN. */
export function tailMean(series: Series, column: string, fraction: number): number {
  const v = finiteValues(series, column)
  if (!v.length) return NaN
  return mean(v.slice(Math.min(v.length - 1, Math.floor(v.length * (1 - fraction)))))
}

/** Runs grouped by width, widths ascending. */
export function byWidth(runs: readonly StudyRun[]): { width: number; runs: StudyRun[] }[] {
  const groups = new Map<number, StudyRun[]>()
  for (const r of runs)
    groups.set(r.spec.model.width, [...(groups.get(r.spec.model.width) ?? []), r])
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([width, rs]) => ({ width, runs: rs }))
}

/** Slope of log y against log x (a power law y ∝ x^slope); NaN with fewer than two points. */
export function logLogSlope(x: readonly number[], y: readonly number[]): number {
  const pts = x.map((xi, i) => [xi, y[i]]).filter(([a, b]) => a > 0 && b > 0)
  if (pts.length < 2) return NaN
  return linearFit(
    pts.map((p) => Math.log(p[0])),
    pts.map((p) => Math.log(p[1]))
  ).slope
}

/** Whether a study run finished (default true). */
export function runFinished(r: StudyRun): boolean {
  return r.finished ?? true
}

/** A run claim judged at the end on `final(column) ≤ or ≥ bound(spec)`. */
export function finalBound(opts: {
  id: string
  text: string
  expected: string
  column: string
  appliesTo?: (spec: ExperimentSpec) => boolean
  better?: ValueDirection
  /** The quantity judged; default the final value of `column`. */
  measure?: (run: RunClaimInput) => number
  holds: (value: number, run: RunClaimInput) => boolean
}): RunClaim {
  return {
    id: opts.id,
    text: opts.text,
    expected: opts.expected,
    scope: 'run',
    appliesTo: opts.appliesTo,
    better: opts.better,
    check(run) {
      const value = opts.measure ? opts.measure(run) : finalValue(run.series, opts.column)
      if (!Number.isFinite(value)) return UNKNOWN
      return atEnd(opts.holds(value, run), run.finished, value)
    }
  }
}
