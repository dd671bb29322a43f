import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { experimentSpec } from '@shared/spec/experiment-spec'
import type { SessionData } from '@shared/protocol/lab-api'
import type { ParticleSnapshot } from '@shared/session/session-types'
import {
  keepSnapshot,
  lessonOf,
  MAX_REPLAY_SNAPSHOTS,
  presetLesson,
  useRunStore
} from '../../../src-renderer/src/stores/run-store'
import { SeriesBuffer } from '../../../src-renderer/src/stores/series-buffer'

describe('SeriesBuffer', () => {
  it('grows past its capacity keeping every value, NaN where a record lacks a column', () => {
    const b = new SeriesBuffer(2)
    for (let i = 0; i < 5; i++) b.append([{ step: i, risk: 1 / (i + 1) }])
    b.append([{ step: 5, risk: 0.1, trainRisk: 0.05 }])
    expect(b.length).toBe(6)
    expect(Array.from(b.column('step')!)).toEqual([0, 1, 2, 3, 4, 5])
    expect(b.column('risk')![2]).toBeCloseTo(1 / 3)
    const tr = b.column('trainRisk')!
    expect(tr.length).toBe(6)
    expect(Number.isNaN(tr[0])).toBe(true)
    expect(tr[5]).toBe(0.05)
    expect(b.last('risk')).toBe(0.1)
    expect(b.column('nope')).toBeNull()
  })

  it('mutates in place: a view taken before an append without growth sees the new value', () => {
    const b = new SeriesBuffer(8)
    b.append([{ step: 0 }])
    const before = b.toColumns().step
    b.append([{ step: 1 }])
    expect(before.buffer).toBe(b.column('step')!.buffer)
  })
})

describe('run store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('applies the events of its run and bumps tick once per metrics batch', () => {
    const run = useRunStore()
    run.begin('r', experimentSpec.parse({}))
    const t0 = run.tick
    run.onEvent({ kind: 'status', runId: 'r', status: 'running' })
    run.onEvent({
      kind: 'metrics',
      runId: 'r',
      records: [
        { step: 10, risk: 1 },
        { step: 20, risk: 0.5 }
      ],
      stepsPerSecond: 321
    })
    run.onEvent({
      kind: 'histogram',
      runId: 'r',
      histogram: { step: 20, edges: [0, 1, 2], counts: [3, 4] }
    })
    const w = new Float32Array([1, 2, 3, 4])
    run.onEvent({
      kind: 'particles',
      runId: 'r',
      step: 20,
      m: 2,
      d: 2,
      a: new Float32Array(2),
      b: new Float32Array(2),
      w
    })
    expect(run.status).toBe('running')
    expect(run.tick).toBe(t0 + 1)
    expect(run.step).toBe(20)
    expect(run.stepsPerSecond).toBe(321)
    expect(run.latestHistogram?.counts).toEqual([3, 4])
    expect(run.particles?.w).toBe(w)
    expect(run.active).toBe(true)
    run.onEvent({ kind: 'error', runId: 'r', message: 'diverged at step 30' })
    expect(run.status).toBe('failed')
    expect(run.message).toMatch(/diverged/)
  })

  it('replays events that arrived before startRun resolved', () => {
    const run = useRunStore()
    run.onEvent({
      kind: 'backend',
      runId: 'early',
      backend: { requested: 'auto', actual: 'webasm', detail: '', fallbackReason: null }
    })
    run.onEvent({ kind: 'status', runId: 'early', status: 'running' })
    run.begin('early', null)
    expect(run.backend?.actual).toBe('webasm')
    expect(run.status).toBe('running')
  })

  it('loads a stored session read-only, with its lesson', () => {
    const run = useRunStore()
    const data: SessionData & { lesson: unknown } = {
      summary: {
        id: 's1',
        title: 'T',
        fileName: 't.mflab',
        status: 'completed',
        step: 200,
        steps: 200,
        updatedAt: '2026-01-01T00:00:00Z'
      },
      spec: experimentSpec.parse({}),
      series: { step: Float64Array.of(100, 200), risk: Float64Array.of(0.5, 0.25) },
      histograms: [],
      particles: null,
      notes: [{ step: 100, text: 'split' }],
      backend: null,
      // a file is untrusted data: a malformed entry must be dropped, whatever the declared type says
      lesson: {
        narrative: 'Watch the split.',
        editable: ['model.width', 3]
      } as unknown as SessionData['lesson']
    }
    run.load(data)
    expect(run.readOnly).toBe(true)
    expect(run.series.length).toBe(2)
    expect(run.step).toBe(200)
    expect(run.notes).toEqual([{ step: 100, text: 'split' }])
    expect(run.lesson).toEqual({ narrative: 'Watch the split.', editable: ['model.width'] })
    expect(lessonOf({ ...data, lesson: { editable: [] } } as unknown as SessionData)).toBeNull()
  })

  it('takes a lesson from a preset summary only when it carries a narrative', () => {
    const base = { id: 'p', title: 'P', claim: 'c', estimatedSeconds: 1 }
    expect(presetLesson(base)).toBeNull()
    expect(presetLesson(undefined)).toBeNull()
    const rich = { ...base, narrative: 'Read me.', editable: ['model.width'] }
    expect(presetLesson(rich)).toEqual({ narrative: 'Read me.', editable: ['model.width'] })
  })
})

describe('replay snapshots', () => {
  const snap = (step: number): ParticleSnapshot => ({
    step,
    m: 1,
    d: 1,
    a: new Float32Array(1),
    b: new Float32Array(1),
    w: new Float32Array(1)
  })

  it('keep the whole run at a coarser spacing once full, and replace a repeated step', () => {
    let list: ParticleSnapshot[] = []
    for (let k = 0; k < 3 * MAX_REPLAY_SNAPSHOTS; k++) list = keepSnapshot(list, snap(k * 10))
    expect(list.length).toBeLessThanOrEqual(MAX_REPLAY_SNAPSHOTS)
    expect(list[0].step).toBe(0)
    expect(list.at(-1)!.step).toBe((3 * MAX_REPLAY_SNAPSHOTS - 1) * 10)
    const steps = list.map((s) => s.step)
    expect([...steps].sort((x, y) => x - y)).toEqual(steps)
    const again = keepSnapshot(list, snap(list.at(-1)!.step))
    expect(again.length).toBe(list.length)
  })
})
