import { describe, expect, it } from 'vitest'
import {
  MAX_KEPT_HISTOGRAMS,
  SessionAccumulator,
  runStatusOf
} from '@shared/session/session-accumulator'
import { resetResults } from '@shared/session/create-session'
import { sampleSession } from '../../fixtures/session/sample-session'

const metrics = (records: Record<string, number>[], step: number) =>
  ({ type: 'metrics', records, step, time: step * 1e-3, stepsPerSecond: 1 }) as const

describe('SessionAccumulator', () => {
  it('appends records as columns, back-filling a column that appears later with NaN', () => {
    const base = resetResults(sampleSession())
    const rec = new SessionAccumulator(base)
    rec.apply(metrics([{ step: 0, risk: 2 }], 0))
    rec.apply(metrics([{ step: 10, risk: 1, freeEnergy: 5 }], 10))
    const s = rec.toSession()
    expect(Array.from(s.series.step)).toEqual([0, 10])
    expect(Array.from(s.series.risk)).toEqual([2, 1])
    expect(s.series.freeEnergy[0]).toBeNaN()
    expect(s.series.freeEnergy[1]).toBe(5)
    expect(s.step).toBe(10)
    expect(s.summary).toMatchObject({ risk: 1, freeEnergy: 5 })
  })

  it('resuming drops results after the checkpoint so the series continue without repeats', () => {
    const s = sampleSession({ records: 10 })
    // checkpoint at step 550: records 100…500 stay, 600…1000 go; snapshot 5000 goes, 0 stays
    s.checkpoint = { ...s.checkpoint!, step: 550 }
    const rec = new SessionAccumulator(s)
    rec.trimToCheckpoint()
    const out = rec.toSession()
    expect(Array.from(out.series.step)).toEqual([100, 200, 300, 400, 500])
    expect(out.snapshots.map((p) => p.step)).toEqual([0])
    expect(out.histograms.map((h) => h.step)).toEqual([0])
    expect(out.step).toBe(550)
  })

  it('keeps snapshot particles once per step and the checkpoint of done', () => {
    const base = resetResults(sampleSession())
    const rec = new SessionAccumulator(base)
    const p = {
      type: 'particles',
      reason: 'snapshot',
      step: 0,
      m: 1,
      d: 1,
      a: new Float32Array(1),
      b: new Float32Array(1),
      w: new Float32Array(1)
    } as const
    rec.apply(p)
    rec.apply(p)
    rec.apply({ ...p, reason: 'live', step: 5 })
    const cp = sampleSession().checkpoint!
    const row = rec.apply({
      type: 'done',
      status: 'completed',
      step: 7,
      time: 0.1,
      final: { step: 7, risk: 0.5 },
      checkpoint: cp
    })
    // the run ended between two records: its final state is in the summary, not a row
    expect(row).toBeNull()
    const out = rec.toSession()
    expect(out.snapshots.map((x) => x.step)).toEqual([0])
    expect(rec.latest?.step).toBe(5)
    expect(out.series.step ?? []).toHaveLength(0)
    expect(out.checkpoint).toBe(cp)
    expect(out).toMatchObject({ status: 'completed', step: 7, time: 0.1 })
    expect(out.summary.risk).toBe(0.5)
  })

  it('skips repeated steps, keeps only names a file can hold, and caps the histograms', () => {
    const base = resetResults(sampleSession())
    const rec = new SessionAccumulator(base)
    rec.apply(metrics([{ step: 0, risk: 2, 'bad name/x': 1 }], 0))
    rec.apply(metrics([{ step: 0, risk: 3 }], 0))
    expect(Array.from(rec.toSession().series.risk)).toEqual([2])
    expect(Object.keys(rec.toSession().series).sort()).toEqual(['risk', 'step'])
    const n = MAX_KEPT_HISTOGRAMS + 1
    for (let i = 0; i < n; i++)
      rec.apply({ type: 'histogram', histogram: { step: i, edges: [0, 1], counts: [1] } })
    const kept = rec.toSession().histograms.map((h) => h.step)
    expect(kept.length).toBeLessThanOrEqual(MAX_KEPT_HISTOGRAMS)
    expect(kept[0]).toBe(0)
    expect(kept.at(-1)).toBe(n - 1)
  })

  it('folds the end of a run into the status, and a never-run session reads as stopped', () => {
    const base = resetResults(sampleSession())
    const rec = new SessionAccumulator(base)
    expect(rec.status).toBe('stopped')
    expect(runStatusOf('created')).toBe('stopped')
    rec.apply({ type: 'status', status: 'running' })
    expect(rec.toSession().status).toBe('running')
    rec.apply({ type: 'error', message: 'diverged' })
    expect(rec.toSession()).toMatchObject({ status: 'failed', message: 'diverged' })
  })

  it('with finalRow (the app), a run stopped between two records ends with its final state as a row', () => {
    const rec = new SessionAccumulator(resetResults(sampleSession()), { finalRow: true })
    rec.apply(metrics([{ step: 0, risk: 2 }], 0))
    const cp = sampleSession().checkpoint!
    const done = { type: 'done', status: 'stopped', step: 7, time: 0.1, checkpoint: cp } as const
    expect(rec.apply({ ...done, final: { risk: 0.5 } })).toEqual({ step: 7, time: 0.1, risk: 0.5 })
    expect(Array.from(rec.toSession().series.step)).toEqual([0, 7])
    // a run that ends on a record step adds nothing
    expect(rec.apply({ ...done, final: { risk: 0.4 } })).toBeNull()
    expect(rec.toSession()).toMatchObject({ status: 'stopped', summary: { risk: 0.4 } })
  })
})
