import { DataFileError } from '../backend/read-data-file'
import { loadSessionFile } from '../backend/session-store'
import { loadStudyFile } from '../backend/study-runner'
import type { DecodedSession } from '@shared/session/decode-session'
import type { Study } from '@shared/study/study-types'
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

/** A file a command reads that may be a session or a study. */
export type LoadedFile =
  { kind: 'session'; decoded: DecodedSession } | { kind: 'study'; study: Study }

/**
 * Loads a session or a study, whichever the file holds (the session reader recognises a study's
 * manifest); a missing or malformed file is a UsageError (exit 2).
 */
export async function loadAnyForCommand(file: string): Promise<LoadedFile> {
  try {
    return { kind: 'session', decoded: await loadSessionFile(file) }
  } catch (e) {
    if (!(e instanceof DataFileError)) throw e
    if (e.where !== 'manifest.kind' || !e.reason.startsWith('this is a study file'))
      throw new UsageError(e.message)
  }
  try {
    return { kind: 'study', study: await loadStudyFile(file) }
  } catch (e) {
    if (e instanceof DataFileError) throw new UsageError(e.message)
    throw e
  }
}
