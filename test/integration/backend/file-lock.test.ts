import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { acquireFileLock, lockPathOf } from '../../../src-main/backend/file-lock'

const dir = mkdtempSync(join(tmpdir(), 'mflab-lock-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('cross-process file lock: one writer per session file', () => {
  it('a second claim is refused while the first holds; release frees it', () => {
    const file = join(dir, 'a.mflab')
    const release = acquireFileLock(file)
    expect(existsSync(lockPathOf(file))).toBe(true)
    expect(() => acquireFileLock(file)).toThrow(
      `${file} is being run by another process (pid ${process.pid}); wait for it or stop it first`
    )
    release()
    release()
    expect(existsSync(lockPathOf(file))).toBe(false)
    acquireFileLock(file)()
  })

  it('a live process holding the lock keeps it; a dead one (kill -9) is taken over', () => {
    const file = join(dir, 'b.mflab')
    writeFileSync(lockPathOf(file), `${process.ppid}\n`)
    expect(() => acquireFileLock(file)).toThrow(`(pid ${process.ppid})`)
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!
    writeFileSync(lockPathOf(file), `${dead}\n`)
    const release = acquireFileLock(file)
    release()
    writeFileSync(lockPathOf(file), 'garbage')
    acquireFileLock(file)()
  })
})
