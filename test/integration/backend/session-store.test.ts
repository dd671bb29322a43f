import { createHash } from 'node:crypto'
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Autosaver } from '../../../src-main/backend/autosaver'
import { DataFileError } from '../../../src-main/backend/read-data-file'
import { loadSessionFile, saveSessionFile } from '../../../src-main/backend/session-store'
import { sampleSession } from '../../fixtures/session/sample-session'

const dir = mkdtempSync(join(tmpdir(), 'mflab-store-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const fixtures = join(__dirname, '../../fixtures/session')
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

async function loadError(file: string): Promise<DataFileError> {
  try {
    await loadSessionFile(file)
  } catch (e) {
    if (e instanceof DataFileError) return e
    throw e
  }
  throw new Error('loaded without error')
}

describe('session store on disk', () => {
  it('saves and loads a session, stamping updatedAt', async () => {
    const file = join(dir, 'round.mflab')
    const s = sampleSession({ records: 20 })
    const saved = await saveSessionFile(file, s, new Date('2026-03-04T05:06:07Z'))
    expect(saved.updatedAt).toBe('2026-03-04T05:06:07.000Z')
    const back = (await loadSessionFile(file)).session
    expect(back.updatedAt).toBe(saved.updatedAt)
    expect(back.series.risk).toEqual(s.series.risk)
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([])
  })

  it.each([
    ['truncated.mflab', 'archive: truncated or damaged zip archive'],
    ['bad-crc.mflab', 'series/risk.f64: CRC-32'],
    ['newer-version.mflab', 'manifest.formatVersion: 2: written by a newer version'],
    ['bad-spec.mflab', 'manifest.spec.model.width: Too small']
  ])('%s: a precise error and the file bytes untouched', async (name, start) => {
    const file = join(dir, name)
    copyFileSync(join(fixtures, name), file)
    const before = sha(file)
    const e = await loadError(file)
    expect(e.message.startsWith(`${file}: ${start}`)).toBe(true)
    expect(sha(file)).toBe(before)
  })

  it('a missing file is a one-line error', async () => {
    expect((await loadError(join(dir, 'nope.mflab'))).message).toBe(
      `${join(dir, 'nope.mflab')}: file: no such file`
    )
  })

  it('a failed save leaves the previous file as it was and no temp file', async () => {
    const file = join(dir, 'keep.mflab')
    await saveSessionFile(file, sampleSession({ records: 5 }))
    const before = sha(file)
    const bad = sampleSession({ records: 5 })
    bad.series.risk = bad.series.risk.subarray(2)
    await expect(saveSessionFile(file, bad)).rejects.toThrow(/unequal lengths/)
    await expect(
      saveSessionFile(join(dir, 'no-such-dir', 'x.mflab'), sampleSession())
    ).rejects.toThrow(/ENOENT/)
    expect(sha(file)).toBe(before)
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([])
  })

  it('autosaves on its interval, never two saves at once, and flushes on demand', async () => {
    const file = join(dir, 'auto.mflab')
    let step = 0
    let active = 0
    let maxActive = 0
    const saver = new Autosaver({
      intervalSeconds: 1,
      save: async () => {
        active++
        maxActive = Math.max(maxActive, active)
        await new Promise((r) => setTimeout(r, 50))
        active--
        await saveSessionFile(file, { ...sampleSession({ records: 3 }), step: ++step })
      }
    })
    saver.start()
    await new Promise((r) => setTimeout(r, 2300))
    await saver.flush()
    await saver.stop()
    expect(step).toBeGreaterThanOrEqual(3)
    expect(maxActive).toBe(1)
    expect((await loadSessionFile(file)).session.step).toBe(step)
  })

  it('overwrites a file that is not a session only when asked to save over it', async () => {
    const file = join(dir, 'junk.mflab')
    writeFileSync(file, 'not a session')
    await expect(loadSessionFile(file)).rejects.toThrow(/not a zip archive/)
    await saveSessionFile(file, sampleSession({ records: 2 }))
    expect((await loadSessionFile(file)).session.series.step.length).toBe(2)
  })
})

describe('temp files of dead writers', () => {
  it('are removed by the next successful save; live ones are kept', async () => {
    const file = join(dir, 'stale.mflab')
    const dead = join(dir, 'stale.mflab.tmp-999999999-abcd1234')
    const mine = join(dir, `stale.mflab.tmp-${process.ppid}-abcd1234`)
    writeFileSync(dead, 'half a session')
    writeFileSync(mine, 'a live writer')
    await saveSessionFile(file, sampleSession({ records: 2 }))
    const left = readdirSync(dir).filter((n) => n.startsWith('stale.mflab.tmp-'))
    expect(left).toEqual([`stale.mflab.tmp-${process.ppid}-abcd1234`])
  })
})
