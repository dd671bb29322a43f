import { describe, expect, it } from 'vitest'
import type { MetricRecord } from '@shared/engine/simulation-types'
import { ColumnMirror } from '../../../src-renderer/src/views/RunDashboard/claim-verdicts'
import { SeriesBuffer } from '../../../src-renderer/src/stores/series-buffer'

describe('ColumnMirror: the claims panel copies only new records', () => {
  it('follows an append-only buffer, a column that appears late, and a new buffer', () => {
    const buf = new SeriesBuffer(2)
    const mirror = new ColumnMirror()
    buf.append([
      { step: 0, risk: 1 },
      { step: 1, risk: 0.5 }
    ])
    const first = mirror.sync(buf)
    expect(first).toEqual({ step: [0, 1], risk: [1, 0.5] })
    const riskArray = first.risk

    // the buffer grows (and reallocates): the same arrays are extended, not rebuilt
    buf.append([
      { step: 2, risk: 0.25, pdeRisk: 0.3 },
      { step: 3, risk: 0.125, pdeRisk: 0.2 }
    ])
    const second = mirror.sync(buf)
    expect(second.risk).toBe(riskArray)
    expect(second.risk).toEqual([1, 0.5, 0.25, 0.125])
    expect(second.step).toEqual([0, 1, 2, 3])
    expect(second.pdeRisk).toEqual([NaN, NaN, 0.3, 0.2])
    expect(mirror.sync(buf)).toEqual(second)

    // a new run's buffer starts over
    const next = new SeriesBuffer()
    next.append([{ step: 0, risk: 7 }])
    const third = mirror.sync(next)
    expect(third).toEqual({ step: [0], risk: [7] })
    expect(third.risk).not.toBe(riskArray)
  })

  it('matches a full copy of the buffer after many small batches', () => {
    const buf = new SeriesBuffer(4)
    const mirror = new ColumnMirror()
    let k = 0
    for (let batch = 0; batch < 20; batch++) {
      const records = Array.from({ length: 1 + (batch % 5) }, (): MetricRecord => {
        k++
        return k % 3 === 0 ? { step: k, risk: 1 / k, extra: k } : { step: k, risk: 1 / k }
      })
      buf.append(records)
      mirror.sync(buf)
    }
    const cols = mirror.sync(buf)
    for (const [key, col] of Object.entries(buf.toColumns()))
      expect(cols[key]).toEqual(Array.from(col))
  })
})
