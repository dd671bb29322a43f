import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { HISTOGRAM_PDE_COUNTS, MANIFEST_ENTRY } from '@shared/session/archive-paths'
import { resetResults } from '@shared/session/create-session'
import { decodeSession } from '@shared/session/decode-session'
import { encodeSession } from '@shared/session/encode-session'
import { sessionToJson } from '@shared/session/export-session'
import { sampleSession } from '../../fixtures/session/sample-session'

const claims = [
  {
    id: 'risk-falls',
    text: 'The risk falls.',
    met: true,
    value: 0.12,
    expected: 'final < 0.25 × initial'
  },
  { id: 'pde-tracks-sgd', text: 'PDE.', met: null, value: null, expected: 'gap ≤ 0.15' }
]

describe('session: claims and PDE histogram counts (optional, format 1)', () => {
  it('round-trips manifest.claims and histograms’ pdeCounts', () => {
    const s = sampleSession()
    expect(s.histograms.length).toBeGreaterThan(1)
    const bins = s.histograms[0].counts.length
    s.histograms[0].pdeCounts = Array.from({ length: bins }, (_, b) => b / 2)
    s.claims = claims
    const bytes = encodeSession(s)
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(bytes)[MANIFEST_ENTRY]))
    expect(manifest.claims).toEqual(claims)
    expect(manifest.arrays[HISTOGRAM_PDE_COUNTS]).toBeDefined()
    const back = decodeSession(bytes).session
    expect(back.claims).toEqual(claims)
    expect(back.histograms[0].pdeCounts).toEqual(s.histograms[0].pdeCounts)
    // a histogram without an overlay comes back without one
    expect(back.histograms[1]).not.toHaveProperty('pdeCounts')
    expect(back.histograms[1].counts).toEqual(s.histograms[1].counts)
    // mflab export json carries both
    const json = sessionToJson(back) as { claims: unknown; histograms: { pdeCounts?: number[] }[] }
    expect(json.claims).toEqual(claims)
    expect(json.histograms[0].pdeCounts).toEqual(s.histograms[0].pdeCounts)
  })

  it('writes neither when absent (older readers see the same file) and resetResults drops claims', () => {
    const s = sampleSession()
    const files = unzipSync(encodeSession(s))
    const manifest = JSON.parse(new TextDecoder().decode(files[MANIFEST_ENTRY]))
    expect(manifest).not.toHaveProperty('claims')
    expect(files[HISTOGRAM_PDE_COUNTS]).toBeUndefined()
    expect(decodeSession(encodeSession(s)).session).not.toHaveProperty('claims')
    expect(resetResults({ ...s, claims })).not.toHaveProperty('claims')
  })

  it('rejects pdeCounts of the wrong size', () => {
    const s = sampleSession()
    s.histograms[0].pdeCounts = [1, 2]
    expect(() => encodeSession(s)).toThrow(/pdeCounts/)
  })
})
