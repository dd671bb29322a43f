import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Rng } from '@shared/science/rng'
import { loadSessionFile } from '../../../src-main/backend/session-store'
import { buildCli, cli, lastJson, startCli } from '../cli/run-cli'

const dir = mkdtempSync(join(tmpdir(), 'mflab-random-kill-'))
const SPEED = 3000 // steps per second: the 20 000-step ci run takes ≈ 7 s
const AUTOSAVE_S = 1
const EVERY = 1000
const GRID = Array.from({ length: 21 }, (_, i) => i * EVERY)
let reference: Awaited<ReturnType<typeof loadSessionFile>>['session']

beforeAll(async () => {
  buildCli()
  const made = await cli(
    [
      'new',
      '--preset',
      'mmn-two-gaussians',
      '--size',
      'ci',
      '--set',
      `compute.autosaveSeconds=${AUTOSAVE_S}`,
      '--set',
      'compute.backend=js',
      '-o',
      'base.mflab'
    ],
    dir
  )
  expect(made.code, made.stderr).toBe(0)
  copyFileSync(join(dir, 'base.mflab'), join(dir, 'whole.mflab'))
  const whole = await cli(['run', 'whole.mflab'], dir)
  expect(whole.code, whole.stderr).toBe(0)
  reference = (await loadSessionFile(join(dir, 'whole.mflab'))).session
  expect(Array.from(reference.series.step)).toEqual(GRID)
}, 60_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The step of the last progress line printed before the kill. */
function lastProgress(stderr: string): number {
  const m = [...stderr.matchAll(/progress: step (\d+)\//g)]
  return m.length ? Number(m[m.length - 1][1]) : 0
}

describe('kills lose at most one autosave interval, and resume without gaps', () => {
  // seeded kill times: the same trials on every machine
  const rng = new Rng(15, 'kill-times')
  const delays = [0, 1, 2].map(() => Math.round(1500 + 3500 * rng.uniform()))

  it.each(delays)(
    'kill -9 after %i ms: records agree with the checkpoint and resume equals an uninterrupted run',
    async (delay) => {
      const file = `kill-${delay}.mflab`
      copyFileSync(join(dir, 'base.mflab'), join(dir, file))
      const run = startCli(['run', file, '--progress', '--max-speed', String(SPEED)], dir)
      setTimeout(() => run.child.kill('SIGKILL'), delay)
      const killed = await run.done
      expect(killed.signal).toBe('SIGKILL')
      const saved = (await loadSessionFile(join(dir, file))).session
      const at = saved.checkpoint?.step ?? 0
      // the checkpoint and the records agree: every record up to it, none after, no gap
      const upTo = GRID.filter((s) => s <= at)
      if (at > 0) expect(Array.from(saved.series.step)).toEqual(upTo)
      // at most one autosave interval (plus the chunk and the progress line's lag) is lost
      expect(lastProgress(killed.stderr) - at).toBeLessThanOrEqual(2 * AUTOSAVE_S * SPEED + EVERY)

      const resumed = await cli(['run', file, at > 0 ? '--resume' : '--progress'], dir)
      expect(resumed.code, resumed.stderr).toBe(0)
      const done = (await loadSessionFile(join(dir, file))).session
      expect(Array.from(done.series.step)).toEqual(GRID)
      expect(done.series.risk).toEqual(reference.series.risk)
      expect(done.checkpoint!.particles.w).toEqual(reference.checkpoint!.particles.w)
    },
    60_000
  )

  it.each(['SIGTERM', 'SIGHUP'] as const)(
    '%s saves a resumable session like Ctrl-C (exit 130)',
    async (signal) => {
      const file = `${signal}.mflab`
      copyFileSync(join(dir, 'base.mflab'), join(dir, file))
      let sent = false
      const run = startCli(
        ['run', file, '--progress', '--max-speed', String(SPEED)],
        dir,
        (err, child) => {
          if (!sent && /progress: step [1-9]/.test(err)) {
            sent = true
            child.kill(signal)
          }
        }
      )
      const r = await run.done
      expect(r.code, r.stderr).toBe(130)
      expect(lastJson(r).status).toBe('stopped')
      const saved = (await loadSessionFile(join(dir, file))).session
      expect(saved.status).toBe('stopped')
      expect(saved.checkpoint!.step).toBe(saved.step)
    },
    60_000
  )
})
