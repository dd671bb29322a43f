import type { Verdict } from './claim-types'

/** Metric columns as a claim reads them: typed (from a session file) or plain arrays. */
export type Series = Record<string, ArrayLike<number>>

/** Not judgeable (yet). */
export const UNKNOWN: Verdict = { met: null, value: null }

/** The finite values of a column (records where it was not measured are skipped). */
export function finiteValues(series: Series, column: string): number[] {
  return Array.from(series[column] ?? []).filter((v) => Number.isFinite(v))
}

/** Pairs (time, value) of the records where both are finite; time falls back to the record index. */
export function timedValues(series: Series, column: string): { t: number[]; v: number[] } {
  const col = series[column] ?? []
  const time = series.time ?? series.step ?? []
  const t: number[] = []
  const v: number[] = []
  for (let i = 0; i < col.length; i++)
    if (Number.isFinite(col[i])) {
      t.push(Number.isFinite(time[i]) ? time[i] : i)
      v.push(col[i])
    }
  return { t, v }
}

export function mean(v: readonly number[]): number {
  return v.reduce((s, x) => s + x, 0) / v.length
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function sampleStd(v: readonly number[]): number {
  if (v.length < 2) return 0
  const m = mean(v)
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1))
}

export function median(v: readonly number[]): number {
  const s = [...v].sort((a, b) => a - b)
  const h = s.length >> 1
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2
}

/** Least-squares line y ≈ intercept + slope·x and its coefficient of determination R². */
export function linearFit(
  x: readonly number[],
  y: readonly number[]
): { slope: number; intercept: number; r2: number } {
  const mx = mean(x)
  const my = mean(y)
  let sxx = 0
  let sxy = 0
  let syy = 0
  for (let i = 0; i < x.length; i++) {
    sxx += (x[i] - mx) ** 2
    sxy += (x[i] - mx) * (y[i] - my)
    syy += (y[i] - my) ** 2
  }
  const slope = sxy / sxx
  const r2 = syy > 0 ? (sxy * sxy) / (sxx * syy) : 1
  return { slope, intercept: my - slope * mx, r2 }
}

/**
 * Robust noise level of a series: 1.4826·MAD of its successive differences / √2 (the standard
 * deviation of white noise riding on a smooth trend; a smooth trend alone gives ≈ 0).
 */
export function noiseLevel(v: readonly number[]): number {
  if (v.length < 3) return 0
  const diffs = v.slice(1).map((x, i) => x - v[i])
  const med = median(diffs)
  return (1.4826 * median(diffs.map((d) => Math.abs(d - med)))) / Math.SQRT2
}

/**
 * A claim that becomes true as soon as `holds` and can only be declared false at the end:
 * e.g. 'the risk falls below …'.
 */
export function eventually(holds: boolean, finished: boolean, value: number): Verdict {
  if (holds) return { met: true, value }
  return { met: finished ? false : null, value }
}

/** A claim that must hold throughout: false as soon as violated, true only at the end. */
export function throughout(holds: boolean, finished: boolean, value: number): Verdict {
  if (!holds) return { met: false, value }
  return { met: finished ? true : null, value }
}

/** A claim judged on the final state only: null until the run finishes. */
export function atEnd(holds: boolean, finished: boolean, value: number): Verdict {
  return { met: finished ? holds : null, value }
}

/** One-sided 95% quantiles of Student's t with 1…10 degrees of freedom (then the normal 1.645). */
const T_95 = [6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812]

/** The one-sided 95% critical value of Student's t with `df` degrees of freedom. */
export function tCritical95(df: number): number {
  return df >= 1 ? (T_95[df - 1] ?? 1.645) : Infinity
}

/**
 * One-sample t statistic of paired differences (one value per seed): mean / (sd/√k). With k ≥ 2
 * values, `t > tCritical95(k − 1)` says the mean is > 0 at the one-sided 5% level. A zero spread
 * gives ±Infinity (or NaN for an all-zero sample, which is significant neither way).
 */
export function pairedT(values: readonly number[]): { mean: number; t: number; df: number } {
  const m = mean(values)
  const sd = sampleStd(values)
  return { mean: m, t: m / (sd / Math.sqrt(values.length)), df: values.length - 1 }
}
