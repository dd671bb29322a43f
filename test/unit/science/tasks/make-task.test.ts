import { describe, expect, it } from 'vitest'
import { parseCsvDataset } from '@shared/science/csv-data'
import { makeTask } from '@shared/science/tasks/make-task'
import { drawTaskData } from '@shared/science/tasks/task-data'
import { task as taskSchema, type TaskSpec } from '@shared/spec/experiment-spec'
import { Rng } from '@shared/science/rng'

describe('makeTask', () => {
  it('builds a sampler of the right dimension for every spec kind with defaults', () => {
    const csv = parseCsvDataset('1,2,3,4\n5,6,7,8\n9,1,2,3\n', { dim: 3 })
    const kinds: TaskSpec[] = [
      taskSchema.parse({ kind: 'two-gaussians' }),
      taskSchema.parse({ kind: 'two-gaussians-anisotropic' }),
      taskSchema.parse({ kind: 'single-index' }),
      taskSchema.parse({ kind: 'teacher' }),
      taskSchema.parse({ kind: 'product' }),
      taskSchema.parse({ kind: 'csv', dim: 3, trainSize: 2, testSize: 1 })
    ]
    for (const spec of kinds) {
      const t = makeTask(spec, 1, { csv })
      expect(t.d).toBe(spec.dim)
      if (t.canSample) expect(t.sample(new Rng(1, 'x'), 3).x.length).toBe(3 * spec.dim)
      else expect(() => t.sample(new Rng(1, 'x'), 3)).toThrow(/cannot draw fresh samples/)
    }
  })

  it('needs the rows of a csv task, with the right dimension', () => {
    const spec = taskSchema.parse({ kind: 'csv', dim: 2, trainSize: 1, testSize: 0 })
    expect(() => makeTask(spec, 1)).toThrow(/needs its rows/)
    const rows = parseCsvDataset('1,2,3,4\n')
    expect(() => makeTask(spec, 1, { csv: rows })).toThrow(/task.dim is 2 but the CSV data has 3/)
  })
})

describe('drawTaskData', () => {
  it('draws fixed train and test sets from separate streams, reproducibly', () => {
    const spec = taskSchema.parse({ kind: 'product', dim: 3, trainSize: 20, testSize: 10 })
    const t = makeTask(spec, 4)
    const a = drawTaskData(spec, t, 4)
    const b = drawTaskData(spec, t, 4)
    expect([a.train.n, a.test.n]).toEqual([20, 10])
    expect(a.train.x).toEqual(b.train.x)
    expect(a.test.y).toEqual(b.test.y)
    expect(a.train.x.subarray(0, 30)).not.toEqual(a.test.x)
    expect(drawTaskData(spec, t, 5).train.x).not.toEqual(a.train.x)
  })

  it('splits csv rows by a seeded shuffle into disjoint train and test sets', () => {
    const n = 30
    const text = Array.from({ length: n }, (_, i) => `${i},${i * 10}`).join('\n')
    const csv = parseCsvDataset(text)
    const spec = taskSchema.parse({ kind: 'csv', dim: 1, trainSize: 20, testSize: 10 })
    const { train, test } = drawTaskData(spec, makeTask(spec, 2, { csv }), 2)
    const ids = [...train.x, ...test.x]
    expect(new Set(ids).size).toBe(n)
    for (let k = 0; k < train.n; k++) expect(train.y[k]).toBe(10 * train.x[k])
    expect(Array.from(train.x)).not.toEqual(Array.from({ length: 20 }, (_, i) => i))
    const again = drawTaskData(spec, makeTask(spec, 2, { csv }), 2)
    expect(again.train.x).toEqual(train.x)
    const big = taskSchema.parse({ kind: 'csv', dim: 1, trainSize: 25, testSize: 10 })
    expect(() => drawTaskData(big, makeTask(big, 2, { csv }), 2)).toThrow(/exceeds the 30 rows/)
  })
})
