import { inverseTemperature, type ExperimentSpec } from '../spec/experiment-spec'
import type { ClaimSpec } from './claim-types'
import { freeEnergyDecreases, tailMean } from './common-claims'
import { atEnd, UNKNOWN } from './series-stats'

/** Relative tolerance of variance-matches-1-over-beta-lambda. */
export const OU_VARIANCE_TOLERANCE = 0.1

/** Relative tolerance of stationary-law-is-boltzmann (time average of one stationary run). */
export const EQUIPARTITION_TOLERANCE = 0.1

/**
 * Whether a run samples the Boltzmann law exactly: noisy full-batch GD (no minibatch noise) with
 * data, β finite and λ > 0 — its stationary law is ∝ exp(−βℋ) (see equipartitionRatio).
 */
export function isBoltzmannCheck(spec: ExperimentSpec): boolean {
  return (
    spec.dynamics.kind === 'gd' &&
    Number.isFinite(inverseTemperature(spec.dynamics)) &&
    spec.dynamics.lambda > 0 &&
    spec.observe.observables.includes('freeEnergy') &&
    !isNoDataCheck(spec)
  )
}

/**
 * Whether a spec is the no-data check of docs/science.md#dynamics: a ≡ 0 and fixed (so f ≡ 0 and the data
 * exert no force), only w trains, β finite and λ > 0: each coordinate of w is then an
 * Ornstein–Uhlenbeck process dθ = −2λθ dt + √(4/β) dB with stationary variance 1/(βλ).
 */
export function isNoDataCheck(spec: ExperimentSpec): boolean {
  const a = spec.model.init.a
  return (
    a.kind === 'constant' &&
    a.value === 0 &&
    !spec.model.train.a &&
    spec.model.train.w &&
    Number.isFinite(inverseTemperature(spec.dynamics)) &&
    spec.dynamics.lambda > 0
  )
}

/** Claims of 'langevin-free-energy'. */
export const langevinFreeEnergyClaims: readonly ClaimSpec[] = [
  freeEnergyDecreases(
    'The free energy F = ½R + (λ/2)∫‖θ‖²dρ − H/β decreases, up to the stationary fluctuation of its particle estimate (energy and L2 fluctuate like 1/√M, the k-NN entropy estimate hardly less with M).'
  ),
  {
    id: 'variance-matches-1-over-beta-lambda',
    text: 'Without data (a ≡ 0) each coordinate of w settles at variance 1/(βλ).',
    expected: `no-data variant only: mean of wMeanSquare over the last third of records within ${OU_VARIANCE_TOLERANCE * 100}% of 1/(βλ) (value: measured × βλ)`,
    scope: 'run',
    appliesTo: isNoDataCheck,
    better: 'near-one',
    check(run) {
      const v = tailMean(run.series, 'wMeanSquare', 1 / 3)
      if (!Number.isFinite(v)) return UNKNOWN
      const value = v * inverseTemperature(run.spec.dynamics) * run.spec.dynamics.lambda
      return atEnd(Math.abs(value - 1) <= OU_VARIANCE_TOLERANCE, run.finished, value)
    }
  },
  {
    id: 'stationary-law-is-boltzmann',
    text:
      'With data, the particles settle in the Boltzmann law ρ ∝ exp(−βΨ): equipartition ' +
      'β⟨θ·∇Ψ⟩ = D holds, as for a gas at temperature 1/β.',
    expected: `noisy full-batch GD variant only: mean of equipartition over the second half of the records within ${EQUIPARTITION_TOLERANCE * 100}% of 1`,
    scope: 'run',
    appliesTo: isBoltzmannCheck,
    better: 'near-one',
    check(run) {
      const v = tailMean(run.series, 'equipartition', 1 / 2)
      if (!Number.isFinite(v)) return UNKNOWN
      return atEnd(Math.abs(v - 1) <= EQUIPARTITION_TOLERANCE, run.finished, v)
    }
  }
]
