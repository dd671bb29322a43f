import type { ClaimSpec, RunClaimInput } from './claim-types'
import { byWidth, finalBound, finalValue, logLogSlope, runFinished } from './common-claims'
import { finiteValues, throughout, timedValues, UNKNOWN } from './series-stats'

/** Slack of ntk-bound-holds for the time discretisation of GD. */
export const NTK_BOUND_SLACK = 1.02

/** λ0: λ_min(H∞) when recorded (ntkLambda0), else λ_min(H(0)). */
export function lambda0(run: RunClaimInput): number {
  return finiteValues(run.series, 'ntkLambda0')[0] ?? finiteValues(run.series, 'ntkLambdaMin')[0]
}

/** Claims of 'ntk-gram' (seed 003, Du et al.). */
export const ntkGramClaims: readonly ClaimSpec[] = [
  {
    id: 'lambda-min-stays-above-half',
    text: 'λ_min(H(t)) stays above λ0/2 throughout training.',
    expected:
      'min over records of ntkLambdaMin ≥ λ0/2, λ0 = λ_min(H∞) (ntkLambda0; else λ_min(H(0))) (value: min λ_min(H(t))/λ0)',
    scope: 'run',
    better: 'higher',
    check(run) {
      const l0 = lambda0(run)
      const v = finiteValues(run.series, 'ntkLambdaMin')
      if (!(l0 > 0) || !v.length) return UNKNOWN
      const value = Math.min(...v) / l0
      return throughout(value >= 0.5, run.finished, value)
    }
  },
  {
    id: 'ntk-bound-holds',
    text: 'The training loss stays under the exponential bound ‖y − u(t)‖² ≤ e^{−λ0 t}‖y − u(0)‖².',
    expected: `every record: trainRisk(t) ≤ ${NTK_BOUND_SLACK} × trainRisk(0)·exp(−2λ0 t/n) (our t and R = ‖y − u‖²/n make seed 003's e^{−λ0 t} read e^{−2λ0 t/n}; needs probeSize ≥ trainSize) (value: max ratio to the bound)`,
    scope: 'run',
    better: 'lower',
    check(run) {
      if (run.spec.observe.probeSize < run.spec.task.trainSize) return UNKNOWN
      const l0 = lambda0(run)
      const { t, v } = timedValues(run.series, 'trainRisk')
      if (!(l0 > 0) || v.length < 2) return UNKNOWN
      const n = run.spec.task.trainSize
      let value = 0
      for (let k = 1; k < v.length; k++)
        value = Math.max(value, v[k] / (v[0] * Math.exp((-2 * l0 * (t[k] - t[0])) / n)))
      return throughout(value <= NTK_BOUND_SLACK, run.finished, value)
    }
  },
  finalBound({
    id: 'weights-barely-move',
    text: 'The weights barely move: ‖W(t) − W(0)‖_F/‖W(0)‖_F stays small.',
    expected: 'final movement ≤ 0.1 at width ≥ 1000 (theory: ∝ 1/√m)',
    column: 'movement',
    appliesTo: (s) => s.model.width >= 1000,
    better: 'lower',
    holds: (v) => v <= 0.1
  }),
  {
    id: 'gram-stays-put',
    text: 'The Gram matrix H(t) stays close to H(0).',
    expected: 'max over records of ‖H(t) − H(0)‖_F/‖H(0)‖_F ≤ 0.1 at width ≥ 1000',
    scope: 'run',
    appliesTo: (s) => s.model.width >= 1000,
    better: 'lower',
    check(run) {
      const v = finiteValues(run.series, 'ntkGramDrift')
      if (!v.length) return UNKNOWN
      const value = Math.max(...v)
      return throughout(value <= 0.1, run.finished, value)
    }
  },
  {
    id: 'h0-approaches-limit',
    text: 'H(0) approaches the infinite-width Gram H∞ as the width grows.',
    expected:
      'ntkLimitGap = ‖H(0) − H∞‖_F/‖H∞‖_F: fitted exponent against width ≤ −0.25 (theory −0.5)',
    scope: 'study',
    check(runs) {
      const groups = byWidth(runs)
      const gaps = groups.map((g) => finalValue(g.runs[0].series, 'ntkLimitGap'))
      const value = logLogSlope(
        groups.map((g) => g.width),
        gaps
      )
      if (!Number.isFinite(value)) return UNKNOWN
      return { met: value <= -0.25, value }
    }
  },
  {
    id: 'movement-shrinks-with-width',
    text: 'The wider the network, the less its weights move (lazy training).',
    expected: 'final movement against width: fitted exponent ≤ −0.25 (theory −0.5)',
    scope: 'study',
    check(runs) {
      const groups = byWidth(runs)
      const value = logLogSlope(
        groups.map((g) => g.width),
        groups.map((g) => finalValue(g.runs[0].series, 'movement'))
      )
      if (!Number.isFinite(value)) return UNKNOWN
      return { met: runs.every(runFinished) ? value <= -0.25 : null, value }
    }
  }
]
