import { printable } from '@shared/protocol/printable'

/**
 * A view of a terminal stream whose `write` escapes control characters (keeping newlines, carriage
 * returns and tabs), so a title or entry name read from a file can never drive the terminal.
 * Everything else (isTTY, columns, events) is the stream's own.
 */
export function safeStream(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  const safe = Object.create(stream) as NodeJS.WriteStream
  safe.write = ((chunk: unknown, ...rest: unknown[]) =>
    (stream.write as (c: unknown, ...r: unknown[]) => boolean)(
      typeof chunk === 'string' ? printable(chunk, { lines: true }) : chunk,
      ...rest
    )) as NodeJS.WriteStream['write']
  return safe
}

/** One message line for stderr: control characters escaped, newlines included, length capped. */
export function messageLine(text: string): string {
  return printable(text)
}
