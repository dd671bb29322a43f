import type { ClaimSpec } from './claim-types'
import { riskFalls } from './common-claims'
import { histogramBimodality } from './histogram-bimodality'
import { atEnd, eventually, timedValues, UNKNOWN } from './series-stats'

/** Tolerance of pde-tracks-sgd on the level: the offset-corrected gap, as a fraction of R(0). */
export const PDE_TRACK_TOLERANCE = 0.15

/**
 * The clock of pde-tracks-sgd, measured (docs/claims.md): fitting risk(t) ≈ pdeRisk(c·t) + b over
 * the first 60% of the run gives c = 1 + PDE_CLOCK_BIAS/M (a finite-M network falls a little
 * faster than its mean-field limit; 1.14 at M = 100 over 12 seeds, 1.03 at M = 800 over 3), with a
 * seed scatter of PDE_CLOCK_SCATTER·√(100/M) (0.036 at M = 100). The window is ±4 of that scatter.
 */
export const PDE_CLOCK_BIAS = 14
export const PDE_CLOCK_SCATTER = 0.036
export const PDE_CLOCK_WINDOW = 4

/** The part of the run (by time) the clock is fitted on: the fall, before the finite-M plateau. */
const CLOCK_FIT_SPAN = 0.6

/** Linear interpolation of (t, v) at x; NaN beyond the last time. */
function interpolate(t: readonly number[], v: readonly number[], x: number): number {
  if (x <= t[0]) return v[0]
  for (let i = 1; i < t.length; i++)
    if (x <= t[i]) {
      const a = (x - t[i - 1]) / (t[i] - t[i - 1])
      return v[i - 1] * (1 - a) + v[i] * a
    }
  return NaN
}

/**
 * The clock factor c and offset b that best fit risk(t) ≈ pde(c·t) + b (least squares over the
 * records with t ≤ CLOCK_FIT_SPAN·t_end, c on a grid of 0.0025 in [0.5, 2]); null with < 5 records.
 */
export function pdeClockFit(
  t: readonly number[],
  risk: readonly number[],
  pde: readonly number[]
): { clock: number; offset: number } | null {
  const tEnd = t[t.length - 1]
  let best: { clock: number; offset: number; sse: number } | null = null
  for (let k = 0; k <= 600; k++) {
    const c = 0.5 + 0.0025 * k
    const r: number[] = []
    const q: number[] = []
    for (let i = 0; i < t.length; i++) {
      if (t[i] > CLOCK_FIT_SPAN * tEnd) continue
      const p = interpolate(t, pde, c * t[i])
      if (Number.isFinite(p)) {
        r.push(risk[i])
        q.push(p)
      }
    }
    if (r.length < 5) continue
    const b = r.reduce((s, x, i) => s + x - q[i], 0) / r.length
    const sse = r.reduce((s, x, i) => s + (x - q[i] - b) ** 2, 0)
    if (!best || sse < best.sse) best = { clock: c, offset: b, sse }
  }
  return best && { clock: best.clock, offset: best.offset }
}

/** The clock factor expected at width M and its window (± PDE_CLOCK_WINDOW scatters). */
export function expectedPdeClock(m: number): { centre: number; window: number } {
  return {
    centre: 1 + PDE_CLOCK_BIAS / m,
    window: PDE_CLOCK_WINDOW * PDE_CLOCK_SCATTER * Math.sqrt(100 / m)
  }
}

/** Claims of 'mmn-two-gaussians' (docs/science.md#guided-experiments, MMN's figure). */
export const mmnTwoGaussiansClaims: readonly ClaimSpec[] = [
  riskFalls(0.25, 'The risk falls to near zero.'),
  {
    id: 'two-radii-split',
    text: 'The law of ‖w_i‖ splits into two radii (a bimodal histogram).',
    expected:
      'last ‖w‖ histogram: a second mode with ≥ 5% of the particles and a valley ≤ 0.5 × the smaller peak (value: valley/peak)',
    scope: 'run',
    better: 'lower',
    check(run) {
      const last = run.histograms?.[run.histograms.length - 1]
      if (!last) return UNKNOWN
      const t = histogramBimodality(last.counts)
      return eventually(t.bimodal, run.finished, t.dipRatio)
    }
  },
  {
    id: 'pde-tracks-sgd',
    text: 'The SGD risk follows the risk of the mean-field PDE solution, on the same clock t = k·s.',
    expected: `fit risk(t) ≈ pdeRisk(c·t) + b over the first ${CLOCK_FIT_SPAN * 100}% of the run: |c − (1 + ${PDE_CLOCK_BIAS}/M)| ≤ ${PDE_CLOCK_WINDOW} × ${PDE_CLOCK_SCATTER}·√(100/M) (measured finite-M bias and seed scatter), and max over records |risk − pdeRisk − b| ≤ ${PDE_TRACK_TOLERANCE} × initial risk (value: (c − centre)/window, |value| ≤ 1 passes)`,
    scope: 'run',
    better: 'near-zero',
    check(run) {
      const r = timedValues(run.series, 'risk')
      const pde = run.series.pdeRisk ?? []
      const risk = run.series.risk ?? []
      const t: number[] = []
      const rs: number[] = []
      const ps: number[] = []
      const time = run.series.time ?? []
      for (let i = 0; i < Math.min(pde.length, risk.length); i++)
        if (Number.isFinite(pde[i]) && Number.isFinite(risk[i]) && Number.isFinite(time[i])) {
          t.push(time[i])
          rs.push(risk[i])
          ps.push(pde[i])
        }
      if (!run.finished || !(r.v[0] > 0)) return UNKNOWN
      const fit = pdeClockFit(t, rs, ps)
      if (!fit) return UNKNOWN
      const { centre, window } = expectedPdeClock(run.spec.model.width)
      const value = (fit.clock - centre) / window
      const gap = Math.max(...rs.map((x, i) => Math.abs(x - ps[i] - fit.offset))) / r.v[0]
      return atEnd(Math.abs(value) <= 1 && gap <= PDE_TRACK_TOLERANCE, true, value)
    }
  }
]
