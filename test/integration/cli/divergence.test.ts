import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, cli } from './run-cli'

const dir = mkdtempSync(join(tmpdir(), 'mflab-diverge-'))
beforeAll(buildCli)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The failure line of a run's stderr (the one starting 'mflab: run failed'). */
function failureLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('mflab: run failed'))
}

/**
 * Settings that used to hang, "complete" with absurd risks or fail with a stack-level message:
 * each now ends with exit 2, one line naming the setting to change, and a saved session.
 */
const CASES: { name: string; preset: string; set: string[]; says: RegExp }[] = [
  {
    name: 'α = 10⁹ (risk 9·10¹⁸ used to "complete")',
    preset: 'mmn-two-gaussians',
    set: ['model.scaling=alpha', 'model.alpha=1e9'],
    says: /exploded .*model\.alpha/
  },
  {
    name: 'step size 1000 (used to hang in the PDE overlay)',
    preset: 'mmn-two-gaussians',
    set: ['dynamics.stepSize=1000'],
    says: /particles ran away.*step size 1000/
  },
  {
    name: 'bad-minimum-escape at step size 1000 (used to "complete" frozen at risk 9.86)',
    preset: 'bad-minimum-escape',
    set: ['dynamics.stepSize=1000'],
    says: /particles ran away.*mean ‖w‖ grew from 0\.0995 .*step size 1000/
  },
  {
    name: 'two-timescale at step size 10 (used to "complete" with train risk 1e-20, test risk 2310)',
    preset: 'two-timescale-kernel',
    set: ['dynamics.stepSize=10'],
    says: /particles ran away.*step size 10 is too large.*try ≤ 1$/
  },
  {
    name: 'propagation-of-chaos at step size 1000 (used to "complete" with mean ‖w‖ 3·10⁴)',
    preset: 'propagation-of-chaos',
    set: ['dynamics.stepSize=1000'],
    says: /particles ran away.*step size 1000/
  },
  {
    name: 'init std 10⁶',
    preset: 'mmn-two-gaussians',
    set: ['model.init.w.std=1e6'],
    says: /saturated.*model\.init\.w\.std/
  },
  {
    name: 'β = 10⁻⁶ (used to blame the step size)',
    preset: 'langevin-free-energy',
    set: ['dynamics.beta=1e-6'],
    says: /dynamics\.beta 0\.000001 is too small/
  },
  {
    name: 'label noise at step 1000 (used to exit 1 with "cholesky: …")',
    preset: 'label-noise-dof',
    set: ['dynamics.stepSize=1000'],
    // the particles run away (step 5) before a kernel solve fails (its message: simulation.test.ts)
    says: /particles ran away.*step size 1000/
  }
]

describe('divergence and absurd settings: exit 2, one line naming the setting, session saved', () => {
  it.each(CASES)(
    '$name',
    async ({ preset, set, says }) => {
      const file = join(dir, `${preset}-${set.join('_').replace(/[^\w.-]/g, '')}.mflab`)
      const made = await cli(
        [
          'new',
          '--preset',
          preset,
          '--size',
          'ci',
          ...set.flatMap((s) => ['--set', s]),
          '-o',
          file
        ],
        dir
      )
      expect(made.code).toBe(0)
      const t0 = Date.now()
      const r = await cli(['run', file], dir)
      expect(Date.now() - t0).toBeLessThan(30_000)
      expect(r.code).toBe(2)
      const lines = failureLines(r.stderr)
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(says)
      const v = await cli(['validate', file, '--json'], dir)
      expect(v.code).toBe(0)
      const saved = JSON.parse(v.stdout)
      expect(saved.status).toBe('failed')
      // a run that failed after it started keeps its records up to the failure
      const failedAt = Number(/run failed at step (\d+)/.exec(lines[0])?.[1] ?? 0)
      if (failedAt > 0) expect(saved.records).toBeGreaterThan(0)
    },
    60_000
  )

  it('step size 10 ends (here: the particles run away) with a note instead of hanging in the PDE overlay', async () => {
    const file = join(dir, 'step10.mflab')
    const made = await cli(
      [
        'new',
        '--preset',
        'mmn-two-gaussians',
        '--size',
        'ci',
        '--set',
        'dynamics.stepSize=10',
        '-o',
        file
      ],
      dir
    )
    expect(made.code).toBe(0)
    const r = await cli(['run', file], dir)
    expect(r.stderr).toMatch(
      /note: no PDE overlay for this run: the run's time 200000 .* at most 4,000 \(step size 10 is far beyond/
    )
    expect([0, 2]).toContain(r.code)
  }, 60_000)

  it('sizes that cannot fit are refused before anything is allocated, naming the field', async () => {
    const r = await cli(
      [
        'new',
        '--preset',
        'mmn-two-gaussians',
        '--set',
        'model.width=1000000',
        '-o',
        join(dir, 'w.mflab')
      ],
      dir
    )
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe(
      'mflab: new: --set model.width: width 10⁶ × d 40 needs 1.3 GB for the particles alone (the lab allows 1.0 GB per array); use a smaller width or dimension'
    )
  })
})
