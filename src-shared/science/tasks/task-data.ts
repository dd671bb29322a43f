import type { Dataset } from '../particles'
import { Rng } from '../rng'
import type { TaskSpec } from '../../spec/experiment-spec'
import { emptyDataset, type TaskSampler } from './task-sampler'

/** The fixed training and held-out sets of a run. */
export interface TaskData {
  train: Dataset
  test: Dataset
}

/**
 * Draws the run's training set (spec.trainSize samples, stream 'train') and test set
 * (spec.testSize, stream 'test' of `testSeed`, default the seed). A finite (CSV) task is instead shuffled by the seed's 'split'
 * stream: the first trainSize rows train, the next testSize rows test; throws if the file has too
 * few rows.
 */
export function drawTaskData(
  spec: TaskSpec,
  task: TaskSampler,
  seed: number,
  testSeed = seed
): TaskData {
  if (task.canSample)
    return {
      train: task.sample(new Rng(seed, 'train'), spec.trainSize),
      test: task.sample(new Rng(testSeed, 'test'), spec.testSize)
    }
  const all = task.data
  if (!all) throw new Error('a task that cannot sample must carry its data set')
  if (spec.trainSize + spec.testSize > all.n)
    throw new Error(
      `task.trainSize + task.testSize = ${spec.trainSize + spec.testSize} exceeds ` +
        `the ${all.n} rows of the data`
    )
  const order = permutation(all.n, new Rng(seed, 'split'))
  return {
    train: pickRows(all, order.subarray(0, spec.trainSize)),
    test: pickRows(all, order.subarray(spec.trainSize, spec.trainSize + spec.testSize))
  }
}

/** Rows `rows` of a data set, in that order (a copy). */
export function pickRows(data: Dataset, rows: ArrayLike<number>): Dataset {
  const { d } = data
  const out = emptyDataset(rows.length, d)
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]
    out.y[k] = data.y[r]
    out.x.set(data.x.subarray(r * d, r * d + d), k * d)
  }
  return out
}

/** Fisher–Yates shuffle of 0..n−1. */
function permutation(n: number, rng: Rng): Uint32Array {
  const p = new Uint32Array(n)
  for (let i = 0; i < n; i++) p[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = p[i]
    p[i] = p[j]
    p[j] = t
  }
  return p
}
