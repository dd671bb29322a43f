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

/** Slack on the 1/M extrapolation of curves-converge-to-pde. */
export const PDE_GAP_SLACK = 1.25
/** Standard errors of the seed mean added to its tolerance. */
export const PDE_GAP_SE = 4

/**
 * Per record (aligned by index) the seed-mean gap mean_s risk_s(t) − pdeRisk(t) of runs of one
 * width and its standard error; empty without pdeRisk.
 */
export function seedMeanGap(runs: readonly StudyRun[]): { gap: number[]; se: number[] } {
  const len = Math.min(
    ...runs.map((r) => Math.min(r.series.risk?.length ?? 0, r.series.pdeRisk?.length ?? 0))
  )
  const gap: number[] = []
  const se: number[] = []
  for (let k = 0; k < len; k++) {
    const d = runs.map((r) => r.series.risk[k] - r.series.pdeRisk[k])
    gap.push(mean(d))
    se.push(sampleStd(d) / Math.sqrt(d.length))
  }
  return { gap, se }
}

/**
 * curves-converge-to-pde's measure: max over records of |gap at the largest width L| / its
 * tolerance, the gap at the next width N carried to L by the finite-M law gap ∝ 1/M, with slack,
 * plus the seed-mean's standard errors: tol(t) = 1.25·|gap_N(t)|·N/L + 4·(se_L(t) + se_N(t)·N/L).
 * NaN with fewer than two widths of ≥ 2 seeds.
 */
export function pdeGapExcess(runs: readonly StudyRun[]): number {
  const groups = byWidth(runs).filter((g) => g.runs.length >= 2)
  if (groups.length < 2) return NaN
  const [n, l] = groups.slice(-2)
  const gn = seedMeanGap(n.runs)
  const gl = seedMeanGap(l.runs)
  const scale = n.width / l.width
  let worst = NaN
  for (let k = 0; k < Math.min(gn.gap.length, gl.gap.length); k++) {
    const tol =
      PDE_GAP_SLACK * Math.abs(gn.gap[k]) * scale + PDE_GAP_SE * (gl.se[k] + gn.se[k] * scale)
    const v = Math.abs(gl.gap[k]) / tol
    if (Number.isFinite(v) && !(v <= worst)) worst = v
  }
  return worst
}

/** Claims of 'propagation-of-chaos' (seed 004: error ~ 1/√M + √η). */
export const propagationOfChaosClaims: readonly ClaimSpec[] = [
  {
    id: 'spread-shrinks-1-over-sqrt-m',
    text: 'The spread of the risk curves across seeds shrinks like 1/√M.',
    expected: `fitted exponent of spread ∝ M^slope (spread = RMS over records of the across-seed std of the risk on common test points, ≥ 2 seeds per width, ≥ 2 widths) in [${CHAOS_SLOPE_RANGE[0]}, ${CHAOS_SLOPE_RANGE[1]}] (theory −0.5)`,
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
    text: 'As M grows the risk curves approach the PDE solution: the gap closes like 1/M (the finite-M term of the risk).',
    expected: `at every record: |seed-mean risk − pdeRisk| at the largest width L ≤ ${PDE_GAP_SLACK} × that gap at the next width N × N/L + ${PDE_GAP_SE} standard errors of the seed means (value: the largest ratio to that tolerance, ≤ 1 passes)`,
    scope: 'study',
    check(runs) {
      const value = pdeGapExcess(runs)
      if (!Number.isFinite(value)) return UNKNOWN
      return { met: runs.every(runFinished) ? value <= 1 : null, value }
    }
  }
]
