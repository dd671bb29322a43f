import { DataFileError } from '../backend/read-data-file'
import { loadSessionFile } from '../backend/session-store'
import type { DecodedSession } from '@shared/session/decode-session'
import { UsageError } from './usage-error'

/** Loads a session file for a command; a missing or malformed file is a UsageError (exit 2). */
export async function loadForCommand(file: string): Promise<DecodedSession> {
  try {
    return await loadSessionFile(file)
  } catch (e) {
    if (e instanceof DataFileError) throw new UsageError(e.message)
    throw e
  }
}
