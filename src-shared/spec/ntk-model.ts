import type { ExperimentSpecInput } from './experiment-spec'

/**
 * The NTK network of Du et al. and of the lazy-training comparison (docs/science.md#model):
 * f(x) = (1/√M) Σ a_i σ(⟨w_i, x⟩) with ReLU, a_i = ±1 (random signs), no bias, w ~ N(0, I) (not
 * scaled by d). Only w trains unless `trainA`.
 */
export function ntkModel(
  width: number,
  opts: { trainA: boolean }
): NonNullable<ExperimentSpecInput['model']> {
  return {
    width,
    activation: { kind: 'relu' },
    scaling: 'ntk',
    train: { a: opts.trainA, b: false, w: true },
    bias: false,
    init: {
      a: { kind: 'sign', value: 1 },
      b: { kind: 'constant', value: 0 },
      w: { kind: 'normal', mean: 0, std: 1, scaleByDim: false }
    }
  }
}
