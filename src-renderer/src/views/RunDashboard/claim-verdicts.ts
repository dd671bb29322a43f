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

/** The part of a SeriesBuffer a ColumnMirror reads. */
export interface ColumnSource {
  readonly length: number
  keys(): string[]
  column(key: string): ArrayLike<number> | null
}

/**
 * Plain-array copies of an append-only series (the claims take `number[]` columns), kept up to date
 * by copying only the records added since the last `sync`: re-judging a long run does not copy
 * (and leave for the collector) every column each time. The arrays are shared with the caller,
 * which must not change them.
 */
export class ColumnMirror {
  private source: ColumnSource | null = null
  private copied = 0
  private cols: Record<string, number[]> = {}

  /** The columns of `source`, one entry per record; a new source or a shorter one starts over. */
  sync(source: ColumnSource): Record<string, number[]> {
    if (source !== this.source || source.length < this.copied) {
      this.source = source
      this.copied = 0
      this.cols = {}
    }
    const n = source.length
    for (const key of source.keys()) {
      const col = source.column(key)
      if (!col) continue
      // a column first seen now has NaN for the records before it (as in the buffer)
      const out = (this.cols[key] ??= new Array<number>(this.copied).fill(NaN))
      for (let i = out.length; i < n; i++) out.push(col[i])
    }
    this.copied = n
    return this.cols
  }
}
