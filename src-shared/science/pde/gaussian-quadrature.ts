import { erf } from '../activations'

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI)

/** Standard normal density φ(z). */
export function normalPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z)
}

/** Standard normal upper tail Φ̄(z) = P(G > z). */
export function normalTail(z: number): number {
  if (z === Infinity) return 0
  if (z === -Infinity) return 1
  return 0.5 * (1 - erf(z / Math.SQRT2))
}

/**
 * The probabilists' Hermite polynomial He_k(z) (He_0 = 1, He_1 = z, He_{k+1} = z He_k − k
 * He_{k−1}), orthogonal under N(0,1) with E[He_k(G)²] = k!.
 */
export function hermiteHe(k: number, z: number): number {
  if (k < 0) return 0
  let prev = 1
  if (k === 0) return prev
  let cur = z
  for (let n = 1; n < k; n++) {
    const next = z * cur - n * prev
    prev = cur
    cur = next
  }
  return cur
}

/** A quadrature rule E f(G) ≈ Σ_i weights[i] f(nodes[i]) for G ~ N(0, 1). */
export interface GaussRule {
  nodes: Float64Array
  weights: Float64Array
}

/** Largest supported Gauss–Hermite order. */
export const GAUSS_HERMITE_MAX_ORDER = 180

const ruleCache = new Map<number, GaussRule>()

/**
 * The n-point Gauss–Hermite rule for E f(G), G ~ N(0,1): exact for polynomials of degree ≤ 2n − 1.
 * Nodes by Newton's method on the orthonormal Hermite recursion (Numerical Recipes `gauher`), then
 * rescaled from the weight e^{−x²} to the standard normal. Cached per n. The initial guesses of the
 * Newton iteration fail above n ≈ 190, hence the cap.
 */
export function gaussHermite(n: number): GaussRule {
  if (!(n >= 1 && n <= GAUSS_HERMITE_MAX_ORDER))
    throw new Error(`gaussHermite: order ${n} out of 1..180`)
  const hit = ruleCache.get(n)
  if (hit) return hit
  const x = new Float64Array(n)
  const w = new Float64Array(n)
  const PIM4 = Math.pow(Math.PI, -0.25)
  const m = Math.floor((n + 1) / 2)
  let z = 0
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -1 / 6)
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z
    else if (i === 2) z = 1.86 * z - 0.86 * x[0]
    else if (i === 3) z = 1.91 * z - 0.91 * x[1]
    else z = 2 * z - x[i - 2]
    let pp = 0
    for (let it = 0; it < 100; it++) {
      let p1 = PIM4
      let p2 = 0
      for (let j = 0; j < n; j++) {
        const p3 = p2
        p2 = p1
        p1 = z * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3
      }
      pp = Math.sqrt(2 * n) * p2
      const z1 = z
      z = z1 - p1 / pp
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break
    }
    x[i] = z
    x[n - 1 - i] = -z
    w[i] = 2 / (pp * pp)
    w[n - 1 - i] = w[i]
  }
  const nodes = new Float64Array(n)
  const weights = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    nodes[i] = Math.SQRT2 * x[n - 1 - i]
    weights[i] = w[n - 1 - i] / Math.sqrt(Math.PI)
  }
  const rule = { nodes, weights }
  ruleCache.set(n, rule)
  return rule
}
