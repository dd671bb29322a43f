import { open } from 'node:fs/promises'
import { ARCHIVE_LIMITS, formatBytes } from '@shared/session/archive-limits'

/**
 * A session or study file that cannot be read (missing, unreadable, or malformed); `where` is the
 * bad part ('file', a manifest field, an archive entry). The message is `<file>: <where>: <reason>`.
 */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly reason: string
  ) {
    super(`${file}: ${where}: ${reason}`)
    this.name = 'DataFileError'
  }
}

/**
 * Reads a session or study file the user named. A file that cannot be read comes back as the reason
 * in a few words ('no such file', 'is a directory', 'too large (…)', or the system's message), for
 * a one-line error. The size is checked before any byte is read, so a huge file costs nothing.
 */
export async function readDataFile(
  file: string,
  maxBytes = ARCHIVE_LIMITS.maxArchiveBytes
): Promise<Uint8Array | { reason: string }> {
  let handle
  try {
    handle = await open(file, 'r')
    const { size, isDirectory } = await handle.stat().then((s) => ({
      size: s.size,
      isDirectory: s.isDirectory()
    }))
    if (isDirectory) return { reason: 'is a directory' }
    if (size > maxBytes)
      return { reason: `too large (${formatBytes(size)}; the limit is ${formatBytes(maxBytes)})` }
    return await handle.readFile()
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { reason: 'no such file' }
    if (code === 'EISDIR') return { reason: 'is a directory' }
    return { reason: (e as Error).message }
  } finally {
    await handle?.close()
  }
}
