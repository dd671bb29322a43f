import { describe, expect, it } from 'vitest'
import { decodeSession } from '@shared/session/decode-session'
import { encodeSession } from '@shared/session/encode-session'
import { createSession } from '@shared/session/create-session'
import { presetSpec } from '@shared/spec/presets'
import { explode, sampleSession } from '../../fixtures/session/sample-session'

describe('session file round trip', () => {
  it('decodes to the same session it encoded (f64 exact, f32 snapshots exact after rounding)', () => {
    const s = sampleSession()
    const back = decodeSession(encodeSession(s)).session
    expect(back.spec).toEqual(s.spec)
    expect(back.status).toBe('stopped')
    expect(back.step).toBe(s.step)
    expect(back.time).toBe(s.time)
    expect(back.backend).toEqual(s.backend)
    expect(back.notes).toEqual(s.notes)
    expect(back.bookmarks).toEqual(s.bookmarks)
    expect(back.lesson).toEqual(s.lesson)
    expect(back.summary.risk).toBe(0.25)
    expect(back.summary.trainRisk).toBeNaN()
    expect(Object.keys(back.series).sort()).toEqual(Object.keys(s.series).sort())
    for (const [k, v] of Object.entries(s.series)) expect(back.series[k]).toEqual(v)
    expect(back.histograms).toEqual(s.histograms)
    expect(back.snapshots.map((p) => p.step)).toEqual([0, 5000])
    expect(back.snapshots[1].w).toEqual(s.snapshots[1].w)
    expect(back.checkpoint!.particles.w).toEqual(s.checkpoint!.particles.w)
    expect(back.checkpoint!.rng).toEqual(s.checkpoint!.rng)
    expect(back.checkpoint!.extra).toEqual(s.checkpoint!.extra)
    expect(back.data.extra).toEqual(s.data.extra)
  })

  it('keeps NaN in the rng state and in series (JSON would turn them into null)', () => {
    const s = sampleSession()
    s.checkpoint!.rng.data[4] = NaN
    const back = decodeSession(encodeSession(s)).session
    expect(back.checkpoint!.rng.data[4]).toBeNaN()
    expect(back.series.trainRisk[0]).toBeNaN()
  })

  it('writes a human-readable manifest with an index of every binary array', () => {
    const { manifest, files } = explode(encodeSession(sampleSession()))
    expect(manifest.formatVersion).toBe(1)
    const arrays = manifest.arrays as Record<string, { byteLength: number; shape: number[] }>
    expect(Object.keys(arrays).sort()).toEqual(Object.keys(files).sort())
    expect(arrays['series/risk.f64']).toMatchObject({ dtype: 'f64', shape: [100], byteLength: 800 })
    expect(arrays['snapshots/5000/w.f32']).toMatchObject({ dtype: 'f32', shape: [100, 40] })
    expect(files['checkpoint/w.f64'].length).toBe(100 * 40 * 8)
  })

  it('round-trips a fresh session of a preset (no results yet)', () => {
    const s = createSession(presetSpec('langevin-free-energy'))
    const back = decodeSession(encodeSession(s, { compressArrays: true })).session
    expect(back).toEqual(s)
  })

  it('refuses to write columns of unequal lengths', () => {
    const s = sampleSession()
    s.series.risk = s.series.risk.subarray(1)
    expect(() => encodeSession(s)).toThrow(/unequal lengths/)
  })
})

describe('session views for the LabApi', () => {
  it('the accumulator of a stored session carries series, the latest snapshot and notes', async () => {
    const { SessionAccumulator, sessionSummary } =
      await import('@shared/session/session-accumulator')
    const s = sampleSession({ records: 4 })
    const d = new SessionAccumulator(s).toData('id-1', 'x.mflab')
    expect(d.summary).toMatchObject({
      id: 'id-1',
      fileName: 'x.mflab',
      status: 'stopped',
      step: 400,
      steps: 20000
    })
    expect(d.series.risk).toEqual(s.series.risk)
    expect(d.series.risk).toBeInstanceOf(Float64Array)
    expect(d.particles!.w).toBe(s.snapshots[1].w)
    expect(d.notes).toEqual([{ step: 300, text: 'risk starts to fall' }])
    // one never run reads as stopped at step 0, in the library and in a run's own summary
    const created = { ...s, status: 'created' as const }
    expect(new SessionAccumulator(created).toData('i', null).summary.status).toBe('stopped')
    expect(sessionSummary('i', null, created).status).toBe('stopped')
  })
})
