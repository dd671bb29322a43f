import { randomBytes } from 'node:crypto'
import { open, readdir, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * Writes `bytes` to `file` so that a reader (or a crash) sees either the old file or the new one,
 * never a mix: the bytes go to a temp file in the same directory, are fsync'ed, renamed over the
 * target, and the directory is fsync'ed so the rename itself is durable. On any failure the temp file
 * is removed and the original is untouched.
 */
export async function writeFileAtomic(file: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(file)
  const temp = join(dir, `${basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    const handle = await open(temp, 'wx', 0o644)
    try {
      await handle.writeFile(bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, file)
  } catch (e) {
    await unlink(temp).catch(() => undefined)
    throw e
  }
  await syncDirectory(dir)
  await removeStaleTemps(dir, basename(file))
}

/** Deletes temp files of this target left by processes that died mid-write (their pid is gone). */
async function removeStaleTemps(dir: string, base: string): Promise<void> {
  const prefix = `${base}.tmp-`
  const names = await readdir(dir).catch(() => [] as string[])
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const pid = Number(name.slice(prefix.length).split('-')[0])
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid))
      await unlink(join(dir, name)).catch(() => undefined)
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; the rename is already atomic there.
  if (process.platform === 'win32') return
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
