import type { Dataset } from '../science/particles'
import type { ExperimentSpec } from '../spec/experiment-spec'

/**
 * A CSV task's rows travel inside the session, as data/x.f64 (n × d features, row-major) and
 * data/y.f64 (n labels): a shared file carries its data, and reopening never reads the path in
 * spec.task.source (kept only to say where the rows came from).
 */
export const CSV_X = 'x'
export const CSV_Y = 'y'

/** What is wrong with a CSV task's embedded rows, or null (also null for other tasks). */
export function csvRowsProblem(
  spec: ExperimentSpec,
  data: Readonly<Record<string, Float64Array>>
): { where: string; reason: string } | null {
  const task = spec.task
  if (task.kind !== 'csv') return null
  const x = Object.hasOwn(data, CSV_X) ? data[CSV_X] : undefined
  const y = Object.hasOwn(data, CSV_Y) ? data[CSV_Y] : undefined
  if (!x || !y)
    return {
      where: `data/${!x ? CSV_X : CSV_Y}.f64`,
      reason:
        "missing: a CSV task carries its rows in the session (make it with mflab new --csv FILE or the wizard's own-data step)"
    }
  const n = y.length
  if (x.length !== n * task.dim)
    return {
      where: `data/${CSV_X}.f64`,
      reason: `${x.length} values, expected ${n} rows × task.dim ${task.dim} = ${n * task.dim}`
    }
  if (task.trainSize + task.testSize > n)
    return {
      where: 'manifest.spec.task.trainSize',
      reason: `task.trainSize + task.testSize = ${task.trainSize + task.testSize} exceeds the ${n} rows of the data`
    }
  return null
}

/** The rows of a CSV task as a data set (null for other tasks or when they are missing). */
export function csvRowsOf(
  spec: ExperimentSpec,
  data: Readonly<Record<string, Float64Array>>
): Dataset | null {
  if (spec.task.kind !== 'csv' || csvRowsProblem(spec, data)) return null
  const y = data[CSV_Y]
  return { n: y.length, d: spec.task.dim, x: data[CSV_X], y }
}
