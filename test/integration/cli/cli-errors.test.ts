import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, cli, type CliResult } from './run-cli'

const dir = mkdtempSync(join(tmpdir(), 'mflab-cli-err-'))
beforeAll(buildCli)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Exit 2, nothing on stdout, exactly one stderr line `mflab: …` matching `pattern`, no stack. */
function expectUsageError(r: CliResult, pattern: RegExp): void {
  expect(r.code).toBe(2)
  const lines = r.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^mflab: /)
  expect(lines[0]).toMatch(pattern)
  expect(r.stderr).not.toMatch(/\n\s+at /)
  expect(r.stdout).toBe('')
}

describe('mflab: bad input gives exit 2 and one line', () => {
  it('no command, unknown command and unknown option', async () => {
    expectUsageError(await cli([], dir), /^mflab: missing command/)
    expectUsageError(await cli(['frobnicate'], dir), /unknown command 'frobnicate'/)
    expectUsageError(await cli(['presets', '--colour'], dir), /presets: unknown option --colour/)
  })

  it('bad preset', async () => {
    expectUsageError(
      await cli(['new', '--preset', 'nope', '-o', 'x.mflab'], dir),
      /unknown preset 'nope' \(known: mmn-two-gaussians, lazy-vs-mean-field, .*label-noise-dof\)/
    )
  })

  it('bad --set: out of range, unknown field, malformed', async () => {
    const base = ['new', '--preset', 'mmn-two-gaussians', '--size', 'ci', '-o', 'x.mflab']
    expectUsageError(
      await cli([...base, '--set', 'model.width=0'], dir),
      /--set model\.width: Too small/
    )
    expectUsageError(
      await cli([...base, '--set', 'model.widht=10'], dir),
      /--set model\.widht: unknown field/
    )
    expectUsageError(
      await cli([...base, '--set', 'model.width'], dir),
      /--set model\.width: expected path=value/
    )
    expectUsageError(
      await cli([...base, '--size', 'huge'], dir),
      /--size must be one of ci, default, paper/
    )
  })

  it('missing file for run, validate and export', async () => {
    for (const cmd of ['run', 'validate', 'export'])
      expectUsageError(await cli([cmd, 'missing.mflab'], dir), /missing\.mflab: file: no such file/)
    expectUsageError(await cli(['run'], dir), /run: missing session file/)
  })

  it('corrupt files name the bad part', async () => {
    const fixtures = join(__dirname, '../../fixtures/session')
    for (const [name, pattern] of [
      ['truncated.mflab', /truncated\.mflab: archive: truncated or damaged zip archive/],
      ['bad-crc.mflab', /bad-crc\.mflab: series\/risk\.f64: CRC-32/],
      ['newer-version.mflab', /manifest\.formatVersion: 2: written by a newer version/],
      ['bad-spec.mflab', /manifest\.spec\.model\.width: Too small/]
    ] as const) {
      copyFileSync(join(fixtures, name), join(dir, name))
      expectUsageError(await cli(['validate', name], dir), pattern)
      expectUsageError(await cli(['run', name], dir), pattern)
    }
  })

  it('bad run options', async () => {
    copyFileSync(join(__dirname, '../../fixtures/session/v1-small.mflab'), join(dir, 'ok.mflab'))
    expectUsageError(
      await cli(['run', 'ok.mflab', '--backend', 'cuda'], dir),
      /--backend must be one of auto, webgpu, webasm, cpu, js/
    )
    expectUsageError(
      await cli(['run', 'ok.mflab', '--steps=-5'], dir),
      /--steps must be a whole number ≥ 0, got '-5'/
    )
    expectUsageError(
      await cli(['run', 'ok.mflab', '--steps', '-5'], dir),
      /--steps needs a value \(write --steps=VALUE/
    )
    expectUsageError(await cli(['run', 'ok.mflab', '--steps'], dir), /run: --steps needs a value$/)
    expectUsageError(
      await cli(['export', 'ok.mflab', '--format', 'xml'], dir),
      /--format must be one of json, csv/
    )
  })

  it('new refuses to overwrite without --force', async () => {
    const args = ['new', '--preset', 'mmn-two-gaussians', '--size', 'ci', '-o', 'twice.mflab']
    expect((await cli(args, dir)).code).toBe(0)
    expectUsageError(await cli(args, dir), /twice\.mflab exists \(use --force to overwrite\)/)
    expect((await cli([...args, '--force'], dir)).code).toBe(0)
  })
})
