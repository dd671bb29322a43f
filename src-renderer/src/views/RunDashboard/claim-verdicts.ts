import { claimsForPreset, evaluateClaims, type ClaimResult } from '@shared/claims'
import type { NormHistogram } from '@shared/engine/simulation-types'
import type { RunStatus } from '@shared/protocol/lab-api'
import type { ExperimentSpec } from '@shared/spec/experiment-spec'

/** How a claim reads in the panel: judged true, judged false, or not judged (yet). */
export type ClaimState = 'met' | 'not-met' | 'pending'

/** What the claims panel needs of a run. */
export interface ClaimRunView {
  spec: ExperimentSpec | null
  status: RunStatus | 'idle'
  /** Metric columns, one entry per record (plain arrays are used as they are, not copied). */
  columns: Record<string, ArrayLike<number>>
  histograms: readonly NormHistogram[]
  /** Verdicts saved with a stored session, when it has them. */
  saved: ClaimResult[] | null
}

/** Whether the run's preset has claims to show. */
export function hasClaims(spec: ExperimentSpec | null): boolean {
  return !!spec?.preset && claimsForPreset(spec.preset).length > 0
}

/**
 * The verdicts to show: the saved ones of a completed stored session (the backend judged them on the
 * whole run), else the preset's claims judged now on the results so far; [] without a preset.
 */
export function claimVerdicts(run: ClaimRunView): ClaimResult[] {
  const preset = run.spec?.preset
  if (!run.spec || !preset) return []
  if (run.status === 'completed' && run.saved && run.saved.length) return run.saved
  return evaluateClaims(preset, {
    spec: run.spec,
    series: run.columns,
    histograms: [...run.histograms],
    finished: run.status === 'completed'
  })
}

/** The state of one verdict. */
export function claimState(c: ClaimResult): ClaimState {
  return c.met === true ? 'met' : c.met === false ? 'not-met' : 'pending'
}

/** The words for a state (the panel never says it by colour alone). */
export function claimStateText(state: ClaimState, runEnded: boolean): string {
  if (state === 'met') return '✓ met'
  if (state === 'not-met') return '✗ not met'
  return runEnded ? '– not judged' : '… not yet'
}
