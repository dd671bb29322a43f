import { describe, expect, it } from 'vitest'
import { SessionRecorder } from '../../../src-main/compute/session-recorder'
import { sampleSession } from '../../fixtures/session/sample-session'

const metrics = (records: Record<string, number>[], step: number) =>
  ({ type: 'metrics', records, step, time: step * 1e-3, stepsPerSecond: 1 }) as const

describe('SessionRecorder', () => {
  it('appends records as columns, back-filling a column that appears later with NaN', () => {
    const base = { ...sampleSession(), series: {}, histograms: [], snapshots: [], checkpoint: null }
    const rec = new SessionRecorder(base)
    rec.apply(metrics([{ step: 0, risk: 2 }], 0))
    rec.apply(metrics([{ step: 10, risk: 1, freeEnergy: 5 }], 10))
    const s = rec.session('running')
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
    const rec = new SessionRecorder(s)
    const out = rec.session('running')
    expect(Array.from(out.series.step)).toEqual([100, 200, 300, 400, 500])
    expect(out.snapshots.map((p) => p.step)).toEqual([0])
    expect(out.histograms.map((h) => h.step)).toEqual([0])
    expect(out.step).toBe(550)
  })

  it('keeps snapshot particles once per step and the checkpoint of done', () => {
    const base = { ...sampleSession(), series: {}, histograms: [], snapshots: [], checkpoint: null }
    const rec = new SessionRecorder(base)
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
    rec.apply({
      type: 'done',
      status: 'completed',
      step: 7,
      time: 0.1,
      final: { step: 7, risk: 0.5 },
      checkpoint: cp
    })
    const out = rec.session('completed')
    expect(out.snapshots.map((x) => x.step)).toEqual([0])
    expect(out.checkpoint).toBe(cp)
    expect(out).toMatchObject({ status: 'completed', step: 7, time: 0.1 })
    expect(out.summary.risk).toBe(0.5)
  })
})
