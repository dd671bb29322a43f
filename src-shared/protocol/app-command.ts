import type { SessionSummary } from './lab-api'

/**
 * What the desktop shell asks the UI to do: menu actions that need the renderer, and session files
 * the operating system handed to the app (argv, macOS `open-file`, a second instance).
 * Web mode has no menu and never sends these.
 */
export type AppCommand =
  /** File › New: show the experiment wizard. */
  | { kind: 'new-experiment' }
  /** A session file was opened (dialog, recent list, OS): show it. */
  | { kind: 'session-opened'; session: SessionSummary }
  /** File › Close: leave the current session and go home. */
  | { kind: 'close-session' }
  /** Settings… (Preferences… on macOS): show the settings. */
  | { kind: 'open-settings' }
