import type { Activation } from '../activations'
import { predict } from '../network'
import type { Dataset, Particles } from '../particles'
import type { Rng } from '../rng'
import type { TaskSampler } from '../tasks/task-sampler'

/** A risk with its Monte Carlo standard error. */
export interface RiskEstimate {
  /** (1/n) Σ (y_k − f(x_k))². */
  risk: number
  /** Standard error of that mean over the n samples: sd((y − f)²)/√n; 0 when n = 1. */
  stdError: number
}

/**
 * Risk R = (1/n) Σ (y − f)² on a data set (train or test) with its standard error (docs/science.md#dynamics).
 */
export function datasetRisk(
  p: Particles,
  sigma: Activation,
  alpha: number,
  data: Dataset
): RiskEstimate {
  const f = predict(p, sigma, alpha, data.x, data.n)
  let s = 0
  let s2 = 0
  for (let k = 0; k < data.n; k++) {
    const e = (data.y[k] - f[k]) ** 2
    s += e
    s2 += e * e
  }
  const n = data.n
  const mean = s / n
  const variance = n > 1 ? Math.max(0, (s2 - n * mean * mean) / (n - 1)) : 0
  return { risk: mean, stdError: Math.sqrt(variance / n) }
}

/**
 * Population risk E(y − f)² estimated on n fresh samples drawn from `rng` (one-pass SGD, where the
 * train and test risks are both this). Throws for a task that cannot sample (CSV).
 */
export function populationRisk(
  p: Particles,
  sigma: Activation,
  alpha: number,
  task: TaskSampler,
  rng: Rng,
  n: number
): RiskEstimate {
  return datasetRisk(p, sigma, alpha, task.sample(rng, n))
}
