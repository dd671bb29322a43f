import type { FieldDef } from './spec-fields'

/** 1000000 → "1,000,000"; small and large magnitudes stay readable. */
function plainNumber(n: number): string {
  if (n !== 0 && (Math.abs(n) < 1e-4 || Math.abs(n) >= 1e9)) return n.toExponential(0)
  return n.toLocaleString('en-US', { maximumFractionDigits: 6 })
}

/** "from 1 to 1,000,000", "of at least 0", "of at most 10", or '' for a field without a range. */
function rangeWords(f: FieldDef): string {
  if (f.min !== undefined && f.max !== undefined)
    return ` from ${plainNumber(f.min)} to ${plainNumber(f.max)}`
  if (f.min !== undefined) return ` of at least ${plainNumber(f.min)}`
  if (f.max !== undefined) return ` of at most ${plainNumber(f.max)}`
  return ''
}

/** Schema wording about a number's type or range (zod: "expected number", "Too small", "int"). */
const NUMBER_COMPLAINT = /number|NaN|too (small|big)|integer|int\b|finite|[<>]=?|greater|less/i

/**
 * The schema's message about a field as a sentence a student can act on: "Width M must be a whole
 * number from 1 to 1,000,000." for a bad number; other messages keep their meaning after the
 * field's name ("Activation: must be one of …").
 */
export function fieldMessage(f: FieldDef, raw: string): string {
  const numeric = f.kind === 'number' || f.kind === 'integer' || f.kind === 'beta'
  if (numeric && NUMBER_COMPLAINT.test(raw)) {
    const what = f.kind === 'integer' ? 'a whole number' : 'a number'
    const beta = f.kind === 'beta' ? ', or empty for no noise' : ''
    return `${f.label} must be ${what}${rangeWords(f)}${beta}.`
  }
  const text = raw.replace(/^Invalid input:?\s*/i, '').trim()
  const sentence = text.charAt(0).toLowerCase() + text.slice(1)
  return `${f.label}: ${sentence}${/[.!?]$/.test(sentence) ? '' : '.'}`
}
