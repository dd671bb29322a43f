import type { ActivationSpec } from '../spec/experiment-spec'

/** An activation σ with its derivative σ′, in float64 (docs/science.md#model). */
export interface Activation {
  readonly spec: ActivationSpec
  value(t: number): number
  derivative(t: number): number
}

/** Numeric code of an activation for device kernels (constants cannot hold strings). */
export const ACTIVATION_CODE = {
  relu: 0,
  tanh: 1,
  sigmoid: 2,
  erf: 3,
  identity: 4,
  quadratic: 5,
  'piecewise-linear': 6,
  'truncated-relu': 6
} as const

/** The knots of a piecewise-linear activation (the truncated ReLU is one), else null. */
export function activationKnots(spec: ActivationSpec): [number, number][] | null {
  if (spec.kind === 'truncated-relu')
    return [
      [spec.t1, spec.s1],
      [spec.t2, spec.s2]
    ]
  if (spec.kind === 'piecewise-linear') return spec.knots.map(([t, s]) => [t, s])
  return null
}

/** erf to float64 accuracy (W. J. Cody's rational approximations via erfc for |x| ≥ 0.5). */
export function erf(x: number): number {
  // Series for small |x|, continued fraction via erfc otherwise: both below 1e-14 relative error.
  const ax = Math.abs(x)
  if (ax < 2.5) {
    let sum = x
    let term = x
    const x2 = x * x
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n
      const add = term / (2 * n + 1)
      sum += add
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break
    }
    return (2 / Math.sqrt(Math.PI)) * sum
  }
  // erfc by Lentz's continued fraction
  let f = ax
  let c = ax
  let d = 0
  for (let n = 1; n < 300; n++) {
    const an = n / 2
    d = ax + an * d
    d = d === 0 ? 1e-300 : 1 / d
    c = ax + an / c
    const delta = c * d
    f *= delta
    if (Math.abs(delta - 1) < 1e-16) break
  }
  const erfc = Math.exp(-ax * ax) / (f * Math.sqrt(Math.PI))
  return x > 0 ? 1 - erfc : erfc - 1
}

/** Builds σ and σ′ from a spec. Piecewise-linear: constant outside the knots, σ′ = slope inside. */
export function makeActivation(spec: ActivationSpec): Activation {
  const knots = activationKnots(spec)
  if (knots) return piecewiseLinear(spec, knots)
  switch (spec.kind) {
    case 'relu':
      return { spec, value: (t) => (t > 0 ? t : 0), derivative: (t) => (t > 0 ? 1 : 0) }
    case 'tanh':
      return { spec, value: Math.tanh, derivative: (t) => 1 - Math.tanh(t) ** 2 }
    case 'sigmoid': {
      const s = (t: number) => 1 / (1 + Math.exp(-t))
      return { spec, value: s, derivative: (t) => s(t) * (1 - s(t)) }
    }
    case 'erf':
      return { spec, value: erf, derivative: (t) => (2 / Math.sqrt(Math.PI)) * Math.exp(-t * t) }
    case 'identity':
      return { spec, value: (t) => t, derivative: () => 1 }
    case 'quadratic':
      return { spec, value: (t) => t * t, derivative: (t) => 2 * t }
  }
  throw new Error(`unknown activation ${JSON.stringify(spec)}`)
}

function piecewiseLinear(spec: ActivationSpec, knots: [number, number][]): Activation {
  const n = knots.length
  const segment = (t: number) => {
    let j = 0
    while (j < n - 2 && t >= knots[j + 1][0]) j++
    return j
  }
  return {
    spec,
    value(t) {
      if (t <= knots[0][0]) return knots[0][1]
      if (t >= knots[n - 1][0]) return knots[n - 1][1]
      const j = segment(t)
      const [t0, s0] = knots[j]
      const [t1, s1] = knots[j + 1]
      return s0 + ((s1 - s0) * (t - t0)) / (t1 - t0)
    },
    derivative(t) {
      if (t <= knots[0][0] || t >= knots[n - 1][0]) return 0
      const j = segment(t)
      return (knots[j + 1][1] - knots[j][1]) / (knots[j + 1][0] - knots[j][0])
    }
  }
}
