import type { ClaimSpec } from './claim-types'
import { riskFalls } from './common-claims'
import { histogramBimodality } from './histogram-bimodality'
import { atEnd, eventually, timedValues, UNKNOWN } from './series-stats'

/** Tolerance of pde-tracks-sgd, as a fraction of the initial risk. */
export const PDE_TRACK_TOLERANCE = 0.15

/** Claims of 'mmn-two-gaussians' (SCIENCE.md §6, MMN's figure). */
export const mmnTwoGaussiansClaims: readonly ClaimSpec[] = [
  riskFalls(0.25, 'The risk falls to near zero (from ≈ 1.7).'),
  {
    id: 'two-radii-split',
    text: 'The law of ‖w_i‖ splits into two radii (a bimodal histogram).',
    expected:
      'last ‖w‖ histogram: a second mode with ≥ 5% of the particles and a valley ≤ 0.5 × the smaller peak (value: valley/peak)',
    scope: 'run',
    check(run) {
      const last = run.histograms?.[run.histograms.length - 1]
      if (!last) return UNKNOWN
      const t = histogramBimodality(last.counts)
      return eventually(t.bimodal, run.finished, t.dipRatio)
    }
  },
  {
    id: 'pde-tracks-sgd',
    text: 'The SGD risk follows the risk of the mean-field PDE solution.',
    expected: `max over records |risk − pdeRisk| ≤ ${PDE_TRACK_TOLERANCE} × initial risk (value: the max gap / initial risk)`,
    scope: 'run',
    check(run) {
      const r = timedValues(run.series, 'risk')
      const pde = run.series.pdeRisk ?? []
      const risk = run.series.risk ?? []
      let gap = 0
      let seen = 0
      for (let i = 0; i < Math.min(pde.length, risk.length); i++)
        if (Number.isFinite(pde[i]) && Number.isFinite(risk[i])) {
          gap = Math.max(gap, Math.abs(risk[i] - pde[i]))
          seen++
        }
      if (seen < 2 || !(r.v[0] > 0)) return UNKNOWN
      const value = gap / r.v[0]
      if (value > PDE_TRACK_TOLERANCE) return { met: false, value }
      return atEnd(true, run.finished, value)
    }
  }
]
