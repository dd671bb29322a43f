import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeSession } from '@shared/session/decode-session'
import { encodeSession } from '@shared/session/encode-session'
import { FORMAT_VERSION } from '@shared/session/manifest-schema'
import { migrateArchive, MIGRATIONS, type Migration } from '@shared/session/migrations'
import { SessionFormatError } from '@shared/session/session-error'

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/session', name))

describe('session format migrations', () => {
  it('the chain reaches the current format one version at a time', () => {
    expect(FORMAT_VERSION).toBe(1)
    MIGRATIONS.forEach((m, i) => expect(m.from).toBe(i))
    expect(MIGRATIONS.at(-1)!.from + 1).toBe(FORMAT_VERSION)
  })

  it('loads the synthetic format-0 fixture: columns become binary series, done → completed', () => {
    const { session, fileVersion, migrations } = decodeSession(fixture('v0-prototype.mflab'))
    expect(fileVersion).toBe(0)
    expect(migrations).toHaveLength(1)
    expect(session.status).toBe('completed')
    expect(session.spec.title).toBe('prototype run')
    expect(session.spec.model.width).toBe(20)
    expect(session.spec.seed).toBe(3)
    expect(Array.from(session.series.step)).toEqual([0, 100, 200, 300])
    expect(session.series.risk[2]).toBeNaN()
    expect(session.series.risk[3]).toBe(0.9)
    expect(session.summary.risk).toBe(0.9)
    expect(session.time).toBe(0.3)
    expect(session.notes).toEqual([
      { step: 0, text: 'first try', createdAt: '2025-06-01T12:00:00.000Z' }
    ])
    expect(session.checkpoint).toBeNull()
  })

  it('a migrated session saves in the current format and loads without migrating', () => {
    const { session } = decodeSession(fixture('v0-prototype.mflab'))
    const again = decodeSession(encodeSession(session))
    expect(again.fileVersion).toBe(FORMAT_VERSION)
    expect(again.migrations).toEqual([])
    expect(again.session.series.time).toEqual(session.series.time)
  })

  it('a malformed format-0 column is reported at its manifest path', () => {
    const bad = { manifest: { formatVersion: 0, spec: {}, metrics: { risk: 'high' } }, files: {} }
    expect(() => migrateArchive(bad, 0)).toThrow(
      new SessionFormatError('manifest.metrics.risk', 'expected an array of numbers')
    )
  })

  it('applies a longer chain in order and stops at a gap', () => {
    const bump = (from: number): Migration => ({
      from,
      describe: `${from}→${from + 1}`,
      migrate: (a) => ({
        ...a,
        manifest: { ...a.manifest, trail: [...(a.manifest.trail as number[]), from] }
      })
    })
    const start = { manifest: { trail: [] as number[] }, files: {} }
    const r = migrateArchive(start, 0, [bump(0), bump(1), bump(2)], 3)
    expect(r.archive.manifest.trail).toEqual([0, 1, 2])
    expect(r.applied).toEqual(['0→1', '1→2', '2→3'])
    expect(() => migrateArchive(start, 0, [bump(0), bump(2)], 3)).toThrow(
      /unknown format version 0/
    )
    expect(() => migrateArchive(start, 4, [], 3)).toThrow(/4: written by a newer version/)
  })
})

describe('committed fixtures', () => {
  const cases: [string, RegExp][] = [
    ['truncated.mflab', /^archive: truncated or damaged zip archive/],
    [
      'bad-crc.mflab',
      /^series\/risk\.f64: CRC-32 [0-9a-f]{8}, expected [0-9a-f]{8}: the data is damaged$/
    ],
    ['newer-version.mflab', /^manifest\.formatVersion: 2: written by a newer version/],
    ['bad-spec.mflab', /^manifest\.spec\.model\.width: Too small/]
  ]
  it.each(cases)('%s fails with its precise error', (name, message) => {
    expect(() => decodeSession(fixture(name))).toThrow(message)
  })

  it('v1-small.mflab loads', () => {
    const { session } = decodeSession(fixture('v1-small.mflab'))
    expect(session.series.risk.length).toBe(10)
    expect(session.checkpoint!.particles.m).toBe(8)
  })
})
