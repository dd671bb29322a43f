import type { Dataset } from '../science/particles'
import { Rng } from '../science/rng'
import { makeTask } from '../science/tasks/make-task'
import { drawTaskData } from '../science/tasks/task-data'
import type { TaskSampler } from '../science/tasks/task-sampler'
import { probeSet } from '../observe/probe-set'
import type { ExperimentSpec } from '../spec/experiment-spec'

/** The data of a run: the training set (gd/sgd; null for online SGD) and the held-out set. */
export interface RunDatasets {
  train: Dataset | null
  test: Dataset
}

/**
 * The data sets a run of `spec` uses, drawn from the run's seed streams: for online SGD only the
 * risk sample (`observe.riskSamples` from stream 'test'), otherwise the task's train/test split;
 * the held-out set comes from `observe.testSeed` when set.
 * The simulation and every viewer that needs the same inputs (the kernel heatmap) call this.
 */
export function runDatasets(spec: ExperimentSpec, task: TaskSampler): RunDatasets {
  if (spec.dynamics.kind === 'online-sgd') {
    if (!task.canSample)
      throw new Error(
        `online SGD needs fresh samples, and task '${spec.task.kind}' has a finite data set: use 'gd' or 'sgd'`
      )
    const testRng = new Rng(spec.observe.testSeed ?? spec.seed, 'test')
    return { train: null, test: task.sample(testRng, spec.observe.riskSamples) }
  }
  return drawTaskData(spec.task, task, spec.seed, spec.observe.testSeed)
}

/**
 * The probe set of a run's kernel observables (probeSet of its training set, or of its risk sample
 * for online SGD), rebuilt from the spec alone; null for a CSV task, whose rows only the session
 * file holds.
 */
export function runProbeSet(spec: ExperimentSpec): Dataset | null {
  if (spec.task.kind === 'csv') return null
  const data = runDatasets(spec, makeTask(spec.task, spec.seed))
  return probeSet(data.train ?? data.test, spec.observe.probeSize)
}
