import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadStudyFile } from '../../../src-main/backend/study-runner'
import { buildCli, cli, lastJson, startCli, type CliResult } from '../cli/run-cli'

const dir = mkdtempSync(join(tmpdir(), 'mflab-sweep-'))
beforeAll(buildCli)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const WIDTH_SWEEP = [
  'sweep',
  '--preset',
  'mmn-two-gaussians',
  '--size',
  'ci',
  '--param',
  'model.width',
  '--values',
  '20,80',
  '--seeds',
  '1,2',
  '--backend',
  'js'
]

interface Summary {
  status: string
  runs: number
  seconds: number
  summary: { value: number; meanRisk: number; stdErr: number; n: number }[]
  fit?: { slope: number; intercept: number; r2: number }
  output: string
}

function expectUsageError(r: CliResult, pattern: RegExp): void {
  expect(r.code).toBe(2)
  const lines = r.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^mflab: sweep: /)
  expect(lines[0]).toMatch(pattern)
  expect(r.stderr).not.toMatch(/\n\s+at /)
  expect(r.stdout).toBe('')
}

let straight: Summary

describe('mflab sweep', () => {
  it('runs a width sweep (20, 80 × 2 seeds) and prints the study summary last', async () => {
    const r = await cli([...WIDTH_SWEEP, '-o', 'width.mflabstudy'], dir)
    expect(r.code, r.stderr).toBe(0)
    const s = lastJson(r) as unknown as Summary
    straight = s
    expect(Object.keys(s).sort()).toEqual(['fit', 'output', 'runs', 'seconds', 'status', 'summary'])
    expect(s).toMatchObject({ status: 'completed', runs: 4, output: 'width.mflabstudy' })
    expect(s.summary.map((v) => [v.value, v.n])).toEqual([
      [20, 2],
      [80, 2]
    ])
    for (const v of s.summary) {
      expect(Object.keys(v).sort()).toEqual(['meanRisk', 'n', 'stdErr', 'value'])
      expect(v.meanRisk).toBeGreaterThan(0)
      expect(v.stdErr).toBeGreaterThanOrEqual(0)
    }
    // t = 8 at ci size: 20 neurons are far from the mean-field limit, 80 much nearer.
    expect(s.summary[1].meanRisk).toBeLessThan(s.summary[0].meanRisk)
    expect(s.fit!.slope).toBeGreaterThan(0)
    expect(s.fit!.r2).toBeGreaterThanOrEqual(0)
    expect(s.fit!.r2).toBeLessThanOrEqual(1)
    // One stderr line per finished run.
    expect(r.stderr.match(/^sweep: \[\d\/4\] run \d .* risk /gm)).toHaveLength(4)

    const study = await loadStudyFile(join(dir, 'width.mflabstudy'))
    expect(study.runs.map((x) => [x.value, x.seed, x.session.status])).toEqual([
      [20, 1, 'completed'],
      [20, 2, 'completed'],
      [80, 1, 'completed'],
      [80, 2, 'completed']
    ])
    for (const run of study.runs) {
      expect(run.session.spec.model.width).toBe(run.value)
      expect(run.session.series.risk.length).toBe(21)
      expect(run.session.backend?.actual).toBe('js')
    }
    const finals = (w: number) =>
      study.runs.filter((x) => x.value === w).map((x) => x.session.summary.risk)
    const spread = (w: number) => Math.abs(finals(w)[0] - finals(w)[1]) / Math.SQRT2
    expect(s.summary[0].meanRisk).toBeCloseTo((finals(20)[0] + finals(20)[1]) / 2, 12)
    expect(s.summary[0].stdErr).toBeCloseTo(spread(20) / Math.SQRT2, 12)
    // Two seeds do not resolve the spread's 1/√M decay at this size; report what was measured.
    console.info(
      `seed sd of the final risk: M=20 ${spread(20).toFixed(4)}, M=80 ${spread(80).toFixed(4)}; ` +
        `fit slope ${s.fit!.slope.toFixed(3)}, intercept ${s.fit!.intercept.toFixed(3)}, R² ${s.fit!.r2.toFixed(3)}`
    )
  })

  it('Ctrl-C saves a resumable study; --resume finishes it with the same results', async () => {
    let sent = false
    const { done } = startCli(
      [...WIDTH_SWEEP, '--jobs', '1', '-o', 'resume.mflabstudy'],
      dir,
      (stderr, child) => {
        if (!sent && /\[1\/4\]/.test(stderr)) {
          sent = true
          child.kill('SIGINT')
        }
      }
    )
    const first = await done
    expect(first.code, first.stderr).toBe(130)
    expect(lastJson(first)).toMatchObject({ status: 'stopped', runs: 4 })
    const saved = await loadStudyFile(join(dir, 'resume.mflabstudy'))
    const statuses = saved.runs.map((x) => x.session.status)
    expect(statuses[0]).toBe('completed')
    expect(statuses.filter((x) => x !== 'completed').length).toBeGreaterThan(0)

    const second = await cli(['sweep', '--resume', '-o', 'resume.mflabstudy'], dir)
    expect(second.code, second.stderr).toBe(0)
    const s = lastJson(second) as unknown as Summary
    expect(s.status).toBe('completed')
    expect(second.stderr).toMatch(
      new RegExp(`${statuses.filter((x) => x !== 'completed').length} of 4 runs to do`)
    )
    // Resumed runs continue from their checkpoints: the same numbers as the straight sweep.
    for (let i = 0; i < 2; i++) {
      expect(s.summary[i].meanRisk).toBeCloseTo(straight.summary[i].meanRisk, 9)
      expect(s.summary[i].stdErr).toBeCloseTo(straight.summary[i].stdErr, 9)
    }
  })

  it('bad input: one line, exit 2', async () => {
    expectUsageError(await cli(['sweep', '--preset', 'mmn-two-gaussians'], dir), /missing -o FILE/)
    const base = ['sweep', '--preset', 'mmn-two-gaussians', '--size', 'ci', '-o', 'x.mflabstudy']
    expectUsageError(await cli([...base, '--values', '20'], dir), /missing --param PATH/)
    expectUsageError(
      await cli([...base, '--param', 'model.width', '--values', '20,0'], dir),
      /--values 0: model\.width: Too small/
    )
    expectUsageError(
      await cli([...base, '--param', 'model.widht', '--values', '20'], dir),
      /model\.widht: unknown field/
    )
    expectUsageError(
      await cli([...base, '--param', 'model.width', '--values', '20', '--seeds', '1,a'], dir),
      /--seeds: 'a' is not a whole number/
    )
    expectUsageError(
      await cli([...base, '--param', 'model.width', '--values', '20', '--jobs', '0'], dir),
      /--jobs must be a whole number ≥ 1/
    )
    expectUsageError(
      await cli([...WIDTH_SWEEP, '-o', 'one.mflab'], dir),
      /a study is saved as \.mflabstudy/
    )
    expectUsageError(
      await cli([...WIDTH_SWEEP, '-o', 'width.mflabstudy'], dir),
      /width\.mflabstudy exists \(use --resume/
    )
    expectUsageError(
      await cli(['sweep', '--resume', '-o', 'missing.mflabstudy'], dir),
      /missing\.mflabstudy: file: no such file/
    )
    expectUsageError(
      await cli(['sweep', '--resume', '--preset', 'x', '-o', 'width.mflabstudy'], dir),
      /--preset cannot be used with --resume/
    )
    copyFileSync(
      join(__dirname, '../../fixtures/session/v1-small.mflab'),
      join(dir, 'run.mflabstudy')
    )
    expectUsageError(
      await cli(['sweep', '--resume', '-o', 'run.mflabstudy'], dir),
      /run\.mflabstudy: manifest\.kind: missing: this looks like a single-run \.mflab session/
    )
  })
})
