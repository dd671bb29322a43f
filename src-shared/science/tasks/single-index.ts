import type { Activation } from '../activations'
import { Rng } from '../rng'
import { drawOnSphere } from './sphere'
import { emptyDataset, type TaskSampler } from './task-sampler'

/** Options of the single-index task (docs/science.md#tasks, seed 004). */
export interface SingleIndexOptions {
  d: number
  /** Link σ*. */
  link: Activation
  /** 'sphere': x ~ Unif(S^{d−1}); 'gaussian': x ~ N(0, I_d/d). Either way E‖x‖² = 1. */
  inputs: 'sphere' | 'gaussian'
  /** Standard deviation of the Gaussian label noise ε. */
  noiseStd: number
}

/**
 * Single index model: y = σ*(⟨w*, x⟩) + ε, ε ~ N(0, noiseStd²). The planted w* is uniform on the
 * sphere of radius √d, drawn from the seed's 'task' stream, so ⟨w*, x⟩ has mean 0 and variance 1
 * for both input laws (exactly N(0, 1) for Gaussian inputs).
 */
export function singleIndex(opts: SingleIndexOptions, seed: number): TaskSampler {
  const { d, link, inputs, noiseStd } = opts
  const planted = new Float64Array(d)
  drawOnSphere(new Rng(seed, 'task'), planted, 0, d, Math.sqrt(d))
  const target = (x: Float64Array, n: number) => {
    const out = new Float64Array(n)
    for (let k = 0; k < n; k++) {
      let t = 0
      for (let j = 0; j < d; j++) t += planted[j] * x[k * d + j]
      out[k] = link.value(t)
    }
    return out
  }
  return {
    d,
    canSample: true,
    planted,
    target,
    sample(rng: Rng, n: number) {
      const out = emptyDataset(n, d)
      for (let k = 0; k < n; k++) {
        if (inputs === 'sphere') drawOnSphere(rng, out.x, k * d, d, 1)
        else for (let j = 0; j < d; j++) out.x[k * d + j] = rng.normal() / Math.sqrt(d)
      }
      const f = target(out.x, n)
      for (let k = 0; k < n; k++) out.y[k] = f[k] + (noiseStd > 0 ? noiseStd * rng.normal() : 0)
      return out
    }
  }
}
