import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/** Another live process holds the file. */
export class FileLockedError extends Error {
  constructor(
    readonly file: string,
    readonly pid: number
  ) {
    super(`${file} is being run by another process (pid ${pid}); wait for it or stop it first`)
    this.name = 'FileLockedError'
  }
}

/** The lock beside a session file: `.name.mflab.lock`, holding the owner's pid. */
export function lockPathOf(file: string): string {
  return join(dirname(file), `.${basename(file)}.lock`)
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Claims `file` for writing by this process, across processes: an exclusive create of its lock
 * file. A lock left by a process that no longer exists (killed with -9) is taken over. Throws
 * FileLockedError while a live process holds it. Returns the release function (idempotent).
 */
export function acquireFileLock(file: string): () => void {
  const lock = lockPathOf(file)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx')
      writeSync(fd, `${process.pid}\n`)
      closeSync(fd)
      let held = true
      return () => {
        if (!held) return
        held = false
        try {
          unlinkSync(lock)
        } catch {
          // already gone
        }
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    let pid = NaN
    try {
      pid = Number.parseInt(readFileSync(lock, 'utf8'), 10)
    } catch {
      // removed meanwhile: try again
    }
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw new FileLockedError(file, pid)
    try {
      unlinkSync(lock)
    } catch {
      // another process took it over first; the next attempt says so
    }
  }
  throw new FileLockedError(file, Number.NaN)
}
