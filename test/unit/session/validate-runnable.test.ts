import { describe, expect, it } from 'vitest'
import { claimsForPreset } from '@shared/claims/claims-for-preset'
import { decodeSession } from '@shared/session/decode-session'
import { encodeSession } from '@shared/session/encode-session'
import { parseSpec } from '@shared/spec/experiment-spec'
import { presetSpec } from '@shared/spec/presets'
import { explode, implode, sampleSession } from '../../fixtures/session/sample-session'

const good = encodeSession(sampleSession({ records: 10 }))

function withArchive(
  edit: (m: Record<string, unknown>, f: Record<string, Uint8Array>) => void
): Uint8Array {
  const { manifest, files } = explode(good)
  edit(manifest, files)
  return implode(manifest, files)
}

/** Renames an array entry both in the archive and in manifest.arrays. */
function rename(from: string, to: string) {
  return (m: Record<string, unknown>, f: Record<string, Uint8Array>) => {
    const arrays = m.arrays as Record<string, unknown>
    arrays[to] = arrays[from]
    delete arrays[from]
    f[to] = f[from]
    delete f[from]
  }
}

describe('validate means runnable: what decodes, saves again', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'no-such-preset'])(
    'spec.preset %j is refused at validation, naming the field',
    (preset) => {
      const r = parseSpec({ ...presetSpec('mmn-two-gaussians', { size: 'ci' }), preset })
      expect(r.ok).toBe(false)
      if (!r.ok) {
        expect(r.issues[0].path).toBe('preset')
        expect(r.issues[0].message).toMatch(/^unknown preset ".*" \(known: mmn-two-gaussians, /)
      }
      // and the claim lookup never hands back an object's own methods
      expect(claimsForPreset(preset)).toEqual([])
    }
  )

  it('an array name the writer refuses is refused when reading', () => {
    for (const [from, to] of [
      ['series/risk.f64', 'series/x y.f64'],
      ['series/risk.f64', 'series/__proto__.f64'],
      ['series/risk.f64', 'series/a/b.f64']
    ])
      expect(() => decodeSession(withArchive(rename(from, to)))).toThrow(
        `${to}: not a valid series name`
      )
  })

  it('two snapshots at one step are refused (the writer would refuse to save them)', () => {
    const bytes = withArchive((m) => {
      const snaps = m.snapshots as { step: number }[]
      snaps[1] = { ...snaps[1], step: snaps[0].step }
    })
    expect(() => decodeSession(bytes)).toThrow(
      /^manifest\.snapshots\.1\.step: \d+ is listed twice \(one snapshot per step\)$/
    )
  })

  it('an array no part of a session reads is refused rather than dropped at the next save', () => {
    expect(() => decodeSession(withArchive(rename('series/risk.f64', 'extra/risk.f64')))).toThrow(
      /^extra\/risk\.f64: listed in manifest\.arrays but not a part of a session/
    )
  })

  it('the untouched file decodes and encodes back to the same session', () => {
    const { session } = decodeSession(good)
    expect(decodeSession(encodeSession(session)).session).toEqual(session)
  })
})
