import { makeActivation } from '../activations'
import type { ActivationSpec } from '../../spec/experiment-spec'
import {
  gaussianMoments,
  piecewiseLinearForm,
  rampMean,
  type GaussianMoments
} from './gaussian-moments'
import { gaussianLineRule } from './gaussian-line-rule'
import { gaussHermite, normalPdf, normalTail, type GaussRule } from './gaussian-quadrature'

/**
 * m(μ, v) = E σ(μ + vG), G ~ N(0, 1), and its partial derivatives: the student's mean given the
 * planted direction's projection. Closed forms for piecewise-linear σ (ReLU, truncated ReLU,
 * knots, identity), erf and the quadratic; Gauss–Hermite (`INNER_ORDER` nodes) otherwise.
 * Writes [m, ∂_μ m, ∂_v m] into out[0..2].
 */
export type ConditionalMean = (mu: number, v: number, out: Float64Array) => void

/** Gauss–Hermite order of the inner G2 integral for tanh and sigmoid (~2e-5 accurate at v = 1.5). */
export const INNER_ORDER = 32

/** Builds the `ConditionalMean` of an activation. */
export function conditionalMean(spec: ActivationSpec): ConditionalMean {
  const form = piecewiseLinearForm(spec)
  if (form) {
    const { c0, slope0, breaks, jumps } = form
    return (mu, v, out) => {
      let m = c0 + slope0 * mu
      let dm = slope0
      let dv = 0
      for (let j = 0; j < breaks.length; j++) {
        const a = breaks[j] - mu
        m += jumps[j] * rampMean(a, v)
        if (v > 0) {
          const z = a / v
          dm += jumps[j] * normalTail(z)
          dv += jumps[j] * normalPdf(z)
        } else dm += a < 0 ? jumps[j] : 0
      }
      out[0] = m
      out[1] = dm
      out[2] = dv
    }
  }
  if (spec.kind === 'erf') {
    const act = makeActivation(spec)
    // E erf(μ + vG) = erf(μ/√(1 + 2v²))
    return (mu, v, out) => {
      const k = 1 + 2 * v * v
      const root = Math.sqrt(k)
      const e = (2 / Math.sqrt(Math.PI)) * Math.exp((-mu * mu) / k)
      out[0] = act.value(mu / root)
      out[1] = e / root
      out[2] = (-e * 2 * mu * v) / (k * root)
    }
  }
  if (spec.kind === 'quadratic')
    return (mu, v, out) => {
      out[0] = mu * mu + v * v
      out[1] = 2 * mu
      out[2] = 2 * v
    }
  const act = makeActivation(spec)
  const { nodes, weights } = gaussHermite(INNER_ORDER)
  return (mu, v, out) => {
    let m = 0
    let dm = 0
    let dv = 0
    for (let k = 0; k < nodes.length; k++) {
      const t = mu + v * nodes[k]
      const w = weights[k]
      m += w * act.value(t)
      const g = w * act.derivative(t)
      dm += g
      dv += g * nodes[k]
    }
    out[0] = m
    out[1] = dm
    out[2] = dv
  }
}

/**
 * The (a, s, r) reduction of the distributional dynamics for the single-index task (docs/science.md#pde,
 * seed 004), in the app's convention: x ~ N(0, I_d/d) (or the sphere), ‖w*‖ = √d,
 * y = σ*(⟨w*, x⟩) + ε, f(x) = (1/M) Σ_i a_i σ(⟨w_i, x⟩) (no bias), one-pass SGD = `sgdStep`
 * with alpha = 1, time t = k·s. Coordinates s = ⟨w, w*⟩/‖w*‖, r = ‖P⊥w‖ (app units, ‖w‖² =
 * s² + r²), and the pre-activation scales u = s/√d, v = r/√d.
 *
 * With G1 = ⟨w*, x⟩ and ⟨w, x⟩ = u G1 + v G2 (G1, G2 i.i.d. N(0, 1): exact for Gaussian inputs,
 * up to O(1/d) for the sphere), and m(u, v; g) = E σ(u g + v G2):
 * - V(θ) = −E[y a σ(⟨w, x⟩)] = −a E[σ*(G1) m(u, v; G1)] (exact for Gaussian inputs).
 * - U(θ, θ′) = a a′ E σ(h)σ(h′); for an invariant law the perpendicular directions of two particles
 *   have cosine c with E c² = 1/(d − 1). Dropping every c-term (the d → ∞ kernel; the first dropped
 *   term is (1/(d−1))·½ E[β₂β₂′], β₂ = E[σ(u G1 + v G2) He₂(G2) | G1] = v² E[σ″ | G1]) leaves
 *   ∫U(θ, θ′)dρ(θ′) = a E[m(u, v; G1) F(G1)], F(g) = ∫ a′ m(u′, v′; g) dρ = E[f | G1 = g].
 * - So ψ(θ; ρ) = −a E[(σ*(G1) − F(G1)) m(u, v; G1)], and the risk at M = ∞ is
 *   R = E ε² + E(σ*(G1) − F(G1))² (f concentrates on F(G1) as d → ∞).
 * - The characteristics of ∂_tρ = 2∇·(ρ∇Ψ): da/dt = −2∂_aψ, ds/dt = −2∂_sψ = −(2/√d)∂_uψ,
 *   dr/dt = −(2/√d)∂_vψ (∇_w = ∂_s ŵ* + ∂_r e⊥). In the app's convention the weights therefore
 *   move 1/d slower, relative to their own scale √d, than a: that is what `sgdStep` does with
 *   inputs of norm ≈ 1.
 * The G1 expectation uses `gaussianLineRule` (Gauss–Hermite for a smooth link, composite
 * Gauss–Legendre split at the link's kinks); the G2 one `conditionalMean`.
 * Neglected 1/d effects: the c-terms of U (O(1/d)), the non-Gaussian law of √d⟨u, x⟩ on the
 * sphere (O(1/d)), the O(1/d) fluctuation of f around F(G1), and the finite step's O(s) drift.
 */
export interface SingleIndexModel {
  readonly d: number
  readonly link: ActivationSpec
  readonly student: ActivationSpec
  /** Variance of the label noise ε. */
  readonly noiseVariance: number
  /** Outer rule for G1 = ⟨w*, x⟩. */
  readonly rule: GaussRule
  /** σ*(g) at the rule's nodes. */
  readonly target: Float64Array
  readonly mean: ConditionalMean
  readonly moments: GaussianMoments
}

/** Options of `makeSingleIndexModel`. */
export interface SingleIndexModelOptions {
  d: number
  link: ActivationSpec
  student: ActivationSpec
  /** Standard deviation of ε (default 0). */
  noiseStd?: number
  /** Gauss–Hermite order of the G1 rule for a smooth link (default 48). */
  order?: number
}

/** Builds the single-index model. */
export function makeSingleIndexModel(opts: SingleIndexModelOptions): SingleIndexModel {
  const breaks = piecewiseLinearForm(opts.link)?.breaks ?? []
  const rule = gaussianLineRule(breaks, opts.order ?? 48)
  const link = makeActivation(opts.link)
  return {
    d: opts.d,
    link: opts.link,
    student: opts.student,
    noiseVariance: (opts.noiseStd ?? 0) ** 2,
    rule,
    target: rule.nodes.map((g) => link.value(g)),
    mean: conditionalMean(opts.student),
    moments: gaussianMoments(opts.student)
  }
}

/** The state of N particles: a[p], s[p], r[p]. */
export interface SingleIndexState {
  a: Float64Array
  s: Float64Array
  r: Float64Array
}

/** Buffers of `singleIndexField`: m, ∂_μ m, ∂_v m per (particle, node), layout p·Q + n. */
export interface SingleIndexWork {
  m: Float64Array
  dm: Float64Array
  dv: Float64Array
  /** F(g_n) − σ*(g_n) at the nodes (the residual with the sign of ψ). */
  gap: Float64Array
}

/** Evaluates m and its derivatives at every (particle, node), and F − σ* at the nodes. */
export function singleIndexField(
  model: SingleIndexModel,
  z: SingleIndexState,
  work?: SingleIndexWork
): SingleIndexWork {
  const Q = model.rule.nodes.length
  const n = z.a.length
  const w =
    work && work.m.length >= n * Q
      ? work
      : {
          m: new Float64Array(n * Q),
          dm: new Float64Array(n * Q),
          dv: new Float64Array(n * Q),
          gap: new Float64Array(Q)
        }
  const scale = 1 / Math.sqrt(model.d)
  const tmp = new Float64Array(3)
  w.gap.fill(0)
  for (let p = 0; p < n; p++) {
    const u = z.s[p] * scale
    const v = z.r[p] * scale
    for (let k = 0; k < Q; k++) {
      model.mean(u * model.rule.nodes[k], v, tmp)
      const o = p * Q + k
      w.m[o] = tmp[0]
      w.dm[o] = tmp[1]
      w.dv[o] = tmp[2]
      w.gap[k] += (z.a[p] * tmp[0]) / n
    }
  }
  for (let k = 0; k < Q; k++) w.gap[k] -= model.target[k]
  return w
}

/** Which coordinates move (a fixed group has zero drift). */
export interface SingleIndexTrain {
  a: boolean
  w: boolean
}

/**
 * Writes the drift (da, ds, dr)/dt = −2(∂_a, ∂_s, ∂_r)ψ_λ of every particle (ψ_λ = ψ + λ(a² + s²
 * + r²)/2 over the trained groups), ρ the empirical law of the particles.
 */
export function singleIndexDrift(
  model: SingleIndexModel,
  z: SingleIndexState,
  out: SingleIndexState,
  train: SingleIndexTrain = { a: true, w: true },
  lambda = 0,
  work?: SingleIndexWork
): void {
  const f = singleIndexField(model, z, work)
  const Q = model.rule.nodes.length
  const { nodes, weights } = model.rule
  const scale = 1 / Math.sqrt(model.d)
  for (let p = 0; p < z.a.length; p++) {
    // ψ = a Σ_n ω_n (F − σ*)(g_n) m(u g_n, v)
    let pa = 0
    let pu = 0
    let pv = 0
    for (let k = 0; k < Q; k++) {
      const c = weights[k] * f.gap[k]
      const o = p * Q + k
      pa += c * f.m[o]
      pu += c * nodes[k] * f.dm[o]
      pv += c * f.dv[o]
    }
    const a = z.a[p]
    out.a[p] = train.a ? -2 * (pa + lambda * a) : 0
    out.s[p] = train.w ? -2 * (a * pu * scale + lambda * z.s[p]) : 0
    out.r[p] = train.w ? -2 * (a * pv * scale + lambda * z.r[p]) : 0
  }
}

/**
 * R(ρ) = E ε² + E(σ*(G1) − F(G1))² for the empirical law of the particles (M = ∞). With
 * `particles: M` it adds the diagonal terms (1/M)(1/N) Σ_p a_p² [E σ(√(u_p² + v_p²) G)² −
 * E m(u_p, v_p; G1)²]: the expected risk of an M-neuron network with these (a, s, r) and
 * independent uniform perpendicular directions.
 */
export function singleIndexRisk(
  model: SingleIndexModel,
  z: SingleIndexState,
  particles = Infinity
): number {
  const f = singleIndexField(model, z)
  const Q = model.rule.nodes.length
  const w = model.rule.weights
  let risk = model.noiseVariance
  for (let k = 0; k < Q; k++) risk += w[k] * f.gap[k] ** 2
  if (Number.isFinite(particles)) {
    const n = z.a.length
    const scale = 1 / Math.sqrt(model.d)
    let self = 0
    for (let p = 0; p < n; p++) {
      let cond = 0
      for (let k = 0; k < Q; k++) cond += w[k] * f.m[p * Q + k] ** 2
      const total = model.moments.meanSquare(Math.hypot(z.s[p], z.r[p]) * scale)
      self += z.a[p] ** 2 * (total - cond)
    }
    risk += self / n / particles
  }
  return risk
}
