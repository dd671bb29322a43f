import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession } from '@shared/session/create-session'
import { encodeSession } from '@shared/session/encode-session'
import { withCsvTask } from '@shared/spec/csv-task-spec'
import { presetSpec } from '@shared/spec/presets'
import { Library } from '../../../src-main/backend/library'
import { createLabBackend } from '../../../src-main/backend/lab-backend'
import { loadSessionFile, saveSessionFile } from '../../../src-main/backend/session-store'
import { workerBundle } from './worker-bundle'

let workerPath: string
const dir = mkdtempSync(join(tmpdir(), 'mflab-listing-'))
const LARGE = 5
const ROWS = 400_000 // × (4 features + 1 label) float64 = 16 MB of numbers a file

beforeAll(async () => {
  workerPath = await workerBundle()
  const spec = presetSpec('mmn-two-gaussians', { size: 'ci' })
  let state = 12345
  const noise = (n: number) =>
    Float64Array.from(
      { length: n },
      () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5
    )
  for (let i = 0; i < LARGE; i++) {
    const s = createSession(withCsvTask(spec, { n: ROWS, d: 4 }, 'big.csv'))
    s.data = { x: noise(ROWS * 4), y: noise(ROWS) }
    writeFileSync(join(dir, `large-${i}.mflab`), encodeSession(s))
  }
  // damaged: a large file cut in half, and one with its bytes flipped past the first entry
  const whole = readFileSync(join(dir, 'large-0.mflab'))
  writeFileSync(join(dir, 'cut.mflab'), whole.subarray(0, whole.length >> 1))
  const flipped = Buffer.from(whole)
  for (let i = 4096; i < flipped.length; i += 997) flipped[i] ^= 0xff
  writeFileSync(join(dir, 'flipped.mflab'), flipped)
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `work` while a 1 ms timer ticks; the longest gap between ticks is how long the loop stalled. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now()
  let stallMs = 0
  const timer = setInterval(() => {
    const now = performance.now()
    stallMs = Math.max(stallMs, now - last)
    last = now
  }, 1)
  try {
    const result = await work()
    return { result, stallMs: Math.max(stallMs, performance.now() - last) }
  } finally {
    clearInterval(timer)
  }
}

describe('session listings are decoded off the event loop', () => {
  it('a folder of large and damaged files does not stall a concurrent request', async () => {
    // the same folder decoded on this thread: the stall the worker must take away
    const inThread = new Library(dir, {
      load: async (p) => (await loadSessionFile(p)).session,
      save: (p, s) => saveSessionFile(p, s).then(() => undefined)
    })
    const before = await longestStall(() => inThread.list())
    expect(before.result.entries).toHaveLength(LARGE)
    expect(before.result.unreadable.map((u) => u.fileName).sort()).toEqual([
      'cut.mflab',
      'flipped.mflab'
    ])

    const backend = createLabBackend({ sessionsDir: dir, workerPath })
    try {
      await backend.listPresets() // the backend is ready, and the decoder not started yet
      let answeredAt = 0
      let listedAt = 0
      const t0 = performance.now()
      const off = await longestStall(() =>
        Promise.all([
          backend.listSessions().then((l) => {
            listedAt = performance.now() - t0
            return l
          }),
          // a request arriving while the folder is being decoded
          new Promise((r) => setTimeout(r, 20)).then(() =>
            backend.listPresets().then(() => (answeredAt = performance.now() - t0))
          )
        ])
      )
      const listed = off.result[0]
      expect(listed.map((s) => s.fileName).sort()).toEqual(
        Array.from({ length: LARGE }, (_, i) => `large-${i}.mflab`)
      )
      console.log(
        `listing ${LARGE} × 16 MB + 2 damaged files: longest event-loop stall ` +
          `${before.stallMs.toFixed(0)} ms decoded in-thread, ${off.stallMs.toFixed(0)} ms off-thread; ` +
          `a concurrent request answered at ${answeredAt.toFixed(0)} ms, the listing at ${listedAt.toFixed(0)} ms`
      )
      expect(answeredAt).toBeLessThan(listedAt)
      expect(off.stallMs).toBeLessThan(before.stallMs / 2)
      expect(off.stallMs).toBeLessThan(250)
    } finally {
      await backend.shutdown()
    }
  }, 120_000)
})
