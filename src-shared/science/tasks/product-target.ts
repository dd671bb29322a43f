import type { Rng } from '../rng'
import { emptyDataset, type TaskSampler } from './task-sampler'

/**
 * Product target (Takakura–Suzuki, docs/science.md#tasks): y = x_1·x_2 + ε, x ~ N(0, I_d),
 * ε ~ U[−labelNoise, labelNoise]. Needs d ≥ 2 (the spec's default is d = 15).
 */
export function productTarget(d: number, labelNoise: number): TaskSampler {
  if (d < 2) throw new Error(`product target needs dim ≥ 2, got ${d}`)
  return {
    d,
    canSample: true,
    target(x: Float64Array, n: number) {
      const out = new Float64Array(n)
      for (let k = 0; k < n; k++) out[k] = x[k * d] * x[k * d + 1]
      return out
    },
    sample(rng: Rng, n: number) {
      const out = emptyDataset(n, d)
      for (let k = 0; k < n; k++) {
        for (let j = 0; j < d; j++) out.x[k * d + j] = rng.normal()
        const noise = labelNoise > 0 ? labelNoise * (2 * rng.uniform() - 1) : 0
        out.y[k] = out.x[k * d] * out.x[k * d + 1] + noise
      }
      return out
    }
  }
}
