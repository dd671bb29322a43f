import type { ClaimResult } from '@shared/claims'
import { fitInverseSqrtWidth, summarizeStudy, studyStatus } from '@shared/study/study-summary'
import type { Study } from '@shared/study/study-types'

/** The one-line JSON printed last on stdout. */
export interface SweepSummary {
  /** 'completed' (every run), 'stopped' (interrupted; resume with --resume) or 'failed'. */
  status: 'completed' | 'stopped' | 'failed'
  /** Runs in the study (values × seeds). */
  runs: number
  /** Wall-clock seconds of this invocation. */
  seconds: number
  /** Per swept value: mean and standard error across seeds of the final risk of completed runs. */
  summary: { value: unknown; meanRisk: number | null; stdErr: number | null; n: number }[]
  /** Width sweeps: final risk ≈ slope/√M + intercept, least squares over every completed run. */
  fit?: { slope: number; intercept: number; r2: number | null }
  output: string
  /**
   * Variant studies (--variants): the preset's claims judged on the whole study (study claims
   * compare the variants; a run claim is met when it holds on every completed run it applies to).
   */
  claims?: Pick<ClaimResult, 'id' | 'text' | 'met' | 'value' | 'expected'>[]
}

/** The SweepSummary of a study: its state, the final risk per value, the fit and the claims. */
export function sweepSummary(
  study: Study,
  claims: ClaimResult[] | null,
  output: string,
  seconds: number
): SweepSummary {
  const state = studyStatus(study)
  const fit = fitInverseSqrtWidth(study)
  return {
    status: state === 'unfinished' ? 'stopped' : state,
    runs: study.runs.length,
    seconds: Math.round(seconds * 1000) / 1000,
    summary: summarizeStudy(study).map((s) => ({
      value: s.value,
      meanRisk: finiteOrNull(s.mean),
      stdErr: finiteOrNull(s.stdErr),
      n: s.n
    })),
    ...(fit && { fit: { slope: fit.slope, intercept: fit.intercept, r2: finiteOrNull(fit.r2) } }),
    output,
    ...(claims && {
      claims: claims.map((c) => ({
        id: c.id,
        text: c.text,
        met: c.met,
        value: c.value,
        expected: c.expected
      }))
    })
  }
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null
}
