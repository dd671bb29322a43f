import type { Rng } from '../rng'
import { emptyDataset, type TaskSampler } from './task-sampler'

/**
 * Two centred Gaussians (seed 002): y = ±1 w.p. ½, x ~ N(0, τ_y² I_d) with τ± = 1 ± Δ.
 * Anisotropic variant (subspaceDim = s0 < d): the scale τ± applies on V = span(e_1..e_s0) only,
 * x ~ N(0, I + (τ±² − 1) P_V).
 *
 * `target` is the Bayes regressor E[y | x] = tanh(L(x)/2), L the log-likelihood ratio of the
 * classes, so E(y − target)² is the smallest risk any predictor can reach.
 */
export function twoGaussians(d: number, delta: number, subspaceDim = d): TaskSampler {
  const tauPlus = 1 + delta
  const tauMinus = 1 - delta
  return {
    d,
    canSample: true,
    sample(rng: Rng, n: number) {
      const out = emptyDataset(n, d)
      for (let k = 0; k < n; k++) {
        const y = rng.sign()
        const tau = 1 + y * delta
        out.y[k] = y
        for (let j = 0; j < d; j++) out.x[k * d + j] = (j < subspaceDim ? tau : 1) * rng.normal()
      }
      return out
    },
    target(x: Float64Array, n: number) {
      const out = new Float64Array(n)
      const logRatio = -subspaceDim * Math.log(tauPlus / tauMinus)
      const curvature = 1 / tauMinus ** 2 - 1 / tauPlus ** 2
      for (let k = 0; k < n; k++) {
        let r2 = 0
        for (let j = 0; j < subspaceDim; j++) r2 += x[k * d + j] ** 2
        out[k] = Math.tanh((logRatio + 0.5 * curvature * r2) / 2)
      }
      return out
    }
  }
}
