import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadStudyFile } from '../../../src-main/backend/study-runner'
import { buildCli, cli, startCli } from '../cli/run-cli'

const dir = mkdtempSync(join(tmpdir(), 'mflab-sweep-kill-'))
beforeAll(buildCli)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// the first run must outlast the kill 2.5 s after its first progress line: at 300 000 steps it
// ended first once the one-pass SGD step got faster (~150 000 steps/s here); 10⁶ lasts ~7 s
const STEPS = 1_000_000
/** Two runs one after the other, long enough (seconds each) to be killed inside the first. */
const SWEEP = [
  'sweep',
  '--preset',
  'mmn-two-gaussians',
  '--size',
  'ci',
  '--param',
  'model.width',
  '--values',
  '20,40',
  '--seeds',
  '1',
  '--backend',
  'js',
  '--jobs',
  '1',
  '--set',
  `dynamics.steps=${STEPS}`,
  '--set',
  'compute.autosaveSeconds=1',
  '--progress'
]

describe('a killed sweep keeps its in-flight run', () => {
  it('kill -9 mid-run: the study holds the run past step 0, and --resume continues it to the same end', async () => {
    let killAt = 0
    const { done } = startCli([...SWEEP, '-o', 'killed.mflabstudy'], dir, (stderr, child) => {
      // 2.5 s after the first progress line: two or more autosave intervals into the first run
      if (!killAt && /progress: sweep/.test(stderr)) {
        killAt = Date.now()
        setTimeout(() => child.kill('SIGKILL'), 2500)
      }
    })
    const killed = await done
    expect(killed.signal, killed.stderr).toBe('SIGKILL')
    expect(killed.stderr).not.toMatch(/\[1\/2\]/) // the first run had not ended

    const saved = await loadStudyFile(join(dir, 'killed.mflabstudy'))
    const first = saved.runs[0].session
    const at = first.checkpoint?.step ?? 0
    console.info(`killed at step ${at} of ${STEPS} (records up to ${first.series.step.at(-1)})`)
    expect(at).toBeGreaterThan(0)
    expect(at).toBeLessThan(STEPS)
    // the checkpoint and the records agree: the last record is the checkpoint's step
    expect(first.series.step.at(-1)).toBe(at)

    const resumed = await cli(
      ['sweep', '--resume', '-o', 'killed.mflabstudy', '--backend', 'js', '--progress'],
      dir
    )
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.stderr).toMatch(/2 of 2 runs to do/)
    // it continues from the autosave, not from step 0
    expect(resumed.stderr).toContain(`run 1/2 started (model.width=20, seed 1, from step ${at})`)
    const end = await loadStudyFile(join(dir, 'killed.mflabstudy'))
    const run = end.runs[0].session
    expect(run.status).toBe('completed')
    const every = run.spec.observe.every
    expect(Array.from(run.series.step)).toEqual(
      Array.from({ length: STEPS / every + 1 }, (_, i) => i * every)
    )

    // the same run uninterrupted ends at the same numbers: the resume continued the killed run
    const straight = await cli([...SWEEP, '--values', '20', '-o', 'straight.mflabstudy'], dir)
    expect(straight.code, straight.stderr).toBe(0)
    const whole = (await loadStudyFile(join(dir, 'straight.mflabstudy'))).runs[0].session
    expect(Array.from(run.series.risk)).toEqual(Array.from(whole.series.risk))
  }, 120_000)
})
