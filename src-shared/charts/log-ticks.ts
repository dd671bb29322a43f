/**
 * Tick labels for a logarithmic axis: only 1, 2 and 5 times a power of ten are labelled, each in
 * its shortest form ("0.05", "200", "5e-7"). chart.js's own log labels give every tick the
 * decimals of the smallest one ("1.00000000", "0.00000005"), which nobody can read on a projector.
 * An axis too short to hold two such ticks labels every tick with two significant digits; one
 * that spans more than three decades labels the powers of ten only.
 */
export function logTickLabel(
  value: number | string,
  _index = 0,
  ticks?: readonly { value: number }[]
): string {
  const v = Number(value)
  if (!Number.isFinite(v) || v <= 0) return ''
  if (ticks && ticks.filter((t) => roundNumber(t.value) !== '').length < 2) return short(v, 2)
  const label = roundNumber(v)
  // Across more than three decades the 2s and 5s crowd the axis: powers of ten are enough.
  if (ticks && label && ticks.filter((t) => isPowerOfTen(t.value)).length > 3 && !isPowerOfTen(v))
    return ''
  return label
}

function isPowerOfTen(v: number): boolean {
  return Number.isFinite(v) && v > 0 && decompose(v).mantissa === 1
}

/** v as mantissa × 10^exp, the mantissa rounded to 3 decimals (chart.js's values carry noise). */
function decompose(v: number): { mantissa: number; exp: number } {
  const exp = Math.floor(Math.log10(v) + 1e-9)
  return { mantissa: Math.round((v / 10 ** exp) * 1000) / 1000, exp }
}

/** The label of v when it is 1, 2 or 5 times a power of ten, else ''. */
function roundNumber(v: number): string {
  if (!Number.isFinite(v) || v <= 0) return ''
  const { mantissa, exp } = decompose(v)
  if (mantissa !== 1 && mantissa !== 2 && mantissa !== 5) return ''
  return short(mantissa * 10 ** exp, 1)
}

function short(v: number, digits: number): string {
  const exp = Math.floor(Math.log10(v) + 1e-9)
  if (exp >= -3 && exp <= 4) return String(Number(v.toPrecision(digits)))
  const [m, e] = v.toExponential(digits - 1).split('e')
  return `${Number(m)}e${Number(e)}`
}
