import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSessionFile } from '../../../src-main/backend/session-store'

const dir = mkdtempSync(join(tmpdir(), 'mflab-kill-'))
const child = join(dir, 'save-loop-child.cjs')
afterAll(() => rmSync(dir, { recursive: true, force: true }))
beforeAll(async () => {
  await build({
    entryPoints: [join(__dirname, 'save-loop-child.ts')],
    outfile: child,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    alias: { '@shared': join(__dirname, '../../../src-shared') },
    logLevel: 'warning'
  })
})

/** Starts the saver, waits for `minSaves` completed saves plus a random delay, then SIGKILLs it. */
function killDuringSaves(file: string, minSaves: number, extraMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, file], { stdio: ['ignore', 'pipe', 'inherit'] })
    let last = 0
    let armed = false
    p.stdout.setEncoding('utf8')
    p.stdout.on('data', (chunk: string) => {
      for (const m of chunk.matchAll(/saved (\d+)/g)) last = Number(m[1])
      if (!armed && last >= minSaves) {
        armed = true
        setTimeout(() => p.kill('SIGKILL'), extraMs)
      }
    })
    p.on('error', reject)
    p.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(last) : reject(new Error(`child exited: ${signal}`))
    )
  })
}

describe('a process killed while saving', () => {
  it('leaves the previous session intact and loadable, every time', async () => {
    const file = join(dir, 'big.mflab')
    let tornTemps = 0
    // Rounds go on until some kill has provably landed inside a save (a temp file was left behind).
    for (let round = 0; round < 5 || (tornTemps === 0 && round < 30); round++) {
      const reported = await killDuringSaves(
        file,
        round === 0 ? 2 : 1,
        Math.floor(Math.random() * 120)
      )
      expect(statSync(file).size).toBeGreaterThan(1_000_000)
      const { session } = await loadSessionFile(file)
      // The file holds the last reported save or one finished after it, never a torn one.
      expect(session.step).toBeGreaterThanOrEqual(reported)
      expect(session.checkpoint!.particles.w[0]).toBe(session.step)
      tornTemps = readdirSync(dir).filter((n) => n.startsWith('big.mflab.tmp-')).length
    }
    expect(tornTemps).toBeGreaterThan(0)
  })
})
