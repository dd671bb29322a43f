import { makeActivation } from '../activations'
import type { Dataset } from '../particles'
import type { TaskSpec } from '../../spec/experiment-spec'
import { csvTask } from './csv-task'
import { productTarget } from './product-target'
import { singleIndex } from './single-index'
import type { TaskSampler } from './task-sampler'
import { teacherNetwork } from './teacher'
import { twoGaussians } from './two-gaussians'

/** Inputs of makeTask that are not in the spec. */
export interface MakeTaskOptions {
  /**
   * The rows of a 'csv' task (required for it, ignored otherwise): the parsed file, as the session
   * stores it (e.g. `parseCsvDataset(text, { dim: spec.dim })`). Its d must equal spec.dim.
   */
  csv?: Dataset
}

/**
 * The sampler of a task spec. The run's seed fixes planted parameters (w*, teacher) where there are
 * any, through the 'task' stream. Throws for a 'csv' spec without `options.csv` or with a wrong d.
 */
export function makeTask(spec: TaskSpec, seed: number, options: MakeTaskOptions = {}): TaskSampler {
  switch (spec.kind) {
    case 'two-gaussians':
      return twoGaussians(spec.dim, spec.delta)
    case 'two-gaussians-anisotropic':
      return twoGaussians(spec.dim, spec.delta, spec.subspaceDim)
    case 'single-index':
      return singleIndex(
        {
          d: spec.dim,
          link: makeActivation(spec.link),
          inputs: spec.inputs,
          noiseStd: spec.noiseStd
        },
        seed
      )
    case 'teacher':
      return teacherNetwork(
        {
          d: spec.dim,
          width: spec.teacherWidth,
          activation: makeActivation(spec.teacherActivation),
          noiseStd: spec.noiseStd
        },
        seed
      )
    case 'product':
      return productTarget(spec.dim, spec.labelNoise)
    case 'csv': {
      const rows = options.csv
      if (!rows) throw new Error("task 'csv' needs its rows (makeTask options.csv)")
      if (rows.d !== spec.dim)
        throw new Error(`task.dim is ${spec.dim} but the CSV data has ${rows.d} feature column(s)`)
      return csvTask(rows)
    }
  }
}
