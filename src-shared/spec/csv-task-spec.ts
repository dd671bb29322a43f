import type { ExperimentSpec } from './experiment-spec'

/** The shape of a CSV data set a spec is fitted to: its rows and feature columns. */
export interface CsvShape {
  n: number
  d: number
}

/** A data set too small to split into training and test rows. */
export class TooFewRowsError extends Error {
  constructor(readonly rows: number) {
    super(`need at least 2 rows (one to train on and one to test on), the file has ${rows}`)
    this.name = 'TooFewRowsError'
  }
}

/**
 * A spec learning a CSV data set's rows (docs/science.md#tasks): task 'csv' of their dimension,
 * split 80/20 into training and test rows, and multi-pass SGD where the spec drew fresh samples
 * (a finite data set has none to draw). The preset is dropped: its claims are about its own task,
 * not your data, and would be judged on rows they never meant. `source` is the file's name only, never a path, so a
 * shared session says where its rows came from without pointing into anyone's disk.
 * Shared by `mflab new --csv` and the app's own-data step, so both make the same experiment.
 */
export function withCsvTask(spec: ExperimentSpec, rows: CsvShape, source: string): ExperimentSpec {
  if (rows.n < 2) throw new TooFewRowsError(rows.n)
  const testSize = Math.max(1, Math.floor(rows.n / 5))
  const trainSize = rows.n - testSize
  const dynamics =
    spec.dynamics.kind === 'online-sgd'
      ? {
          ...spec.dynamics,
          kind: 'sgd' as const,
          batchSize: Math.min(spec.dynamics.batchSize, trainSize)
        }
      : spec.dynamics
  return {
    ...spec,
    preset: undefined,
    task: { kind: 'csv', dim: rows.d, trainSize, testSize, source: fileNameOnly(source) },
    dynamics
  }
}

/** The last segment of a path, whichever separator the host uses. */
export function fileNameOnly(source: string): string {
  return source.split(/[\\/]/).pop() ?? ''
}
