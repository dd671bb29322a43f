import type { ClaimResult } from '../claims/claim-types'
import type { SessionStatus } from '../session/session-types'
import type { PresetSize } from '../spec/presets'
import { finalMetric } from './study-summary'
import type { Study, SweepValue } from './study-types'

/** One run of a study as the renderer draws it: plain numbers, safe to send over IPC or a socket. */
export interface StudyRunData {
  index: number
  value: SweepValue
  /** The preset variant this run is (variant studies), else null. */
  label: string | null
  seed: number
  status: SessionStatus
  /** Steps done of `steps` planned. */
  step: number
  steps: number
  /** Final risk of a completed run, else null. */
  finalRisk: number | null
  seconds: number
  /** Backend that ran it, when it ran. */
  backend: string | null
  message: string | null
  /**
   * Every metric column of the run, one entry per record, thinned alike to at most
   * STUDY_SERIES_POINTS (+1) entries; missing columns are absent.
   */
  series: Record<string, Float64Array>
}

/** A study as the renderer sees it (what a `LabApi.loadStudy(id)` would return). */
export interface StudyData {
  /** Opaque handle in the backend, or the file name for a study opened from disk. */
  id: string
  title: string
  preset: string | null
  size: PresetSize | null
  param: string
  values: SweepValue[]
  seeds: number[]
  createdAt: string
  updatedAt: string
  runs: StudyRunData[]
  /** A preset's variants compared (param 'variant'), rather than one parameter swept. */
  variantStudy: boolean
  /**
   * The preset's claims judged on the study (variant studies): saved with a finished study, judged
   * on the current state while it runs; null for a value sweep.
   */
  claims: ClaimResult[] | null
  /** Whether this backend is running the study now (it can be stopped). */
  running: boolean
}

/** Most points per series sent to a viewer (a study may hold hundreds of long runs). */
export const STUDY_SERIES_POINTS = 1000

/**
 * Every `stride`-th entry of a column, always with the last one: the curve's shape at most
 * STUDY_SERIES_POINTS points long (every column of a run thinned alike, so rows stay aligned).
 */
function thinned(column: ArrayLike<number>, stride: number): Float64Array {
  const n = column.length
  const out = new Float64Array(
    n === 0 ? 0 : Math.ceil(n / stride) + ((n - 1) % stride !== 0 ? 1 : 0)
  )
  let j = 0
  for (let i = 0; i < n; i += stride) out[j++] = column[i]
  if (j < out.length) out[j] = column[n - 1]
  return out
}

/**
 * The renderer's view of a decoded study: final metrics and the (thinned) series of every run. `claims`
 * are the study's saved verdicts unless given (a running study's, judged on its current state).
 */
export function studyToData(
  study: Study,
  id: string,
  opts: { running?: boolean; claims?: ClaimResult[] | null } = {}
): StudyData {
  const d = study.definition
  return {
    id,
    title: d.title,
    preset: d.preset,
    size: d.size,
    param: d.param,
    values: [...d.values],
    seeds: [...d.seeds],
    createdAt: study.createdAt,
    updatedAt: study.updatedAt,
    variantStudy: d.variantStudy !== undefined,
    claims: opts.claims !== undefined ? opts.claims : (study.claims ?? null),
    running: opts.running ?? false,
    runs: study.runs.map((r) => {
      const risk = finalMetric(r)
      const columns = Object.entries(r.session.series)
      const rows = Math.max(0, ...columns.map(([, v]) => v.length))
      const stride = Math.max(1, Math.ceil(rows / STUDY_SERIES_POINTS))
      const series: Record<string, Float64Array> = {}
      for (const [k, v] of columns) series[k] = thinned(v, stride)
      return {
        index: r.index,
        value: r.value,
        label: r.label ?? null,
        seed: r.seed,
        status: r.session.status,
        step: r.session.step,
        steps: r.session.spec.dynamics.steps,
        finalRisk: Number.isFinite(risk) ? risk : null,
        seconds: r.seconds,
        backend: r.session.backend?.actual ?? null,
        message: r.session.message,
        series
      }
    })
  }
}
