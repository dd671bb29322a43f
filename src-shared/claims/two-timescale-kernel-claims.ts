import type { ClaimSpec } from './claim-types'
import { finalValue, tailResidualStd } from './common-claims'
import { atEnd, eventually, finiteValues, linearFit, timedValues, UNKNOWN } from './series-stats'

/** Smallest R² of the straight-line fit of log(𝒢 − 𝒢*) in objective-linear-convergence. */
export const LINEAR_FIT_MIN_R2 = 0.95

/**
 * Fit of log(F(t) − F*) = c − rate·t, F* = the minimum over the last third of records, on the
 * records before the excess first drops below max(1% of its initial value, 3σ), σ the residual
 * std of the last third (the noise floor of the entropy estimate). null when fewer than 5
 * records qualify. Limits: R² tells a straight line from a plateau-then-drop or a stalling curve,
 * but a slow power law minus its own tail minimum can also look straight over two decades; read
 * the plot too.
 */
export function linearConvergenceFit(
  t: readonly number[],
  v: readonly number[]
): { rate: number; r2: number; points: number } | null {
  if (v.length < 6) return null
  const floor = Math.min(...v.slice(Math.floor((2 * v.length) / 3)))
  const excess0 = v[0] - floor
  if (!(excess0 > 0)) return null
  const cut = Math.max(0.01 * excess0, 3 * tailResidualStd(v))
  const xs: number[] = []
  const ys: number[] = []
  for (let k = 0; k < v.length; k++) {
    const e = v[k] - floor
    if (!(e > cut)) break
    xs.push(t[k])
    ys.push(Math.log(e))
  }
  if (xs.length < 5) return null
  const fit = linearFit(xs, ys)
  return { rate: -fit.slope, r2: fit.r2, points: xs.length }
}

/** Claims of 'two-timescale-kernel' (seed 000/001). */
export const twoTimescaleKernelClaims: readonly ClaimSpec[] = [
  {
    id: 'objective-linear-convergence',
    text: '𝒢(μ_t) = G(μ_t) + (λw/2)E‖w‖² + λ·Ent(μ_t) converges linearly: a straight line on a log scale.',
    expected: `log(freeEnergy − F*) against t (F* = min over the last third; records until the excess < max(1% of the start, 3σ of the tail)): slope < 0 and R² ≥ ${LINEAR_FIT_MIN_R2} (value: R²)`,
    scope: 'run',
    check(run) {
      const { t, v } = timedValues(run.series, 'freeEnergy')
      const fit = linearConvergenceFit(t, v)
      if (!fit) return UNKNOWN
      return atEnd(fit.rate > 0 && fit.r2 >= LINEAR_FIT_MIN_R2, run.finished, fit.r2)
    }
  },
  {
    id: 'kernel-alignment-rises',
    text: 'The kernel–target alignment of K_μ rises from its small initial value to order 1.',
    expected: 'final alignment ≥ 2 × initial and ≥ initial + 0.1 (value: final alignment)',
    scope: 'run',
    check(run) {
      const v = finiteValues(run.series, 'alignment')
      if (v.length < 2) return UNKNOWN
      const last = finalValue(run.series, 'alignment')
      return eventually(last >= 2 * v[0] && last >= v[0] + 0.1, run.finished, last)
    }
  }
]
