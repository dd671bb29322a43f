import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { decodeSession } from '@shared/session/decode-session'
import { encodeSession } from '@shared/session/encode-session'
import { SessionFormatError } from '@shared/session/session-error'
import { explode, implode, sampleSession } from '../../fixtures/session/sample-session'

const good = encodeSession(sampleSession())

function errorOf(bytes: Uint8Array): SessionFormatError {
  try {
    decodeSession(bytes)
  } catch (e) {
    if (e instanceof SessionFormatError) return e
    throw e
  }
  throw new Error('decoded without error')
}

function withManifest(edit: (m: Record<string, unknown>) => void): Uint8Array {
  const { manifest, files } = explode(good)
  edit(manifest)
  return implode(manifest, files)
}

function withFiles(edit: (f: Record<string, Uint8Array>) => void): Uint8Array {
  const { manifest, files } = explode(good)
  edit(files)
  return implode(manifest, files)
}

describe('session file validation: each damage gives one precise error', () => {
  it('truncated archive', () => {
    const e = errorOf(good.subarray(0, Math.floor(good.length * 0.7)))
    expect(e.where).toBe('archive')
    expect(e.message).toMatch(/^archive: truncated or damaged zip archive/)
  })

  it('not a zip at all', () => {
    expect(errorOf(new TextEncoder().encode('{"spec": {}}')).message).toBe(
      'archive: not a .mflab session (not a zip archive)'
    )
  })

  it('manifest missing or not JSON', () => {
    const { files } = explode(good)
    expect(errorOf(zipSync(files)).message).toBe('manifest.json: missing from the archive')
    const bad = zipSync({ ...files, 'manifest.json': strToU8('{"formatVersion": 1,') })
    expect(errorOf(bad).message).toMatch(/^manifest\.json: not valid JSON/)
  })

  it('a format written by a newer version', () => {
    const e = errorOf(withManifest((m) => (m.formatVersion = 2)))
    expect(e.message).toMatch(/^manifest\.formatVersion: 2: written by a newer version/)
  })

  it('an unknown or missing format version', () => {
    expect(errorOf(withManifest((m) => (m.formatVersion = 0.5))).message).toBe(
      'manifest.formatVersion: unknown format version 0.5'
    )
    expect(errorOf(withManifest((m) => delete m.formatVersion)).where).toBe(
      'manifest.formatVersion'
    )
  })

  it('a bad spec field names its full path', () => {
    const e = errorOf(
      withManifest((m) => ((m.spec as { model: { width: number } }).model.width = 0))
    )
    expect(e.where).toBe('manifest.spec.model.width')
    expect(e.message).toMatch(/^manifest\.spec\.model\.width: Too small/)
  })

  it('a bad manifest field names its path', () => {
    expect(errorOf(withManifest((m) => (m.status = 'finished'))).where).toBe('manifest.status')
    expect(
      errorOf(withManifest((m) => ((m.notes as { step: unknown }[])[0].step = -1))).where
    ).toBe('manifest.notes.0.step')
    expect(errorOf(withManifest((m) => (m.seed = 99))).message).toBe(
      'manifest.seed: 99 differs from manifest.spec.seed (1)'
    )
  })

  it('an absent lesson is allowed (it is optional)', () => {
    expect(decodeSession(withManifest((m) => delete m.lesson)).session.lesson).toBeNull()
  })

  it('an array of the wrong length', () => {
    const e = errorOf(
      withFiles((f) => (f['series/risk.f64'] = f['series/risk.f64'].subarray(0, 96)))
    )
    expect(e.message).toBe('series/risk.f64: length 96 bytes, expected 800')
  })

  it('a missing entry', () => {
    const e = errorOf(withFiles((f) => delete f['snapshots/5000/w.f32']))
    expect(e.message).toBe(
      'snapshots/5000/w.f32: missing from the archive (listed in manifest.arrays)'
    )
  })

  it('a damaged byte inside a stored array (CRC mismatch)', () => {
    const bytes = good.slice()
    const { files } = explode(good)
    const needle = files['checkpoint/w.f64'].subarray(64, 96)
    const at = indexOf(bytes, needle)
    expect(at).toBeGreaterThan(0)
    bytes[at + 3] ^= 0x10
    const e = errorOf(bytes)
    expect(e.where).toBe('checkpoint/w.f64')
    expect(e.message).toMatch(
      /^checkpoint\/w\.f64: CRC-32 [0-9a-f]{8}, expected [0-9a-f]{8}: the data is damaged$/
    )
  })

  it('shapes that disagree with the spec or with each other', () => {
    const e = errorOf(
      withManifest((m) => ((m.spec as { model: { width: number } }).model.width = 50))
    )
    expect(e.where).toBe('checkpoint/a.f64')
    expect(e.message).toMatch(/shape \[100\], expected \[50\]/)
    const short = errorOf(
      withManifest((m) => {
        const arrays = m.arrays as Record<string, { shape: number[] }>
        arrays['series/time.f64'].shape = [50]
      })
    )
    expect(short.message).toMatch(/^series\/time\.f64: shape \[50\] of f64 needs 400 bytes/)
  })
})

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}
