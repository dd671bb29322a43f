import { describe, expect, it } from 'vitest'
import { LocatedError, printable } from '@shared/protocol/printable'
import { SessionFormatError } from '@shared/session/session-error'
import { StudyFormatError } from '@shared/study/study-error'

const ESC = '\u001b'
/** Every character a terminal would act on rather than print. */
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

describe('printable: text from files cannot drive the terminal', () => {
  it('escapes ANSI sequences, C1 controls, bidi overrides and newlines visibly', () => {
    const hostile = `${ESC}]0;pwned\u0007${ESC}[2Jfake\r\nok\u009b31m\u202eevil\u0000`
    const safe = printable(hostile)
    expect(safe).not.toMatch(ACTIVE)
    expect(safe).toBe(
      '\\u001b]0;pwned\\u0007\\u001b[2Jfake\\u000d\\u000aok\\u009b31m\\u202eevil\\u0000'
    )
    // the escapes are valid inside a JSON string and read back as the original
    expect(JSON.parse(`"${safe}"`)).toBe(hostile)
  })

  it('keeps newlines, carriage returns and tabs for multi-line output, nothing else', () => {
    expect(printable(`a\tb\r\nc${ESC}[1m`, { lines: true })).toBe('a\tb\r\nc\\u001b[1m')
  })

  it('leaves ordinary text (accents, math, emoji) alone and caps one-line messages', () => {
    const text = 'width 10⁶ × d 40 — ∇·(ρ∇Ψ) ✓ 😀'
    expect(printable(text)).toBe(text)
    expect(printable('x'.repeat(5000))).toHaveLength(2001)
    expect(printable('x'.repeat(50), { maxChars: 10 })).toBe('xxxxxxxxxx…')
  })

  it('LocatedError and the format errors built on it print one safe line, keeping raw fields', () => {
    const name = `series/${ESC}[2J.f64`
    for (const e of [
      new LocatedError(name, 'bad\nthing'),
      new SessionFormatError(name, 'bad\nthing'),
      new StudyFormatError(name, 'bad\nthing')
    ]) {
      expect(e.message).toBe('series/\\u001b[2J.f64: bad\\u000athing')
      expect(e.where).toBe(name)
      expect(e).toBeInstanceOf(LocatedError)
    }
  })
})
