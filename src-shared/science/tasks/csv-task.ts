import type { Dataset } from '../particles'
import type { TaskSampler } from './task-sampler'

/**
 * User data (docs/science.md#tasks): a finite data set, e.g. from `parseCsvDataset`. It cannot draw fresh
 * samples; `drawTaskData` splits `data` into the train and test sets.
 */
export function csvTask(data: Dataset): TaskSampler {
  return {
    d: data.d,
    canSample: false,
    data,
    sample() {
      throw new Error(
        'a CSV task has a finite data set and cannot draw fresh samples (one-pass SGD)'
      )
    }
  }
}
