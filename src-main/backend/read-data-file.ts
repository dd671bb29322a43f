import { readFile } from 'node:fs/promises'

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
 * in a few words ('no such file', 'is a directory', or the system's message), for a one-line error.
 */
export async function readDataFile(file: string): Promise<Uint8Array | { reason: string }> {
  try {
    return await readFile(file)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { reason: 'no such file' }
    if (code === 'EISDIR') return { reason: 'is a directory' }
    return { reason: (e as Error).message }
  }
}
