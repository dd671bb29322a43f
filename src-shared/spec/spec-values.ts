import type { DynamicsSpec, ModelSpec, TaskSpec } from './experiment-spec'

/**
 * Numbers read off a spec. They live apart from experiment-spec.ts (which re-exports them) so that
 * code which only computes, such as the PDE thread, does not pull the zod schemas into its bundle:
 * they are most of its size, and a thread's start-up time is spent parsing them.
 */

/** The α of f = (α/M) Σ a_i σ(·) for a model spec. */
export function outputScale(m: ModelSpec): number {
  if (m.scaling === 'mean-field') return 1
  if (m.scaling === 'ntk') return Math.sqrt(m.width)
  return m.alpha
}

/** β as a number: Infinity when the dynamics are noiseless. */
export function inverseTemperature(d: DynamicsSpec): number {
  return d.beta ?? Infinity
}

/** The input dimension d of the task. */
export function taskDim(t: TaskSpec): number {
  return t.dim
}
