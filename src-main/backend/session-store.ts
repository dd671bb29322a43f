import { readDataFile } from './read-data-file'
import { decodeSession, type DecodedSession } from '@shared/session/decode-session'
import { encodeSession } from '@shared/session/encode-session'
import { SessionFormatError } from '@shared/session/session-error'
import type { Session } from '@shared/session/session-types'
import { writeFileAtomic } from './atomic-write'

/**
 * Session files on disk. Loading only reads; saving goes through an atomic replace, so the file on
 * disk is always a complete session, whatever happens to the process in between.
 */

/** A session file that cannot be read; the message is `<file>: <where>: <reason>`. */
export class SessionFileError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly reason: string
  ) {
    super(`${file}: ${where}: ${reason}`)
    this.name = 'SessionFileError'
  }
}

/** Reads and validates a session file; throws SessionFileError for a missing or malformed file. */
export async function loadSessionFile(file: string): Promise<DecodedSession> {
  const bytes = await readDataFile(file)
  if (!(bytes instanceof Uint8Array)) throw new SessionFileError(file, 'file', bytes.reason)
  try {
    return decodeSession(bytes)
  } catch (e) {
    if (e instanceof SessionFormatError) throw new SessionFileError(file, e.where, e.reason)
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

/** Options of an Autosaver. */
export interface AutosaveOptions {
  file: string
  /** Seconds between saves (spec.compute.autosaveSeconds). */
  intervalSeconds: number
  /** Builds the session to save (e.g. asks the worker for a checkpoint first). */
  collect: () => Promise<Session> | Session
  onSaved?: (session: Session) => void
  onError?: (error: unknown) => void
}

/**
 * Saves a running session every `intervalSeconds`. Saves never overlap: a tick that comes while one
 * is in flight is skipped. `flush()` saves now (after any save in flight) and resolves when it is on
 * disk; `stop()` ends the timer and waits for a save in flight.
 */
export class Autosaver {
  private timer: ReturnType<typeof setInterval> | null = null
  private inFlight: Promise<void> | null = null

  constructor(private readonly opts: AutosaveOptions) {}

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => {
      if (!this.inFlight) void this.saveOnce().catch(() => undefined)
    }, this.opts.intervalSeconds * 1000)
    this.timer.unref?.()
  }

  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined)
    await this.saveOnce()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    while (this.inFlight) await this.inFlight.catch(() => undefined)
  }

  private saveOnce(): Promise<void> {
    const run = (async () => {
      try {
        const session = await this.opts.collect()
        const saved = await saveSessionFile(this.opts.file, session)
        this.opts.onSaved?.(saved)
      } catch (e) {
        this.opts.onError?.(e)
        throw e
      }
    })()
    this.inFlight = run
    return run.finally(() => {
      if (this.inFlight === run) this.inFlight = null
    })
  }
}
