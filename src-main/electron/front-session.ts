import type { SessionSummary } from '@shared/protocol/lab-api'

/** The session in front of the desktop window: what Save, Save As, Export and Close act on. */
export interface FrontSession {
  id: string
  title: string
  /** Its file, when known (opened or saved as one); null for a session only in the library. */
  file: string | null
}

/**
 * The session in front after a LabApi call the window made (the same object when the call changes
 * nothing): the one the window says it shows (`showingSession`, null on pages without a session),
 * else the last run started, session loaded or saved. A file path learnt earlier for the same id
 * (opened from disk) is kept over the library's file name. Pure: tested without Electron.
 */
export function frontSessionAfter(
  current: FrontSession | null,
  method: string,
  args: readonly unknown[],
  result: unknown
): FrontSession | null {
  const id = typeof args[0] === 'string' ? args[0] : null
  const knownFile = (sessionId: string) => (current?.id === sessionId ? current.file : null)
  const fromSummary = (sessionId: string, summary: SessionSummary | null | undefined) => ({
    id: sessionId,
    title: summary?.title ?? sessionId,
    file: knownFile(sessionId) ?? summary?.fileName ?? null
  })
  switch (method) {
    case 'showingSession':
      if (id === null) return null
      return current?.id === id ? current : { id, title: id, file: null }
    case 'startRun': {
      if (typeof result !== 'string') return current
      const title = (args[0] as { title?: string } | undefined)?.title ?? 'Untitled experiment'
      return { id: result, title, file: null }
    }
    case 'loadSession':
      return id
        ? fromSummary(id, (result as { summary?: SessionSummary } | null)?.summary)
        : current
    case 'saveSession':
      return id ? fromSummary(id, result as SessionSummary | null) : current
    default:
      return current
  }
}
