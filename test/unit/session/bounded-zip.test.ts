import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { afterAll, describe, expect, it } from 'vitest'
import { readDataFile } from '../../../src-main/backend/read-data-file'
import { ARCHIVE_LIMITS } from '@shared/session/archive-limits'
import { crc32 } from '@shared/session/crc32'
import { decodeSession } from '@shared/session/decode-session'
import { encodeSession } from '@shared/session/encode-session'
import { decodeStudy } from '@shared/study/decode-study'
import { explode, sampleSession } from '../../fixtures/session/sample-session'
import { forgeZip, zeroBomb, type ForgedEntry } from '../../fixtures/zip/zip-forge'

const good = encodeSession(sampleSession({ records: 20 }))
const GiB_MATCHES = Math.floor((2 ** 30 - 1) / 258)
const bomb = zeroBomb(GiB_MATCHES) // ≈ 6.8 MB that inflate to ≈ 1 GiB of zeros
const bombSize = 1 + 258 * GiB_MATCHES

/** The session's entries as stored forged entries, the manifest JSON given as an object. */
function storedEntries(manifest: unknown, files: Record<string, Uint8Array>): ForgedEntry[] {
  return [
    { name: 'manifest.json', data: strToU8(JSON.stringify(manifest)) },
    ...Object.entries(files).map(([name, data]) => ({ name, data }))
  ]
}

/** Runs `f`, returning its one-line error and how far the process's peak memory rose, in MB. */
function refusal(f: () => unknown): { message: string; peakRiseMB: number; ms: number } {
  const before = process.resourceUsage().maxRSS
  const t0 = performance.now()
  let message = '(accepted)'
  try {
    f()
  } catch (e) {
    message = (e as Error).message
  }
  const ms = performance.now() - t0
  return { message, peakRiseMB: (process.resourceUsage().maxRSS - before) / 1024, ms }
}

describe('bounded zip decoding: sizes are checked before anything is inflated', () => {
  it('one directory pointing six times at one 1 GiB stream is refused as overlapping', () => {
    const entries: ForgedEntry[] = [
      { name: 'manifest.json', data: strToU8('{}') },
      { name: 'series/risk.f64', data: bomb, method: 8, size: bombSize, crc: 0 },
      ...[1, 2, 3, 4, 5].map((k) => ({ name: `series/r${k}.f64`, data: bomb, pointAt: 1 }))
    ]
    const r = refusal(() => decodeSession(forgeZip(entries)))
    expect(r.message).toBe('series/r1.f64: overlaps entry series/risk.f64 in the archive')
    expect(r.ms).toBeLessThan(1000)
    expect(r.peakRiseMB).toBeLessThan(100)
  })

  it('an unlisted 1 GiB entry is never inflated: the session loads at flat memory', () => {
    const { manifest, files } = explode(good)
    const entries = storedEntries(manifest, files)
    entries.push({ name: 'extra/bomb.bin', data: bomb, method: 8, size: bombSize })
    const r = refusal(() => decodeSession(forgeZip(entries)))
    expect(r.message).toBe('(accepted)')
    expect(r.peakRiseMB).toBeLessThan(100)
  })

  it('a stream inflating past its declared size stops at once', () => {
    const { manifest, files } = explode(good)
    const name = 'series/risk.f64'
    const arrays = manifest.arrays as Record<string, { byteLength: number }>
    const entries = storedEntries(manifest, files).map((e) =>
      e.name === name ? { name, data: bomb, method: 8 as const, size: arrays[name].byteLength } : e
    )
    const r = refusal(() => decodeSession(forgeZip(entries)))
    expect(r.message).toBe(
      `${name}: inflates past its declared ${arrays[name].byteLength} bytes: refused before the end`
    )
    expect(r.ms).toBeLessThan(1000)
    expect(r.peakRiseMB).toBeLessThan(100)
  })

  it('an entry declared larger than the listed array length is refused before inflating', () => {
    const { manifest, files } = explode(good)
    const entries = storedEntries(manifest, files).map((e) =>
      e.name === 'series/risk.f64'
        ? { name: e.name, data: bomb, method: 8 as const, size: bombSize }
        : e
    )
    const r = refusal(() => decodeSession(forgeZip(entries)))
    expect(r.message).toMatch(/^series\/risk\.f64: length \d+ bytes, expected \d+$/)
    expect(r.peakRiseMB).toBeLessThan(100)
  })

  it('sizes above the limits are reported as too large, the manifest included', () => {
    const small = { ...ARCHIVE_LIMITS, maxEntryBytes: 2 ** 20, maxManifestBytes: 1000 }
    const entries: ForgedEntry[] = [
      { name: 'manifest.json', data: strToU8('{}') },
      { name: 'x.bin', data: bomb, method: 8, size: bombSize }
    ]
    expect(() => decodeSession(forgeZip(entries), small)).toThrow(
      /^x\.bin: too large \(1\.1 GB inflated; the limit is 1\.0 MB\)$/
    )
    const { manifest, files } = explode(good)
    expect(() => decodeSession(forgeZip(storedEntries(manifest, files)), small)).toThrow(
      /^manifest\.json: too large \(\d+ kB; a manifest may hold at most 1 kB\)$/
    )
    expect(() => decodeSession(good, { ...ARCHIVE_LIMITS, maxArchiveBytes: 100 })).toThrow(
      /^archive: too large \(\d+ kB; the limit is 100 bytes\)$/
    )
  })

  it('duplicate entry names are refused, not resolved silently', () => {
    const { manifest, files } = explode(good)
    const entries = storedEntries(manifest, files)
    entries.push({ name: 'series/risk.f64', data: files['series/risk.f64'] })
    expect(() => decodeSession(forgeZip(entries))).toThrow(
      'series/risk.f64: listed twice in the archive'
    )
  })

  it("a hand-edited manifest with a stale CRC-32 is refused (the manifest's own CRC is checked)", () => {
    const { manifest, files } = explode(good)
    const entries = storedEntries(manifest, files)
    const honest = entries[0].data
    const edited = strToU8(JSON.stringify({ ...manifest, summary: { risk: 1e-15 } }))
    entries[0] = { name: 'manifest.json', data: edited, crc: crc32(honest) }
    expect(() => decodeSession(forgeZip(entries))).toThrow(
      /^manifest\.json: CRC-32 [0-9a-f]{8}, expected [0-9a-f]{8}: the data is damaged$/
    )
  })

  it('20 000 entries with one damaged: one pass, refused in well under a second', () => {
    const { manifest, files } = explode(good)
    const entries = storedEntries(manifest, files)
    for (let i = 0; i < 20_000; i++) entries.push({ name: `junk/${i}`, data: strToU8(`${i}`) })
    const bytes = forgeZip(entries)
    const t0 = performance.now()
    expect(() => decodeSession(bytes)).not.toThrow()
    // damage the directory signature of the last entry
    const damaged = bytes.slice()
    const cd = new DataView(damaged.buffer).getUint32(damaged.length - 6, true)
    const lastName = strToU8('junk/19999')
    const at = damaged.length - 22 - 46 - lastName.length
    expect(at).toBeGreaterThan(cd)
    damaged[at] ^= 0xff
    expect(() => decodeSession(damaged)).toThrow(
      /^archive: damaged zip directory at entry 20\d{3} of 20\d{3}$/
    )
    expect(performance.now() - t0).toBeLessThan(1000)
  })

  it('formatVersion 0 on a format-1 file is refused instead of dropping its data', () => {
    const { manifest, files } = explode(good)
    const bytes = zipSync({
      ...files,
      'manifest.json': strToU8(JSON.stringify({ ...manifest, formatVersion: 0 }))
    })
    expect(() => decodeSession(bytes)).toThrow(
      /^manifest\.formatVersion: 0, but the archive holds \d+ binary entries \(.*\) that format 0 never had; refusing to migrate and drop them$/
    )
  })

  it('a manifest nested deeper than the limit is refused before JSON.parse', () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000)
    const bytes = zipSync({ 'manifest.json': strToU8(deep) })
    const r = refusal(() => decodeSession(bytes))
    expect(r.message).toBe('manifest.json: not a manifest (JSON nested more than 64 levels deep)')
    expect(r.peakRiseMB).toBeLessThan(100)
  })

  it('a study holding a bomb is refused by the same reader', () => {
    const entries: ForgedEntry[] = [
      { name: 'manifest.json', data: strToU8('{"kind":"mflab-study"}') },
      { name: 'runs/000.mflab', data: bomb, method: 8, size: 500 }
    ]
    const r = refusal(() => decodeStudy(forgeZip(entries)))
    expect(r.message).toMatch(/^manifest\.formatVersion: |^runs\/000\.mflab: /)
    const twice = [...entries, { name: 'runs/001.mflab', data: bomb, pointAt: 1 }]
    expect(() => decodeStudy(forgeZip(twice))).toThrow(/overlaps entry/)
  })
})

describe('readDataFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mflab-read-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('says "too large" for a file past the limit, before reading it', async () => {
    const file = join(dir, 'big.mflab')
    writeFileSync(file, new Uint8Array(4096))
    expect(await readDataFile(file, 1000)).toEqual({
      reason: 'too large (4 kB; the limit is 1 kB)'
    })
    expect(await readDataFile(join(dir, 'none.mflab'))).toEqual({ reason: 'no such file' })
    expect(await readDataFile(dir)).toEqual({ reason: 'is a directory' })
    expect(await readDataFile(file)).toHaveLength(4096)
  })
})
