import { readFile } from 'node:fs/promises'

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
