import type { TaskSpec } from '../../spec/experiment-spec'
import type { TaskSampler } from './task-sampler'
import { twoGaussians } from './two-gaussians'

/** The sampler of a task spec. The run's seed fixes planted parameters (w*, teacher) where there are any. */
export function makeTask(spec: TaskSpec, seed: number): TaskSampler {
  void seed
  switch (spec.kind) {
    case 'two-gaussians':
      return twoGaussians(spec.dim, spec.delta)
    case 'two-gaussians-anisotropic':
      return twoGaussians(spec.dim, spec.delta, spec.subspaceDim)
    default:
      throw new Error(`task '${spec.kind}' is not implemented yet`)
  }
}
