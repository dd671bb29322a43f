import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeSession } from '@shared/session/decode-session'
import { encodeSession } from '@shared/session/encode-session'
import { loadSessionFile } from '../../../src-main/backend/session-store'
import { buildCli, cli, lastJson, ROOT } from './run-cli'

const dir = mkdtempSync(join(tmpdir(), 'mflab-csv-'))
const SAMPLE = join(ROOT, 'src-renderer/public/samples/sample-data.csv')
beforeAll(buildCli)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('your own data: a CSV loads from the CLI and travels inside the session', () => {
  it('mflab new --csv embeds the sample rows; the session runs after the CSV is gone', async () => {
    const csv = join(dir, 'mine.csv')
    copyFileSync(SAMPLE, csv)
    const made = await cli(
      ['new', '--preset', 'mmn-two-gaussians', '--size', 'ci', '--csv', csv, '-o', 'mine.mflab'],
      dir
    )
    expect(made.code, made.stderr).toBe(0)
    expect(lastJson(made).csv).toEqual({
      rows: 300,
      dim: 4,
      header: ['x1', 'x2', 'x3', 'x4', 'label']
    })
    rmSync(csv)
    // shared elsewhere: the file alone is enough, and it names its source without a path
    copyFileSync(join(dir, 'mine.mflab'), join(dir, 'shared.mflab'))
    const s = (await loadSessionFile(join(dir, 'shared.mflab'))).session
    expect(s.spec.task).toMatchObject({ kind: 'csv', dim: 4, trainSize: 240, testSize: 60 })
    expect(s.spec.task.kind === 'csv' && s.spec.task.source).toBe('mine.csv')
    expect(s.data.x).toHaveLength(300 * 4)
    expect(Array.from(s.data.y.subarray(0, 4))).toEqual([1, -1, 1, -1])
    const run = await cli(['run', 'shared.mflab', '--steps', '4000'], dir)
    expect(run.code, run.stderr).toBe(0)
    const summary = lastJson(run)
    expect(summary.status).toBe('completed')
    const risk = (summary.metrics as { risk: number }).risk
    expect(risk).toBeGreaterThan(0)
    expect(risk).toBeLessThan(1) // below the risk of predicting 0 (labels ±1): it learned
  }, 60_000)

  it('semicolons with decimal commas load; a bad cell is one line naming line and column', async () => {
    writeFileSync(join(dir, 'semi.csv'), 'a;b;y\n1,5;2;1\n3;4,5;-1\n0,5;1;1\n2;2,5;-1\n')
    const ok = await cli(
      ['new', '--preset', 'mmn-two-gaussians', '--csv', 'semi.csv', '-o', 'semi.mflab'],
      dir
    )
    expect(ok.code, ok.stderr).toBe(0)
    const s = (await loadSessionFile(join(dir, 'semi.mflab'))).session
    expect(Array.from(s.data.x)).toEqual([1.5, 2, 3, 4.5, 0.5, 1, 2, 2.5])
    writeFileSync(join(dir, 'bad.csv'), 'a,b\n1,x\n')
    const bad = await cli(
      ['new', '--preset', 'mmn-two-gaussians', '--csv', 'bad.csv', '-o', 'bad.mflab'],
      dir
    )
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim()).toBe(
      "mflab: new: --csv bad.csv: line 2, column 2 ('b'): 'x' is not a number"
    )
  })

  it('a CSV task without its rows is refused at validation, not at every step', async () => {
    const { session } = decodeSession(
      new Uint8Array(
        await import('node:fs/promises').then((f) => f.readFile(join(dir, 'mine.mflab')))
      )
    )
    const stripped = encodeSession({ ...session, data: {} })
    expect(() => decodeSession(stripped)).toThrow(
      /^data\/x\.f64: missing: a CSV task carries its rows in the session/
    )
  })
})
