/** Extension of Mean-Field Lab session files. */
export const SESSION_EXTENSION = 'mflab'

/** Whether a path names a session file (by its extension). */
export function isSessionFile(path: string): boolean {
  return path.toLowerCase().endsWith(`.${SESSION_EXTENSION}`)
}

/**
 * The session files named on a command line (the app's own argv or a second instance's). Switches
 * and the executable/script paths are skipped; only `*.mflab` arguments count.
 */
export function sessionFilesInArgv(argv: readonly string[]): string[] {
  return argv.filter((a) => !a.startsWith('-') && isSessionFile(a))
}
