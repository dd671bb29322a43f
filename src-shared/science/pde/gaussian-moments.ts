import { activationKnots, makeActivation } from '../activations'
import type { ActivationSpec } from '../../spec/experiment-spec'
import { gaussHermite, hermiteHe, normalPdf, normalTail } from './gaussian-quadrature'

/**
 * Gaussian moments of an activation σ as functions of the scale s ≥ 0, G ~ N(0, 1) (docs/science.md#pde):
 * q(s) = E σ(sG) and the Hermite coefficients α_k(s) = E[σ(sG) He_k(G)] (α_0 = q), with their
 * s-derivatives. With x ~ N(0, τ² I) and ‖w‖ = r, ⟨w, x⟩ ~ τ r G, so q_τ(r) = q(τ r) exactly.
 */
export interface GaussianMoments {
  /** q(s) = E σ(sG). */
  mean(s: number): number
  /** q′(s) = d/ds E σ(sG) = E[G σ′(sG)]. */
  meanDerivative(s: number): number
  /** α_k(s) = E[σ(sG) He_k(G)]. */
  hermite(k: number, s: number): number
  /** d/ds α_k(s). */
  hermiteDerivative(k: number, s: number): number
  /** E σ(sG)². */
  meanSquare(s: number): number
  /** 'closed-form' for piecewise-linear σ (ReLU, truncated ReLU, knots), else 'quadrature'. */
  readonly method: 'closed-form' | 'quadrature'
}

/** Gauss–Hermite order used for smooth activations (tanh, sigmoid, erf, quadratic). */
export const GAUSS_HERMITE_ORDER = 160

/**
 * σ(t) = c0 + slope0·t + Σ_j jumps[j]·(t − breaks[j])₊: every continuous piecewise-linear function.
 * `jumps[j]` is the change of slope at `breaks[j]` (sorted increasing).
 */
export interface PiecewiseLinearForm {
  c0: number
  slope0: number
  breaks: number[]
  jumps: number[]
}

/** The piecewise-linear form of an activation, or null when σ is not piecewise linear. */
export function piecewiseLinearForm(spec: ActivationSpec): PiecewiseLinearForm | null {
  const knots = activationKnots(spec)
  if (knots) {
    const n = knots.length
    const slopes = [0]
    for (let j = 0; j + 1 < n; j++)
      slopes.push((knots[j + 1][1] - knots[j][1]) / (knots[j + 1][0] - knots[j][0]))
    slopes.push(0)
    const breaks = knots.map(([t]) => t)
    const jumps = knots.map((_, j) => slopes[j + 1] - slopes[j])
    return { c0: knots[0][1], slope0: 0, breaks, jumps }
  }
  if (spec.kind === 'relu') return { c0: 0, slope0: 0, breaks: [0], jumps: [1] }
  if (spec.kind === 'identity') return { c0: 0, slope0: 1, breaks: [], jumps: [] }
  return null
}

/**
 * h_a(s) = E (sG − a)₊ = s φ(a/s) − a Φ̄(a/s) for s > 0, and (−a)₊ at s = 0 (docs/science.md#pde);
 * h_a′(s) = φ(a/s).
 */
export function rampMean(a: number, s: number): number {
  if (s <= 0) return Math.max(-a, 0)
  const z = a / s
  return s * normalPdf(z) - a * normalTail(z)
}

/** Gaussian moments of an activation: closed forms when piecewise linear, else quadrature. */
export function gaussianMoments(spec: ActivationSpec): GaussianMoments {
  const form = piecewiseLinearForm(spec)
  return form ? piecewiseLinearMoments(form) : quadratureMoments(spec)
}

/** φ(a/s) with the s → 0 limit (a point mass at a = 0 gives φ(0), else 0). */
function pdfAt(a: number, s: number): number {
  if (s > 0) return normalPdf(a / s)
  return a === 0 ? normalPdf(0) : 0
}

/** Closed forms for σ = c0 + slope0·t + Σ Δ_j (t − t_j)₊, by Gaussian integration by parts. */
export function piecewiseLinearMoments(form: PiecewiseLinearForm): GaussianMoments {
  const { c0, slope0, breaks, jumps } = form
  const nb = breaks.length
  const mean = (s: number) => {
    let q = c0
    for (let j = 0; j < nb; j++) q += jumps[j] * rampMean(breaks[j], s)
    return q
  }
  const meanDerivative = (s: number) => {
    let dq = 0
    for (let j = 0; j < nb; j++) dq += jumps[j] * pdfAt(breaks[j], s)
    return dq
  }
  // α_k = E[f^{(k)}(G)] for f(g) = σ(sg); f″ = s Σ Δ_j δ(g − t_j/s), so α_k = s Σ Δ_j φ(z_j)
  // He_{k−2}(z_j).
  const hermite = (k: number, s: number) => {
    if (k === 0) return mean(s)
    if (k === 1) {
      let slope = slope0
      for (let j = 0; j < nb; j++) slope += jumps[j] * (s > 0 ? normalTail(breaks[j] / s) : 0.5)
      return s * slope
    }
    if (s <= 0) return 0
    let a = 0
    for (let j = 0; j < nb; j++) {
      const z = breaks[j] / s
      const p = normalPdf(z)
      if (p > 0) a += jumps[j] * p * hermiteHe(k - 2, z)
    }
    return s * a
  }
  const hermiteDerivative = (k: number, s: number) => {
    if (k === 0) return meanDerivative(s)
    if (k === 1) {
      let slope = slope0
      for (let j = 0; j < nb; j++) {
        const z = s > 0 ? breaks[j] / s : Math.sign(breaks[j]) * Infinity
        slope += jumps[j] * (s > 0 ? normalTail(z) + z * normalPdf(z) : 0.5)
      }
      return slope
    }
    if (s <= 0) return k === 2 ? meanDerivative(0) : 0
    let da = 0
    for (let j = 0; j < nb; j++) {
      const z = breaks[j] / s
      const p = normalPdf(z)
      if (p > 0)
        da += jumps[j] * p * ((1 + z * z) * hermiteHe(k - 2, z) - (k - 2) * z * hermiteHe(k - 3, z))
    }
    return da
  }
  const meanSquare = (s: number) => {
    if (s <= 0) return c0 ** 2
    // On each interval between the breaks z_j = t_j/s, σ(sg) = A + B g; integrate (A + B g)² φ
    // exactly.
    let A = c0
    let B = s * slope0
    let lo = -Infinity
    let total = 0
    for (let j = 0; j <= nb; j++) {
      const hi = j < nb ? breaks[j] / s : Infinity
      total += segmentSquare(A, B, lo, hi)
      if (j < nb) {
        A -= jumps[j] * breaks[j]
        B += jumps[j] * s
        lo = hi
      }
    }
    return total
  }
  return { mean, meanDerivative, hermite, hermiteDerivative, meanSquare, method: 'closed-form' }
}

/** ∫_lo^hi (A + B g)² φ(g) dg from the partial moments of N(0, 1). */
function segmentSquare(A: number, B: number, lo: number, hi: number): number {
  if (!(hi > lo)) return 0
  const pLo = Number.isFinite(lo) ? normalPdf(lo) : 0
  const pHi = Number.isFinite(hi) ? normalPdf(hi) : 0
  const m0 = normalTail(lo) - normalTail(hi)
  const m1 = pLo - pHi
  const m2 = m0 + (Number.isFinite(lo) ? lo * pLo : 0) - (Number.isFinite(hi) ? hi * pHi : 0)
  return A * A * m0 + 2 * A * B * m1 + B * B * m2
}

/** Gauss–Hermite moments for smooth activations (exact for the quadratic). */
export function quadratureMoments(
  spec: ActivationSpec,
  order = GAUSS_HERMITE_ORDER
): GaussianMoments {
  const act = makeActivation(spec)
  const { nodes, weights } = gaussHermite(order)
  const n = nodes.length
  const he = (k: number) => Array.from(nodes, (g) => hermiteHe(k, g))
  const heCache = new Map<number, number[]>()
  const heAt = (k: number) => {
    let h = heCache.get(k)
    if (!h) heCache.set(k, (h = he(k)))
    return h
  }
  const hermite = (k: number, s: number) => {
    const h = heAt(k)
    let a = 0
    for (let i = 0; i < n; i++) a += weights[i] * act.value(s * nodes[i]) * h[i]
    return a
  }
  const hermiteDerivative = (k: number, s: number) => {
    const h = heAt(k)
    let a = 0
    for (let i = 0; i < n; i++) a += weights[i] * nodes[i] * act.derivative(s * nodes[i]) * h[i]
    return a
  }
  const meanSquare = (s: number) => {
    let a = 0
    for (let i = 0; i < n; i++) a += weights[i] * act.value(s * nodes[i]) ** 2
    return a
  }
  return {
    mean: (s) => hermite(0, s),
    meanDerivative: (s) => hermiteDerivative(0, s),
    hermite,
    hermiteDerivative,
    meanSquare,
    method: 'quadrature'
  }
}
