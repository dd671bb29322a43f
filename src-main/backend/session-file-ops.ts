import type { SessionSummary } from '@shared/protocol/lab-api'
import type { ExportFormat } from './session-exports'

/**
 * File operations the desktop shell needs beyond `LabApi`: the renderer never sees a path; main
 * asks the user through a native dialog and hands the chosen path to the backend.
 */
export interface SessionFileOps {
  /** Opens (loads and registers) a session file; resolves to its summary. */
  openSessionFile(path: string): Promise<SessionSummary>
  /** Writes a session to a path the user chose (Save As…). */
  saveSessionAs(id: string, path: string): Promise<SessionSummary>
  /** Writes a session's data for other tools (Export…). */
  exportSession(id: string, path: string, format: ExportFormat): Promise<void>
}
