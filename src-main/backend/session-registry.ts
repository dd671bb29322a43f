import { basename, relative, resolve } from 'node:path'
import type { SessionSummary } from '@shared/protocol/lab-api'
import { sessionSummary as summarize } from '@shared/session/session-accumulator'
import type { Session } from '@shared/session/session-types'
import { Library, SESSION_EXT, idFromFileName } from './library'
import { findInterrupted, interruptedMessage } from './recovery'
import { RunRecord } from './run-record'
import { loadSessionFile } from './session-store'

/** A summary that may say the session was interrupted and can be resumed from its autosave. */
export type RecoverableSummary = SessionSummary & { recoverable?: boolean; message?: string }

/** A session on disk, found by its id. */
export interface StoredSession {
  path: string
  fileName: string
  session: Session
}

/**
 * Every session the backend can name that is not live in this process: those of the sessions
 * folder, files opened from elsewhere (File › Open…), and the interrupted runs a previous process
 * left 'running'. Live runs are the run queue's; callers pass theirs in, so a session is listed once.
 */
export class SessionRegistry {
  /** Sessions opened from outside the sessions folder: id → path. */
  private readonly external = new Map<string, string>()
  private readonly interrupted = new Set<string>()

  constructor(
    private readonly library: Library,
    private readonly log: (line: string) => void
  ) {}

  /** Reads the folder once at start: logs unreadable files and remembers interrupted runs. */
  async scan(): Promise<void> {
    const { entries, unreadable } = await this.library.list()
    for (const u of unreadable) this.log(`skipping unreadable session ${u.fileName}: ${u.reason}`)
    for (const e of findInterrupted(entries, new Set())) {
      this.interrupted.add(e.id)
      this.log(`recoverable: ${e.fileName} was left running at step ${e.session.step}`)
    }
  }

  /** Whether the session was left running by a previous process and not yet resumed or stopped. */
  isInterrupted(id: string): boolean {
    return this.interrupted.has(id)
  }

  /** The session is resumed or stopped: it is no longer listed as interrupted. */
  settle(id: string): void {
    this.interrupted.delete(id)
  }

  /** A stored session by id: opened from elsewhere, or from the sessions folder. */
  private async load(id: string): Promise<StoredSession> {
    const ext = this.external.get(id)
    if (ext)
      return { path: ext, fileName: basename(ext), session: (await loadSessionFile(ext)).session }
    const e = await this.library.load(id)
    return { path: e.path, fileName: e.fileName, session: e.session }
  }

  /** A record of a stored session; an interrupted one reads as paused, with why. */
  async record(id: string): Promise<RunRecord> {
    const s = await this.load(id)
    const record = RunRecord.fromSession(id, s.path, s.fileName, s.session)
    if (this.interrupted.has(id)) {
      record.status = 'paused'
      record.message = interruptedMessage(s.session)
    }
    return record
  }

  /** Summaries of the live records and of every stored session none of them holds, newest first. */
  async list(live: readonly RunRecord[]): Promise<RecoverableSummary[]> {
    const out: RecoverableSummary[] = live.map((r) => r.summary())
    const liveIds = new Set(live.map((r) => r.id))
    const livePaths = new Set(live.map((r) => resolve(r.path)))
    const { entries } = await this.library.list()
    for (const e of entries) {
      if (livePaths.has(resolve(e.path)) || liveIds.has(e.id)) continue
      const s: RecoverableSummary = summarize(e.id, e.fileName, e.session)
      if (this.interrupted.has(e.id)) {
        s.status = 'paused'
        s.recoverable = true
        s.message = interruptedMessage(e.session)
      }
      out.push(s)
    }
    for (const [id, path] of this.external) {
      if (liveIds.has(id)) continue
      try {
        out.push(summarize(id, basename(path), (await loadSessionFile(path)).session))
      } catch (err) {
        this.log(`opened session ${path} is no longer readable: ${(err as Error).message}`)
      }
    }
    return out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
  }

  /**
   * Registers a session file by path and returns its summary: a file of the sessions folder keeps
   * its library id, a file opened before keeps its id, another gets a fresh `file-…` id that no
   * live run (`liveIds`), opened file or library session holds.
   */
  async open(path: string, liveIds: Iterable<string>): Promise<SessionSummary> {
    const abs = resolve(path)
    const rel = relative(this.library.dir, abs)
    if (
      !rel.startsWith('..') &&
      !rel.includes('/') &&
      !rel.includes('\\') &&
      abs.endsWith(SESSION_EXT)
    ) {
      const { entries } = await this.library.list()
      const e = entries.find((x) => resolve(x.path) === abs)
      if (e) return summarize(e.id, e.fileName, e.session)
    }
    for (const [id, p] of this.external)
      if (p === abs) return summarize(id, basename(abs), (await loadSessionFile(abs)).session)
    const session = (await loadSessionFile(abs)).session
    const taken = new Set([
      ...liveIds,
      ...this.external.keys(),
      ...(await this.library.list()).entries.map((e) => e.id)
    ])
    let id = `file-${idFromFileName(basename(abs))}`.slice(0, 100)
    for (let i = 2; taken.has(id); i++)
      id = `file-${idFromFileName(basename(abs))}-${i}`.slice(0, 110)
    this.external.set(id, abs)
    return summarize(id, basename(abs), session)
  }
}
