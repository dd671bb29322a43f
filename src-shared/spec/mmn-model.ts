import type { ActivationSpec, ExperimentSpec, ExperimentSpecInput } from './experiment-spec'

/** MMN's truncated ReLU with the paper's constants [paper, unverified]. */
export const MMN_TRUNCATED_RELU = {
  kind: 'truncated-relu',
  t1: 0.5,
  t2: 1.5,
  s1: -2.5,
  s2: 7.5
} as const satisfies ActivationSpec

/**
 * MMN's model (docs/science.md#model): f(x) = (1/M) Σ σ(⟨w_i, x⟩) — mean-field scaling, a ≡ 1 fixed, no
 * bias, only w trains, w ~ N(0, κ²/d · I). The setting the radial PDE describes.
 */
export function mmnModel(
  width: number,
  activation: ActivationSpec,
  kappa: number
): NonNullable<ExperimentSpecInput['model']> {
  return {
    width,
    activation,
    scaling: 'mean-field',
    train: { a: false, b: false, w: true },
    bias: false,
    init: {
      a: { kind: 'constant', value: 1 },
      b: { kind: 'constant', value: 0 },
      w: { kind: 'normal', mean: 0, std: kappa, scaleByDim: true }
    }
  }
}

/**
 * Why a model is not MMN's network f = (1/M) Σ σ(⟨w_i, x⟩), as the radial and (r1, r2) reductions
 * need (the real network, only w trains, a ≡ 1, no bias), or null when it is. The scaling and the
 * law of w are each reduction's own check.
 */
export function mmnNetworkMismatch(model: ExperimentSpec['model']): string | null {
  if (model.linearised) return 'the model is linearised'
  if (model.train.a || (model.bias && model.train.b) || !model.train.w)
    return 'only w may train (a fixed, no trained bias)'
  if (model.init.a.kind !== 'constant' || model.init.a.value !== 1)
    return 'a must be the constant 1'
  if (model.bias && !(model.init.b.kind === 'constant' && model.init.b.value === 0))
    return 'b must be absent or 0'
  return null
}
