import type { Rng } from '../rng'
import { emptyDataset, type TaskSampler } from './task-sampler'

/**
 * Two centred Gaussians (seed 002): y = ±1 w.p. ½, x ~ N(0, τ_y² I_d) with τ± = 1 ± Δ.
 * Anisotropic variant (subspaceDim = s0 < d): the scale τ± applies on V = span(e_1..e_s0) only,
 * x ~ N(0, I + (τ±² − 1) P_V).
 */
export function twoGaussians(d: number, delta: number, subspaceDim = d): TaskSampler {
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
    }
  }
}
