import type { Dataset } from '../science/particles'
import { pickRows } from '../science/tasks/task-data'

/**
 * The probe set of the kernel observables: the first min(size, n) rows of the training set (the
 * training set itself when it is no larger). Taking training rows, not fresh samples, makes `dof`
 * the d(μ) of the ridge problem the two-timescale dynamics solve and `ntkLambdaMin` the λ_min of the
 * Gram matrix that drives GD, whenever `observe.probeSize ≥ task.trainSize`.
 */
export function probeSet(train: Dataset, size: number): Dataset {
  if (size >= train.n) return train
  return pickRows(
    train,
    Array.from({ length: size }, (_, i) => i)
  )
}
