/** The run dashboard's keyboard shortcuts, as the page lists them (the "?" key shows this list). */
export const SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: 'Space', what: 'Pause or resume the run' },
  { keys: '→', what: 'Step (while paused): as many steps as the Step box says' },
  { keys: 'F', what: 'Show the key chart full screen (again, or Esc, to leave)' },
  { keys: 'P', what: 'Projector mode: full width and large text' },
  { keys: 'L', what: 'Show or hide the lesson' },
  { keys: '?', what: 'Show or hide this list' }
]

/**
 * Whether a key press belongs to what has focus (typing in a field, a button's own Space, a
 * slider's arrows) rather than to the page's shortcuts.
 */
export function isShortcutTarget(target: EventTarget | null, key: string): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean } | null
  if (!el?.tagName) return false
  if (el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) return true
  // Space and Enter press a focused button or link; other keys still reach the page
  return (key === ' ' || key === 'Enter') && ['BUTTON', 'SUMMARY', 'A'].includes(el.tagName)
}

/** Paces a class can follow: full speed, or slow motion at a set number of steps per second. */
export const PACES: readonly { value: number; label: string }[] = [
  { value: 0, label: 'Full speed' },
  { value: 500, label: 'Slow motion' },
  { value: 50, label: 'Very slow' }
]
