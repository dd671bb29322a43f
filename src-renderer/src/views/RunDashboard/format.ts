/** A reading with four significant digits in the reader's locale; '—' when not a finite number. */
export function fmt(n: number): string {
  return Number.isFinite(n) ? Number(n.toPrecision(4)).toLocaleString() : '—'
}
