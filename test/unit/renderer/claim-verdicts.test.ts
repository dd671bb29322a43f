import { describe, expect, it } from 'vitest'
import type { MetricRecord } from '@shared/engine/simulation-types'
import { experimentSpec } from '@shared/spec/experiment-spec'
import { claimVerdicts } from '../../../src-renderer/src/views/RunDashboard/claim-verdicts'
import { SeriesBuffer } from '../../../src-renderer/src/stores/series-buffer'

const spec = experimentSpec.parse({ title: 'MMN', preset: 'mmn-two-gaussians' })

/** A falling risk with a column that appears late, appended in batches that make the buffer grow. */
function filledBuffer(): { buf: SeriesBuffer; records: MetricRecord[] } {
  const buf = new SeriesBuffer(4)
  const records: MetricRecord[] = []
  let k = 0
  for (let batch = 0; batch < 20; batch++) {
    const part = Array.from({ length: 1 + (batch % 5) }, (): MetricRecord => {
      k++
      const r: MetricRecord = { step: k, time: k / 10, risk: 1 / k, testRisk: 1.1 / k }
      return k > 7 ? { ...r, pdeRisk: 0.9 / k } : r
    })
    buf.append(part)
    records.push(...part)
  }
  return { buf, records }
}

describe('the claims judge the series buffer through views of its columns', () => {
  it('sees every record, NaN before a late column, with nothing copied', () => {
    const { buf, records } = filledBuffer()
    const cols = buf.toColumns()
    expect(Array.from(cols.step)).toEqual(records.map((r) => r.step))
    expect(Array.from(cols.risk)).toEqual(records.map((r) => r.risk))
    expect(Array.from(cols.pdeRisk)).toEqual(records.map((r) => r.pdeRisk ?? NaN))
    // a view shares the buffer's memory: a long run is judged without copying its columns
    expect(cols.risk.buffer).toBe(buf.column('risk')!.buffer)
  })

  it('gives the verdicts that plain copies of the same records give', () => {
    const { buf } = filledBuffer()
    const views = buf.toColumns()
    const copies = Object.fromEntries(Object.entries(views).map(([k, v]) => [k, Array.from(v)]))
    for (const status of ['running', 'completed'] as const) {
      const run = { spec, status, histograms: [], saved: null }
      const onViews = claimVerdicts({ ...run, columns: views })
      expect(onViews.length).toBeGreaterThan(0)
      expect(onViews).toEqual(claimVerdicts({ ...run, columns: copies }))
    }
  })
})
