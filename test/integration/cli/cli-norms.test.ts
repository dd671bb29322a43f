import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_STAMP } from '@shared/session/create-session'
import { COMMAND_HELP } from '../../../src-main/cli/command-help'
import { buildCli, cli } from './run-cli'

const dir = mkdtempSync(join(tmpdir(), 'mflab-norms-'))
beforeAll(buildCli)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('command-line norms', () => {
  it('mflab --version and -V print the version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await cli([flag], dir)
      expect(r.code).toBe(0)
      expect(r.stdout.trim()).toBe(`mflab ${APP_STAMP.version}`)
    }
  })

  it.each(Object.keys(COMMAND_HELP))('mflab %s --help prints its usage and exits 0', async (c) => {
    const r = await cli([c, '--help'], dir)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^usage: mflab ${c}\\b`))
    expect(r.stderr).toBe('')
    const short = await cli([c, '-h'], dir)
    expect(short.stdout).toBe(r.stdout)
  })

  it('mflab --help lists every command', async () => {
    const r = await cli(['--help'], dir)
    for (const c of Object.keys(COMMAND_HELP)) expect(r.stdout).toContain(`mflab ${c}`)
  })

  it('validate and export read a study too', async () => {
    const study = join(dir, 's.mflabstudy')
    const made = await cli(
      [
        'sweep',
        '--preset',
        'mmn-two-gaussians',
        '--size',
        'ci',
        '--param',
        'model.width',
        '--values',
        '10,20',
        '--seeds',
        '1',
        '--set',
        'dynamics.steps=500',
        '--set',
        'observe.observables=[]',
        '--backend',
        'js',
        '-o',
        study
      ],
      dir
    )
    expect(made.code, made.stderr).toBe(0)
    const v = await cli(['validate', study], dir)
    expect(v.code, v.stderr).toBe(0)
    expect(v.stdout).toMatch(
      /^ok .*s\.mflabstudy: study '.*', 2 runs over model\.width: 2 completed/
    )
    const csv = await cli(['export', study, '--format', 'csv'], dir)
    expect(csv.code, csv.stderr).toBe(0)
    const lines = csv.stdout.trim().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/^index,model\.width,seed,status,step,seconds,/)
    expect(lines[1]).toMatch(/^0,10,1,completed,500,/)
    const json = await cli(['export', study], dir)
    const parsed = JSON.parse(json.stdout) as { kind: string; runs: { value: number }[] }
    expect(parsed.kind).toBe('study')
    expect(parsed.runs.map((r) => r.value)).toEqual([10, 20])
    copyFileSync(study, join(dir, 'renamed.mflab'))
    expect((await cli(['validate', join(dir, 'renamed.mflab')], dir)).stdout).toMatch(/study/)
  }, 60_000)
})
