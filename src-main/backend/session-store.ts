import { DataFileError, readDataFile } from './read-data-file'
import { decodeSession, type DecodedSession } from '@shared/session/decode-session'
import { encodeSession } from '@shared/session/encode-session'
import { SessionFormatError } from '@shared/session/session-error'
import type { Session } from '@shared/session/session-types'
import { writeFileAtomic } from './atomic-write'

/**
 * Session files on disk. Loading only reads; saving goes through an atomic replace, so the file on
 * disk is always a complete session, whatever happens to the process in between.
 */

/** Reads and validates a session file; throws DataFileError for a missing or malformed file. */
export async function loadSessionFile(file: string): Promise<DecodedSession> {
  const bytes = await readDataFile(file)
  if (!(bytes instanceof Uint8Array)) throw new DataFileError(file, 'file', bytes.reason)
  try {
    return decodeSession(bytes)
  } catch (e) {
    if (e instanceof SessionFormatError) throw new DataFileError(file, e.where, e.reason)
    throw e
  }
}

/** Encodes and atomically writes a session, stamping `updatedAt` (the given session is not changed). */
export async function saveSessionFile(
  file: string,
  session: Session,
  now = new Date()
): Promise<Session> {
  const stamped = { ...session, updatedAt: now.toISOString() }
  await writeFileAtomic(file, encodeSession(stamped))
  return stamped
}
