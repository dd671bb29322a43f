import type { ExperimentSpec } from '../spec/experiment-spec'
import type { ClaimSpec } from './claim-types'
import { byWidth, finalValue, riskFalls, runFinished } from './common-claims'
import { UNKNOWN } from './series-stats'

/** Random features: only the second layer a trains. */
export function isRandomFeatures(spec: ExperimentSpec): boolean {
  return spec.model.train.a && !spec.model.train.w && !(spec.model.bias && spec.model.train.b)
}

/** Largest allowed ratio (network risk / RF risk) in both-layers-beat-rf. */
export const RF_MARGIN = 0.8

/** Claims of 'random-features-vs-network' (seed 003). */
export const randomFeaturesClaims: readonly ClaimSpec[] = [
  riskFalls(0.5, 'Training lowers the test risk.'),
  {
    id: 'both-layers-beat-rf',
    text: 'Training both layers beats training the second layer only (random features) at equal width.',
    expected: `at every width run both ways: final risk(both layers) ≤ ${RF_MARGIN} × final risk(random features) (value: the largest ratio)`,
    scope: 'study',
    check(runs) {
      let value = -Infinity
      for (const g of byWidth(runs)) {
        const rf = g.runs.filter((r) => isRandomFeatures(r.spec))
        const net = g.runs.filter((r) => r.spec.model.train.w)
        if (!rf.length || !net.length) continue
        const risk = (rs: typeof rf) =>
          rs.reduce((s, r) => s + finalValue(r.series, 'risk'), 0) / rs.length
        value = Math.max(value, risk(net) / risk(rf))
      }
      if (!Number.isFinite(value)) return UNKNOWN
      return { met: runs.every(runFinished) ? value <= RF_MARGIN : null, value }
    }
  }
]
