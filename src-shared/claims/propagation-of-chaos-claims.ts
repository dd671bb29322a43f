import type { ClaimSpec, StudyRun } from './claim-types'
import { byWidth, logLogSlope, runFinished } from './common-claims'
import { mean, sampleStd, UNKNOWN } from './series-stats'

/** Accepted range of the fitted exponent of spread ∝ M^slope (theory: −½). */
// With k seeds the std of each width is uncertain by ≈ 1/√(2(k − 1)) (41% at k = 4), which puts
// an uncertainty of ≈ 0.2 on an exponent fitted over a 16× range of widths: the window is ±1.5 of
// that around −½.
export const CHAOS_SLOPE_RANGE: readonly [number, number] = [-0.85, -0.2]

/**
 * Across-seed spread of the risk curves of runs of one width: √(mean over records of the
 * across-seed variance), records aligned by index. NaN with fewer than two runs.
 */
export function seedSpread(runs: readonly StudyRun[], column = 'risk'): number {
  if (runs.length < 2) return NaN
  const len = Math.min(...runs.map((r) => (r.series[column] ?? []).length))
  const vars: number[] = []
  for (let k = 0; k < len; k++) {
    const vals = runs.map((r) => r.series[column][k]).filter((v) => Number.isFinite(v))
    if (vals.length >= 2) vars.push(sampleStd(vals) ** 2)
  }
  return vars.length ? Math.sqrt(mean(vars)) : NaN
}

/** Mean over runs and records of |risk − pdeRisk|; NaN without a pdeRisk column. */
function pdeGap(runs: readonly StudyRun[]): number {
  const gaps: number[] = []
  for (const r of runs) {
    const risk = r.series.risk ?? []
    const pde = r.series.pdeRisk ?? []
    for (let k = 0; k < Math.min(risk.length, pde.length); k++)
      if (Number.isFinite(risk[k]) && Number.isFinite(pde[k])) gaps.push(Math.abs(risk[k] - pde[k]))
  }
  return gaps.length ? mean(gaps) : NaN
}

/** Claims of 'propagation-of-chaos' (seed 004: error ~ 1/√M + √η). */
export const propagationOfChaosClaims: readonly ClaimSpec[] = [
  {
    id: 'spread-shrinks-1-over-sqrt-m',
    text: 'The spread of the risk curves across seeds shrinks like 1/√M.',
    expected: `fitted exponent of spread ∝ M^slope (spread = RMS over records of the across-seed std of the risk, ≥ 2 seeds per width, ≥ 2 widths) in [${CHAOS_SLOPE_RANGE[0]}, ${CHAOS_SLOPE_RANGE[1]}] (theory −0.5)`,
    scope: 'study',
    check(runs) {
      const groups = byWidth(runs).filter((g) => g.runs.length >= 2)
      if (groups.length < 2) return UNKNOWN
      const value = logLogSlope(
        groups.map((g) => g.width),
        groups.map((g) => seedSpread(g.runs))
      )
      if (!Number.isFinite(value)) return UNKNOWN
      const ok = value >= CHAOS_SLOPE_RANGE[0] && value <= CHAOS_SLOPE_RANGE[1]
      return { met: runs.every(runFinished) ? ok : null, value }
    }
  },
  {
    id: 'curves-converge-to-pde',
    text: 'As M grows the risk curves approach the PDE solution.',
    expected:
      'mean |risk − pdeRisk| at the largest width / at the smallest < 1 (value: that ratio)',
    scope: 'study',
    check(runs) {
      const groups = byWidth(runs)
      if (groups.length < 2) return UNKNOWN
      const value = pdeGap(groups[groups.length - 1].runs) / pdeGap(groups[0].runs)
      if (!Number.isFinite(value)) return UNKNOWN
      return { met: runs.every(runFinished) ? value < 1 : null, value }
    }
  }
]
