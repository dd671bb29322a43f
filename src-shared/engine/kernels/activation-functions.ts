/**
 * σ and σ′ as gpu.js helper functions (added to every step kernel through `functions`), by
 * ACTIVATION_CODE: 0 relu, 1 tanh, 2 sigmoid, 3 erf, 4 identity, 5 quadratic, 6 two-knot piecewise
 * linear through (t0, s0), (t1, s1), constant outside. float32 on the device; erf uses
 * Abramowitz–Stegun 7.1.26 (absolute error ≤ 1.5e-7). Only scalar arguments: every backend takes them.
 */
export function actValue(
  t: number,
  code: number,
  t0: number,
  s0: number,
  t1: number,
  s1: number
): number {
  if (code === 0) return Math.max(t, 0)
  if (code === 1) return 1 - 2 / (Math.exp(2 * t) + 1)
  if (code === 2) return 1 / (1 + Math.exp(-t))
  if (code === 3) {
    const z = Math.abs(t)
    const q = 1 / (1 + 0.3275911 * z)
    const poly =
      q *
      (0.254829592 + q * (-0.284496736 + q * (1.421413741 + q * (-1.453152027 + q * 1.061405429))))
    const e = 1 - poly * Math.exp(-z * z)
    if (t < 0) return -e
    return e
  }
  if (code === 4) return t
  if (code === 5) return t * t
  if (t <= t0) return s0
  if (t >= t1) return s1
  return s0 + ((s1 - s0) * (t - t0)) / (t1 - t0)
}

/** σ′(t) by ACTIVATION_CODE; see actValue. */
export function actSlope(
  t: number,
  code: number,
  t0: number,
  s0: number,
  t1: number,
  s1: number
): number {
  if (code === 0) {
    if (t > 0) return 1
    return 0
  }
  if (code === 1) {
    const th = 1 - 2 / (Math.exp(2 * t) + 1)
    return 1 - th * th
  }
  if (code === 2) {
    const sg = 1 / (1 + Math.exp(-t))
    return sg * (1 - sg)
  }
  if (code === 3) return 1.1283791670955126 * Math.exp(-t * t)
  if (code === 4) return 1
  if (code === 5) return 2 * t
  if (t <= t0) return 0
  if (t >= t1) return 0
  return (s1 - s0) / (t1 - t0)
}

/** The helper functions every step kernel is built with. */
export const ACTIVATION_FUNCTIONS = [actValue, actSlope]
