import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Throttle } from '../../../src-main/backend/event-throttle'
import { Library, idFromFileName, slugify } from '../../../src-main/backend/library'
import { createLabBackend } from '../../../src-main/backend/lab-backend'
import { loadSessionFile, saveSessionFile } from '../../../src-main/backend/session-store'
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from '../../../src-main/backend/settings'
import { sampleSession } from '../../fixtures/session/sample-session'

const dirs: string[] = []
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mflab-parts-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe('Throttle', () => {
  it('passes the first value, thins the rest, and never loses the last one', async () => {
    let now = 0
    const seen: number[] = []
    const t = new Throttle<number>(
      100,
      (v) => seen.push(v),
      () => now
    )
    t.offer(1)
    now = 10
    t.offer(2)
    now = 20
    t.offer(3)
    expect(seen).toEqual([1])
    await new Promise((r) => setTimeout(r, 150))
    expect(seen).toEqual([1, 3])
    now = 300
    t.offer(4)
    expect(seen).toEqual([1, 3, 4])
  })
})

describe('settings', () => {
  it('falls back to defaults with a warning on a bad file and round-trips a good one', async () => {
    const dir = tempDir()
    const file = join(dir, 'settings.json')
    expect(await loadSettings(file)).toEqual({ settings: DEFAULT_SETTINGS, warning: null })
    writeFileSync(file, JSON.stringify({ maxConcurrentRuns: 0 }))
    const bad = await loadSettings(file)
    expect(bad.settings).toEqual(DEFAULT_SETTINGS)
    expect(bad.warning).toMatch(/maxConcurrentRuns/)
    await saveSettings(file, { ...DEFAULT_SETTINGS, maxConcurrentRuns: 3 })
    expect((await loadSettings(file)).settings.maxConcurrentRuns).toBe(3)
  })
})

describe('library', () => {
  it('gives every file a valid id, even names with spaces, and skips unreadable files', async () => {
    const dir = tempDir()
    await saveSessionFile(join(dir, 'My run (copy).mflab'), sampleSession({ records: 5 }))
    await saveSessionFile(join(dir, 'plain.mflab'), sampleSession({ records: 5 }))
    writeFileSync(join(dir, 'broken.mflab'), 'not a zip')
    const lib = new Library(dir, {
      load: async (p) => (await loadSessionFile(p)).session,
      save: async (p, s) => void (await saveSessionFile(p, s))
    })
    const { entries, unreadable } = await lib.list()
    expect(entries.map((e) => e.id).sort()).toEqual(['my-run-copy', 'plain'])
    expect(unreadable.map((u) => u.fileName)).toEqual(['broken.mflab'])
    expect((await lib.load('my-run-copy')).fileName).toBe('My run (copy).mflab')
    await expect(lib.load('nope')).rejects.toThrow(/no session 'nope'/)
    expect(slugify('Ünïcode — title!')).toBe('unicode-title')
    expect(idFromFileName('a.b-c.mflab')).toBe('a.b-c')
  })
})

describe('desktop file operations of the backend', () => {
  it('opens a session from elsewhere, saves it under another path and exports JSON and CSV', async () => {
    const dir = tempDir()
    const outside = join(dir, 'outside.mflab')
    await saveSessionFile(outside, sampleSession({ records: 7 }))
    const backend = createLabBackend({ sessionsDir: join(dir, 'sessions') })
    try {
      const opened = await backend.openSessionFile(outside)
      expect(opened.fileName).toBe('outside.mflab')
      expect((await backend.listSessions()).map((s) => s.id)).toContain(opened.id)
      const data = await backend.loadSession(opened.id)
      expect(data.series.step).toHaveLength(7)

      await backend.addNote(opened.id, 100, 'a note on an opened file')
      expect((await loadSessionFile(outside)).session.notes.at(-1)?.text).toBe(
        'a note on an opened file'
      )

      const copy = join(dir, 'copy.mflab')
      const saved = await backend.saveSessionAs(opened.id, copy)
      expect(saved.fileName).toBe('copy.mflab')
      expect((await loadSessionFile(copy)).session.series.step).toEqual(data.series.step)

      await backend.exportSession(opened.id, join(dir, 'out.csv'), 'csv')
      const csv = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n')
      expect(csv[0].split(',').slice(0, 2)).toEqual(['step', 'time'])
      expect(csv).toHaveLength(8)
      await backend.exportSession(opened.id, join(dir, 'out.json'), 'json')
      const json = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'))
      expect(json.series.step).toEqual(Array.from(data.series.step))
    } finally {
      await backend.shutdown()
    }
  })

  it('refuses to resume a completed session and explains why', async () => {
    const dir = tempDir()
    const s = sampleSession({ records: 3 })
    await saveSessionFile(join(dir, 'done.mflab'), {
      ...s,
      status: 'completed',
      step: s.spec.dynamics.steps
    })
    const backend = createLabBackend({ sessionsDir: dir })
    try {
      await expect(backend.controlRun('done', 'resume')).rejects.toThrow(/completed|no checkpoint/)
      await expect(backend.controlRun('missing', 'resume')).rejects.toThrow(/no session 'missing'/)
    } finally {
      await backend.shutdown()
    }
  })
})
