/**
 * Characters a terminal acts on instead of printing: C0 controls (ESC starts the sequences that
 * retitle a window or clear the screen), DEL, C1 controls (U+009B is a one-character CSI), the
 * Unicode line separators, and the bidirectional overrides that make text read other than it is.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
const CONTROL_BUT_LINES =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** Longest one-line message printed whole; the rest is cut with an ellipsis. */
export const MAX_MESSAGE_CHARS = 2000

function escape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
}

/**
 * Text made safe to print on a terminal: every control character becomes a visible `\uXXXX`
 * escape (also valid inside a JSON string). With `lines`, newline, carriage return and tab stay,
 * for output that is meant to span lines; otherwise the result is one line, cut at `maxChars`.
 */
export function printable(text: string, opts: { lines?: boolean; maxChars?: number } = {}): string {
  if (opts.lines) return text.replace(CONTROL_BUT_LINES, escape)
  const max = opts.maxChars ?? MAX_MESSAGE_CHARS
  const cut = text.length > max ? `${text.slice(0, max)}…` : text
  return cut.replace(CONTROL, escape)
}

/**
 * An error about one place in an input (a manifest field, an archive entry, a CSV row): its message
 * is `where: reason` on one printable line, whatever bytes the input held; `where` and `reason`
 * keep the raw text for programs.
 */
export class LocatedError extends Error {
  constructor(
    readonly where: string,
    readonly reason: string
  ) {
    super(`${printable(where, { maxChars: 300 })}: ${printable(reason)}`)
    this.name = 'LocatedError'
  }
}
