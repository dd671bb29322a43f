import type { LabApi, SessionSummary } from '@shared/protocol/lab-api'

/** Formats File › Export… can write (those of `mflab export`). */
export type ExportFormat = 'json' | 'csv'

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

/** The backend as the desktop shell uses it; the file operations are optional until implemented. */
export type DesktopBackend = LabApi & { shutdown(): Promise<void> } & Partial<SessionFileOps>

/** The export format of a chosen file name, from its extension (JSON unless it ends in .csv). */
export function exportFormatOf(path: string): ExportFormat {
  return path.toLowerCase().endsWith('.csv') ? 'csv' : 'json'
}
