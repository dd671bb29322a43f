import { inverseTemperature, type ExperimentSpec } from '../spec/experiment-spec'
import type { ClaimSpec, RunClaimInput } from './claim-types'
import { finalBound, tailMean } from './common-claims'

/** Init std of w (per coordinate before any 1/√d) at or below which κ counts as small. */
export const SMALL_KAPPA = 0.2
/** Init std at or above which κ counts as large. */
export const LARGE_KAPPA = 0.5

/** κ = the std of the normal init law of w (0 for a constant law, the magnitude for ±c). */
export function initKappa(spec: ExperimentSpec): number {
  const w = spec.model.init.w
  return w.kind === 'normal' ? w.std : Math.abs(w.value)
}

const noiseless = (s: ExperimentSpec) => !Number.isFinite(inverseTemperature(s.dynamics))

/**
 * Mean risk over the last quarter of records (noise makes the last value jumpy). Thresholds are
 * absolute: with labels y = ±1 the zero predictor (the trap, f ≡ σ(0) = 0) has risk E y² = 1.
 */
function tailRisk(run: RunClaimInput): number {
  return tailMean(run.series, 'risk', 0.25)
}

/** Stuck: at least this risk (the trap has ≈ 0.9, the zero predictor 1). */
export const STUCK_RISK = 0.7
/** Escaped / learnt: at most this risk (measured ≈ 0.2–0.3). */
export const ESCAPED_RISK = 0.4

/** Claims of 'bad-minimum-escape' (MMN: small init can trap SGD; noise escapes). */
export const badMinimumEscapeClaims: readonly ClaimSpec[] = [
  finalBound({
    id: 'small-kappa-stuck',
    text: 'Noiseless SGD from a small init κ stays stuck at high risk.',
    expected: `β = ∞, κ ≤ ${SMALL_KAPPA}: mean risk over the last quarter ≥ ${STUCK_RISK} (zero predictor: 1) (value: that mean)`,
    column: 'risk',
    appliesTo: (s) => noiseless(s) && initKappa(s) <= SMALL_KAPPA,
    measure: tailRisk,
    better: 'higher',
    holds: (v) => v >= STUCK_RISK
  }),
  finalBound({
    id: 'noise-escapes',
    text: 'With Langevin noise (finite β) the same small init escapes and the risk falls.',
    expected: `finite β, κ ≤ ${SMALL_KAPPA}: mean risk over the last quarter ≤ ${ESCAPED_RISK} (value: that mean)`,
    column: 'risk',
    appliesTo: (s) => !noiseless(s) && initKappa(s) <= SMALL_KAPPA,
    measure: tailRisk,
    better: 'lower',
    holds: (v) => v <= ESCAPED_RISK
  }),
  finalBound({
    id: 'large-kappa-learns',
    text: 'Noiseless SGD from a large init κ reaches low risk.',
    expected: `β = ∞, κ ≥ ${LARGE_KAPPA}: mean risk over the last quarter ≤ ${ESCAPED_RISK} (value: that mean)`,
    column: 'risk',
    appliesTo: (s) => noiseless(s) && initKappa(s) >= LARGE_KAPPA,
    measure: tailRisk,
    better: 'lower',
    holds: (v) => v <= ESCAPED_RISK
  })
]
