import type { Session } from '@shared/session/session-types'
import type { LibraryEntry } from './library'

/**
 * Sessions a previous process left in status 'running' (it crashed or was killed mid-run). They are
 * not running now: the backend lists them as recoverable, paused at their last autosave, and
 * `controlRun(id, 'resume')` continues them from the stored checkpoint.
 */
export function findInterrupted(
  entries: readonly LibraryEntry[],
  liveIds: ReadonlySet<string>
): LibraryEntry[] {
  return entries.filter((e) => e.session.status === 'running' && !liveIds.has(e.id))
}

/** Whether a stored session can continue: it has a checkpoint and steps left to do. */
export function canResume(s: Session): boolean {
  return (
    s.checkpoint !== null &&
    s.step < s.spec.dynamics.steps &&
    (s.status === 'running' || s.status === 'paused' || s.status === 'stopped')
  )
}

/** The message an interrupted session carries until it is resumed. */
export function interruptedMessage(s: Session): string {
  const at = s.checkpoint ? `step ${s.checkpoint.step}` : 'its start (no checkpoint was saved)'
  return `interrupted: the app stopped while this run was going; resume continues from ${at}`
}
