import type { Study, StudyRun, StudyStatus, SweepValue } from './study-types'

/** Mean, sample standard deviation (n − 1), standard error sd/√n, extremes and count of a sample. */
export interface SampleStats {
  n: number
  mean: number
  /** NaN when n < 2. */
  sd: number
  /** sd/√n; NaN when n < 2. */
  stdErr: number
  min: number
  max: number
}

/** Statistics of the finite numbers in `xs` (non-finite ones are left out; n counts the rest). */
export function sampleStats(xs: readonly number[]): SampleStats {
  const v = xs.filter(Number.isFinite)
  const n = v.length
  if (n === 0) return { n, mean: NaN, sd: NaN, stdErr: NaN, min: NaN, max: NaN }
  const mean = v.reduce((s, x) => s + x, 0) / n
  const sd = n > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : NaN
  return { n, mean, sd, stdErr: sd / Math.sqrt(n), min: Math.min(...v), max: Math.max(...v) }
}

/** Final value of a metric (default the risk) for one swept value, across its completed seeds. */
export interface ValueSummary extends SampleStats {
  value: SweepValue
  /** Runs planned for this value (n counts only the completed ones with a finite metric). */
  planned: number
}

/** What the summaries need of one run: its swept value and its final metric (NaN unless completed). */
export interface RunOutcome {
  value: SweepValue
  final: number
}

/** The final metric of a run when it completed, else NaN. */
export function finalMetric(run: StudyRun, metric = 'risk'): number {
  if (run.session.status !== 'completed') return NaN
  const v = run.session.summary[metric]
  return v === undefined ? NaN : v
}

/** The outcomes of a study's runs for one metric. */
export function studyOutcomes(study: Study, metric = 'risk'): RunOutcome[] {
  return study.runs.map((r) => ({ value: r.value, final: finalMetric(r, metric) }))
}

/** Per swept value (in the order given): statistics of the final metric across seeds. */
export function summarizeOutcomes(
  values: readonly SweepValue[],
  outcomes: readonly RunOutcome[]
): ValueSummary[] {
  return values.map((value) => {
    const runs = outcomes.filter((r) => Object.is(r.value, value))
    return { value, planned: runs.length, ...sampleStats(runs.map((r) => r.final)) }
  })
}

/** Per swept value (in the definition's order): statistics of the final metric across seeds. */
export function summarizeStudy(study: Study, metric = 'risk'): ValueSummary[] {
  return summarizeOutcomes(study.definition.values, studyOutcomes(study, metric))
}

/** Least-squares line y ≈ slope·x + intercept and its coefficient of determination. */
export interface LineFit {
  slope: number
  intercept: number
  /** 1 − SS_res/SS_tot; NaN when every y is equal. */
  r2: number
  /** Points used. */
  n: number
}

/** Ordinary least squares through (xs[i], ys[i]); null with fewer than two distinct x. */
export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit | null {
  const n = Math.min(xs.length, ys.length)
  if (n < 2) return null
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += xs[i]
    my += ys[i]
  }
  mx /= n
  my /= n
  let sxx = 0
  let sxy = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2
    sxy += (xs[i] - mx) * (ys[i] - my)
    syy += (ys[i] - my) ** 2
  }
  if (!(sxx > 0)) return null
  const slope = sxy / sxx
  const intercept = my - slope * mx
  let ssRes = 0
  for (let i = 0; i < n; i++) ssRes += (ys[i] - (slope * xs[i] + intercept)) ** 2
  return { slope, intercept, r2: syy > 0 ? 1 - ssRes / syy : NaN, n }
}

/**
 * Fits final risk ≈ c/√M + b over the completed runs of a width sweep (param 'model.width'): every
 * run is one point (x = 1/√M, y = its final risk), so seed noise shows in R². `slope` is c,
 * `intercept` is b, the extrapolated M → ∞ risk. Null when the study does not sweep the width or
 * fewer than two widths have a finished run.
 */
export function fitInverseSqrtWidth(study: Study, metric = 'risk'): LineFit | null {
  return fitInverseSqrt(study.definition.param, studyOutcomes(study, metric))
}

/** fitInverseSqrtWidth over outcomes: null unless `param` is 'model.width'. */
export function fitInverseSqrt(param: string, outcomes: readonly RunOutcome[]): LineFit | null {
  if (param !== 'model.width') return null
  const xs: number[] = []
  const ys: number[] = []
  for (const r of outcomes) {
    if (typeof r.value !== 'number' || !(r.value > 0) || !Number.isFinite(r.final)) continue
    xs.push(1 / Math.sqrt(r.value))
    ys.push(r.final)
  }
  return fitLine(xs, ys)
}

/** Pointwise statistics of one metric series across seeds, on the shared step grid. */
export interface SeedBand {
  step: Float64Array
  mean: Float64Array
  min: Float64Array
  max: Float64Array
  /** Seeds that contributed (every series is cut to the shortest one). */
  seeds: number
}

/**
 * The band of a metric's series across the runs given (one value's seeds): mean, min and max at
 * each record, over the first k records where k is the shortest series. Runs without the metric
 * are skipped; null when none has it. Runs of one study share the record grid (observe.every).
 */
export function seedBand(runs: readonly StudyRun[], metric = 'risk'): SeedBand | null {
  const series = runs
    .map((r) => ({ step: r.session.series.step, y: r.session.series[metric] }))
    .filter((s) => s.step && s.y && s.y.length > 0)
  if (!series.length) return null
  const k = Math.min(...series.map((s) => Math.min(s.y.length, s.step.length)))
  const band: SeedBand = {
    step: series[0].step.slice(0, k),
    mean: new Float64Array(k),
    min: new Float64Array(k),
    max: new Float64Array(k),
    seeds: series.length
  }
  for (let i = 0; i < k; i++) {
    const st = sampleStats(series.map((s) => s.y[i]))
    band.mean[i] = st.mean
    band.min[i] = st.min
    band.max[i] = st.max
  }
  return band
}

/** Completed when every run completed, failed when any failed, else unfinished. */
export function studyStatus(study: Study): StudyStatus {
  if (study.runs.some((r) => r.session.status === 'failed')) return 'failed'
  return study.runs.every((r) => r.session.status === 'completed') ? 'completed' : 'unfinished'
}
