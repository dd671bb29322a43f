import type { ObserveSpec } from '../spec/experiment-spec'

/** An observable a spec may request in `observe.observables` (docs/science.md#observables). */
export type ObservableName = ObserveSpec['observables'][number]

/**
 * The metric columns each observable adds to a record (the contract with charts, sessions and the
 * claim checks). A column is absent from a record when it is undefined for that run (e.g. `entropy`
 * at β = ∞, `ntkLambda0` for a non-ReLU activation); no column ever holds NaN.
 *
 * - freeEnergy: `energy` = ½R on the training set (two-timescale: G(μ)), `l2` = (λ/2)·mean‖θ‖² over
 *   the trained coordinates (two-timescale: (λw/2)·mean‖w‖²), `entropy` = k-NN estimate of
 *   H = −∫ρ log ρ in nats (β finite / temperature > 0 only), `freeEnergy` = energy + l2 − H/β
 *   (two-timescale: G + l2 − λ·H), `wMeanSquare` = (1/(M·d)) Σ w_ij² (the per-coordinate second
 *   moment; 1/(βλ) at the no-data Ornstein–Uhlenbeck equilibrium), and for finite β (not
 *   two-timescale) `equipartition` = β·mean_i⟨θ_i, ∇_iℋ⟩/D on the training set, 1 in the
 *   Boltzmann stationary law (see equipartitionRatio).
 * - alignment: `alignment` = yᵀKy/(‖K‖_F‖y‖²) of the intrinsic kernel K = ΦΦᵀ/M on the probe set.
 * - dof: `dof` = tr(K(K + cI)⁻¹) on the probe set, c = n_probe·λa/2.
 * - ntkGram: `ntkLambdaMin` = λ_min(H(t)), `ntkGramDrift` = ‖H(t) − H(0)‖_F/‖H(0)‖_F, and for ReLU
 *   with unit-norm probe inputs `ntkLambda0` = λ_min(H∞)·mean(a₀²) and
 *   `ntkLimitGap` = ‖H(0) − H∞‖_F/‖H∞‖_F (both constant over a run).
 * - movement: `movement` = ‖θ_t − θ_0‖/‖θ_0‖ over the trained groups.
 * - planted (single index): `maxCos` = max_i |cos(w_i, w*)|, `meanAbsCos` = mean_i |cos(w_i, w*)|,
 *   `meanS` = mean_i ⟨w_i, w*⟩/‖w*‖, `meanR` = mean_i ‖P⊥w_i‖.
 * - pde: `pdeRisk` — computed by the PDE overlay, not by computeObservables.
 */
export const OBSERVABLE_COLUMNS = {
  freeEnergy: ['energy', 'l2', 'entropy', 'freeEnergy', 'wMeanSquare', 'equipartition'],
  alignment: ['alignment'],
  dof: ['dof'],
  ntkGram: ['ntkLambdaMin', 'ntkGramDrift', 'ntkLambda0', 'ntkLimitGap'],
  movement: ['movement'],
  planted: ['maxCos', 'meanAbsCos', 'meanS', 'meanR'],
  pde: ['pdeRisk']
} as const satisfies Record<ObservableName, readonly string[]>

/** The name of one observable column. */
export type ObservableColumn = (typeof OBSERVABLE_COLUMNS)[ObservableName][number]
