import type { SessionData, SessionSummary } from '@shared/protocol/lab-api'
import { SessionAccumulator } from '@shared/session/session-accumulator'
import type { Session } from '@shared/session/session-types'

/**
 * A session of the app: the shared SessionAccumulator with the backend's handle of it (`id`) and
 * the file it is saved to.
 */
export class RunRecord extends SessionAccumulator {
  private constructor(
    readonly id: string,
    /** Where the session is saved. */
    public path: string,
    public fileName: string,
    base: Session
  ) {
    super(base, { finalRow: true })
  }

  /** A record holding a stored (or fresh) session. */
  static fromSession(id: string, path: string, fileName: string, s: Session): RunRecord {
    return new RunRecord(id, path, fileName, s)
  }

  override summary(): SessionSummary {
    return super.summary(this.id, this.fileName)
  }

  override toData(): SessionData {
    return super.toData(this.id, this.fileName)
  }
}
