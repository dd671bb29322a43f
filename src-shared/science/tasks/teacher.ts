import type { Activation } from '../activations'
import { Rng } from '../rng'
import { drawOnSphere } from './sphere'
import { emptyDataset, type TaskSampler, type TeacherWeights } from './task-sampler'

/** Options of the teacher-network task (docs/science.md#tasks, seeds 000 and 003). */
export interface TeacherOptions {
  d: number
  /** Teacher width M*. */
  width: number
  /** Teacher activation σ*. */
  activation: Activation
  /** Standard deviation of the Gaussian label noise ε. */
  noiseStd: number
}

/**
 * Teacher network: y = f*(x) + ε with f*(x) = (1/M*) Σ_j a*_j σ*(⟨w*_j, x⟩), x ~ N(0, I_d/d), ε ~
 * N(0, noiseStd²). The teacher is drawn once from the seed's 'task' stream: w*_j uniform on the
 * sphere of radius √d (so every ⟨w*_j, x⟩ is exactly N(0, 1)) and a*_j = ±1 with probability ½ each
 * (our choice; the seeds leave the law of a* open).
 */
export function teacherNetwork(opts: TeacherOptions, seed: number): TaskSampler {
  const { d, width: m, activation, noiseStd } = opts
  const rng = new Rng(seed, 'task')
  const teacher: TeacherWeights = { m, a: new Float64Array(m), w: new Float64Array(m * d) }
  for (let j = 0; j < m; j++) {
    drawOnSphere(rng, teacher.w, j * d, d, Math.sqrt(d))
    teacher.a[j] = rng.sign()
  }
  const target = (x: Float64Array, n: number) => {
    const out = new Float64Array(n)
    for (let k = 0; k < n; k++) {
      let f = 0
      for (let i = 0; i < m; i++) {
        let t = 0
        for (let j = 0; j < d; j++) t += teacher.w[i * d + j] * x[k * d + j]
        f += teacher.a[i] * activation.value(t)
      }
      out[k] = f / m
    }
    return out
  }
  return {
    d,
    canSample: true,
    teacher,
    target,
    sample(rng: Rng, n: number) {
      const out = emptyDataset(n, d)
      for (let i = 0; i < n * d; i++) out.x[i] = rng.normal() / Math.sqrt(d)
      const f = target(out.x, n)
      for (let k = 0; k < n; k++) out.y[k] = f[k] + (noiseStd > 0 ? noiseStd * rng.normal() : 0)
      return out
    }
  }
}
