import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSessionFile } from '../../../src-main/backend/session-store'
import { buildCli, cli, lastJson, startCli } from './run-cli'
import { listPresets } from '@shared/spec/presets'

const dir = mkdtempSync(join(tmpdir(), 'mflab-cli-run-'))
beforeAll(buildCli)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const SUMMARY_KEYS = [
  'backend',
  'claims',
  'metrics',
  'output',
  'seconds',
  'status',
  'steps',
  'stepsPerSecond',
  'stepsRun'
]

async function newCi(name: string, ...sets: string[]): Promise<void> {
  const r = await cli(
    [
      'new',
      '--preset',
      'mmn-two-gaussians',
      '--size',
      'ci',
      '-o',
      name,
      ...sets.flatMap((s) => ['--set', s])
    ],
    dir
  )
  expect(r.code, r.stderr).toBe(0)
  expect(lastJson(r)).toMatchObject({ output: name, preset: 'mmn-two-gaussians', size: 'ci' })
}

describe('mflab new → run → validate → export', () => {
  it('runs the ci preset to the end; the risk falls; the summary is one JSON line', async () => {
    await newCi('ci.mflab')
    const r = await cli(['run', 'ci.mflab', '--backend', 'js', '-o', 'ci-done.mflab'], dir)
    expect(r.code, r.stderr).toBe(0)
    const summary = lastJson(r)
    expect(Object.keys(summary).sort()).toEqual(SUMMARY_KEYS)
    expect(summary).toMatchObject({
      status: 'completed',
      backend: 'js',
      steps: 20000,
      stepsRun: 20000,
      output: 'ci-done.mflab'
    })
    // the preset's claims are judged on the finished run (values checked in presets-claims.test.ts)
    expect((summary.claims as { id: string }[]).map((c) => c.id)).toContain('risk-falls')
    expect(summary.stepsPerSecond as number).toBeGreaterThan(0)
    const { session } = await loadSessionFile(join(dir, 'ci-done.mflab'))
    const risk = session.series.risk
    expect(risk.length).toBe(21)
    expect((summary.metrics as { risk: number }).risk).toBe(risk[risk.length - 1])
    expect(risk[risk.length - 1]).toBeLessThan(0.5 * risk[0])
    expect(session.snapshots.map((s) => s.step)).toEqual([0, 10000, 20000])
    expect(session.histograms.length).toBeGreaterThan(0)
    expect(session.checkpoint?.step).toBe(20000)
    // the input file is left as it was
    expect((await loadSessionFile(join(dir, 'ci.mflab'))).session.status).toBe('created')
  })

  it('says once, on stderr, why a requested PDE overlay does not apply', async () => {
    // full-batch GD on a training set is not the one-pass SGD the PDE describes
    await newCi('gd-pde.mflab', 'dynamics.kind=gd', 'dynamics.steps=200', 'observe.every=100')
    const r = await cli(['run', 'gd-pde.mflab', '--backend', 'js', '-o', 'gd-pde-done.mflab'], dir)
    expect(r.code, r.stderr).toBe(0)
    const notes = r.stderr.split('\n').filter((l) => l.includes('no PDE overlay'))
    expect(notes).toEqual([
      "mflab: note: no PDE overlay for this run: dynamics 'gd' is not online SGD"
    ])
    const { session } = await loadSessionFile(join(dir, 'gd-pde-done.mflab'))
    expect(session.series.pdeRisk).toBeUndefined()
  })

  it('validate describes the session; export writes JSON and CSV', async () => {
    const v = await cli(['validate', 'ci-done.mflab'], dir)
    expect(v.code).toBe(0)
    expect(v.stdout).toMatch(
      /^ok ci-done\.mflab: 'SGD vs PDE: two Gaussians', completed at step 20000\/20000, 21 records/
    )
    const vj = lastJson(await cli(['validate', 'ci-done.mflab', '--json'], dir))
    expect(vj).toMatchObject({
      ok: true,
      formatVersion: 1,
      status: 'completed',
      records: 21,
      checkpointStep: 20000
    })

    const j = await cli(['export', 'ci-done.mflab', '--format', 'json'], dir)
    expect(j.code).toBe(0)
    const data = JSON.parse(j.stdout) as {
      series: Record<string, number[]>
      spec: { model: { width: number } }
    }
    expect(data.series.risk).toHaveLength(21)
    expect(data.spec.model.width).toBe(100)

    const c = await cli(['export', 'ci-done.mflab', '--format', 'csv', '-o', 'series.csv'], dir)
    expect(c.code).toBe(0)
    const lines = readFileSync(join(dir, 'series.csv'), 'utf8').trim().split('\n')
    expect(lines[0].split(',').slice(0, 2)).toEqual(['step', 'time'])
    expect(lines[0].split(',')).toContain('risk')
    expect(lines).toHaveLength(22)
    expect(lines[21].split(',')[0]).toBe('20000')
  })

  it('--resume without a checkpoint is a usage error', async () => {
    const r = await cli(['run', 'ci.mflab', '--resume'], dir)
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe(
      'mflab: run: ci.mflab has no checkpoint to resume from (status created); run it without --resume'
    )
  })

  it('SIGINT saves a resumable session (exit 130); --resume continues to the end and the steps add up', async () => {
    await newCi('int.mflab')
    let sent = false
    const run = startCli(
      ['run', 'int.mflab', '--backend', 'js', '--progress', '--max-speed', '4000'],
      dir,
      (err, child) => {
        if (!sent && /progress: step [1-9]/.test(err)) {
          sent = true
          child.kill('SIGINT')
        }
      }
    )
    const first = await run.done
    expect(first.code, first.stderr).toBe(130)
    const s1 = lastJson(first)
    expect(s1.status).toBe('stopped')
    const stoppedAt = s1.steps as number
    expect(stoppedAt).toBeGreaterThan(0)
    expect(stoppedAt).toBeLessThan(20000)
    expect(first.stderr).toMatch(/mflab: interrupted: saving a resumable session/)
    const stopped = (await loadSessionFile(join(dir, 'int.mflab'))).session
    expect(stopped.status).toBe('stopped')
    expect(stopped.checkpoint?.step).toBe(stoppedAt)

    const second = await cli(['run', 'int.mflab', '--resume', '--backend', 'js'], dir)
    expect(second.code, second.stderr).toBe(0)
    const s2 = lastJson(second)
    expect(s2).toMatchObject({ status: 'completed', steps: 20000, stepsRun: 20000 - stoppedAt })
    const done = (await loadSessionFile(join(dir, 'int.mflab'))).session
    const steps = Array.from(done.series.step)
    expect(steps).toEqual(Array.from({ length: 21 }, (_, i) => i * 1000))

    // Same backend, same result: the interrupted run ends where the uninterrupted one does.
    const whole = (await loadSessionFile(join(dir, 'ci-done.mflab'))).session
    expect(done.series.risk).toEqual(whole.series.risk)
    expect(done.checkpoint!.particles.w).toEqual(whole.checkpoint!.particles.w)
  })

  it('autosaves while running; after a SIGKILL the autosave resumes to the end', async () => {
    await newCi('auto.mflab', 'compute.autosaveSeconds=1')
    let killed = false
    const run = startCli(
      ['run', 'auto.mflab', '--backend', 'js', '--progress', '--max-speed', '3000'],
      dir,
      (err, child) => {
        // the first progress line after the second autosave interval
        if (!killed && /progress: step ([4-9]\d{3}|1\d{4})\//.test(err)) {
          killed = true
          setTimeout(() => child.kill('SIGKILL'), 300)
        }
      }
    )
    const r = await run.done
    expect(r.signal).toBe('SIGKILL')
    const saved = (await loadSessionFile(join(dir, 'auto.mflab'))).session
    expect(saved.status).toBe('running')
    const at = saved.checkpoint!.step
    expect(at).toBeGreaterThan(0)
    expect(saved.series.step.at(-1)).toBeLessThanOrEqual(at)
    const resumed = await cli(['run', 'auto.mflab', '--resume', '--backend', 'js'], dir)
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(lastJson(resumed)).toMatchObject({
      status: 'completed',
      steps: 20000,
      stepsRun: 20000 - at
    })
    const done = (await loadSessionFile(join(dir, 'auto.mflab'))).session
    expect(Array.from(done.series.step)).toEqual(Array.from({ length: 21 }, (_, i) => i * 1000))
  })

  it('--steps sets the total length and extends a completed run with --resume', async () => {
    const r = await cli(
      ['run', 'ci-done.mflab', '--resume', '--steps', '22000', '-o', 'longer.mflab'],
      dir
    )
    expect(r.code, r.stderr).toBe(0)
    expect(lastJson(r)).toMatchObject({ status: 'completed', steps: 22000, stepsRun: 2000 })
    const s = (await loadSessionFile(join(dir, 'longer.mflab'))).session
    expect(s.spec.dynamics.steps).toBe(22000)
    expect(Array.from(s.series.step).slice(-3)).toEqual([20000, 21000, 22000])
    expect(existsSync(join(dir, 'longer.mflab'))).toBe(true)
  })

  it('a diverging run saves a failed session, says why on one line and exits 2', async () => {
    const made = await cli(
      [
        'new',
        '--preset',
        'langevin-free-energy',
        '--size',
        'ci',
        '--set',
        'dynamics.stepSize=200',
        '-o',
        'div.mflab'
      ],
      dir
    )
    expect(made.code).toBe(0)
    const r = await cli(['run', 'div.mflab', '--backend', 'js'], dir)
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^mflab: run failed at step \d+: NaN\/Inf .*step size 200/)
    expect(lastJson(r).status).toBe('failed')
    const s = (await loadSessionFile(join(dir, 'div.mflab'))).session
    expect(s.status).toBe('failed')
    expect(s.message).toMatch(/^DivergenceError: /)
  })

  it('presets and schema print machine-readable output', async () => {
    const p = JSON.parse((await cli(['presets', '--json'], dir)).stdout) as { id: string }[]
    expect(p.map((x) => x.id)).toEqual(listPresets().map((x) => x.id))
    expect(p).toHaveLength(9)
    const s = await cli(['schema'], dir)
    expect(s.code).toBe(0)
    const schema = JSON.parse(s.stdout) as { $schema: string; properties: Record<string, unknown> }
    expect(schema.$schema).toMatch(/2020-12/)
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['task', 'model', 'dynamics', 'observe', 'compute'])
    )
  })
})
