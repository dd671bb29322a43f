import type { ActivationSpec } from '../../spec/experiment-spec'
import { gaussianMoments, type GaussianMoments } from './gaussian-moments'
import { EvenMomentTable } from './moment-table'
import { cosineEvenMoments } from './radial-model'

/**
 * The (r1, r2) reduction of the distributional dynamics for anisotropic two Gaussians
 * (docs/science.md#pde, seed 002).
 *
 * Model: y = ±1 w.p. ½, x ~ N(0, I_d + (τ_y² − 1) P_V) with dim V = s0, τ± = 1 ± Δ,
 * f(x) = (1/M) Σ_i σ(⟨w_i, x⟩) (a ≡ 1, no bias, only w trains: `sgdStep` with alpha = 1), time
 * t = k·s. A law of w invariant under rotations within V and within V⊥ (w ~ N(0, κ²/d · I) is)
 * stays so, and is described by the law ρ̄ of (r1, r2) = (‖P_V w‖, ‖P_V⊥ w‖); each particle
 * follows dr_k/dt = −2 ∂_{r_k} ψ(r1, r2; ρ̄) (∇_w ψ = ∂_{r1}ψ P_V w/r1 + ∂_{r2}ψ P_V⊥ w/r2).
 *
 * Write ς_τ(r1, r2) = √(τ² r1² + r2²) and q(s) = E σ(sG). Then:
 * - V(w) = −E[y σ(⟨w, x⟩)] = −½[q(ς₊) − q(ς₋)] is exact at every d (⟨w, x⟩ ~ N(0, ς_τ²)).
 * - U(w, w′) = ½ Σ_τ E σ(g)σ(g′), (g, g′) centred Gaussian with variances ς_τ², ς_τ′² and
 *   covariance τ² r1 r1′ c1 + r2 r2′ c2; c1, c2 are the cosines of the V- and V⊥-directions of two
 *   independent particles (independent, densities ∝ (1 − c²)^((n−3)/2) for n = s0 and d − s0).
 *   Mehler's formula and E ρ^k over (c1, c2) give the exact average (`finiteD`):
 *     u(z, z′) = ½ Σ_τ Σ_{i,l ≥ 0} c_{il} β_{τ,il}(z) β_{τ,il}(z′),
 *     c_{il} = E c1^{2i} E c2^{2l} / ((2i)! (2l)!),
 *     β_{τ,il}(r1, r2) = α_{2i+2l}(ς_τ) (τ r1/ς_τ)^{2i} (r2/ς_τ)^{2l}, α_k(s) = E[σ(sG) He_k(G)].
 *   Only (i, l) = (0, 0) survives when s0 → ∞ and d − s0 → ∞ (the d → ∞ kernel
 *   u = ½ Σ_τ q(ς_τ(z)) q(ς_τ(z′))); the first dropped terms are O(1/s0) and O(1/(d − s0)).
 *   With s0 fixed and d → ∞, pass `s0` with `finiteD` and a large d: the V-terms stay.
 * - R(ρ̄) = 1 − (Q₊ − Q₋) + ½ Σ_τ Σ_{il} c_{il} B_{τ,il}², B = ∫β dρ̄, Q_τ = B_{τ,00}; with the
 *   d → ∞ kernel R = ½(1 − Q₊)² + ½(1 + Q₋)² (f concentrates on its class mean Q_τ).
 * Exact (for M = ∞, an invariant ρ and Gaussian data): V, the finite-d series (up to the cut
 * `ANISOTROPIC_SERIES_TOL`); approximate: the d → ∞ kernel. Gaussian data makes every step exact;
 * there is no non-Gaussian input correction here.
 */
export interface AnisotropicModel {
  /** [τ₊, τ₋]. */
  readonly taus: readonly [number, number]
  readonly d: number
  /** dim V. */
  readonly s0: number
  /** Interaction terms (i, l, c_{il}); only (0, 0, 1) for the d → ∞ kernel. */
  readonly terms: readonly { i: number; l: number; c: number }[]
  readonly moments: GaussianMoments
  /** α_{2j}(s), α′_{2j}(s) for 2j up to the largest 2(i + l) of the terms. */
  readonly table: EvenMomentTable
}

/**
 * A term (i, l) of the series is dropped when E c1^{2i} E c2^{2l} C(2i+2l, 2i) · max_ς α_k(ς)²/k!
 * (k = 2i + 2l, ς up to `sRange`) is below this: a bound on its share of the risk and of ψ.
 */
export const ANISOTROPIC_SERIES_TOL = 1e-6

/** Largest Hermite order 2(i + l) kept in the series. */
export const ANISOTROPIC_MAX_ORDER = 40

/** Options of `makeAnisotropicModel`. */
export interface AnisotropicModelOptions {
  activation: ActivationSpec
  delta: number
  d: number
  /** dim V (1 ≤ s0 < d). */
  s0: number
  /** Use the exact finite-(s0, d) cosine series instead of the d → ∞ kernel. Default false. */
  finiteD?: boolean
  /** Upper end of the ς grid of the moment table (default 8). */
  sMax?: number
  /** Largest ς the particles are expected to reach, to size the series cut (default sMax). */
  sRange?: number
  /** Series cut (default `ANISOTROPIC_SERIES_TOL`): a term whose bound is below it is dropped. */
  seriesTol?: number
}

/** Builds the anisotropic model. */
export function makeAnisotropicModel(opts: AnisotropicModelOptions): AnisotropicModel {
  const { d, s0 } = opts
  if (!(s0 >= 1 && s0 < d)) throw new Error('makeAnisotropicModel: need 1 ≤ s0 < d')
  const moments = gaussianMoments(opts.activation)
  const sMax = opts.sMax ?? 8
  const terms: { i: number; l: number; c: number }[] = [{ i: 0, l: 0, c: 1 }]
  if (opts.finiteD) {
    const half = ANISOTROPIC_MAX_ORDER / 2
    const m1 = cosineEvenMoments(s0, 0, half + 1)
    const m2 = cosineEvenMoments(d - s0, 0, half + 1)
    // size of the order-k block: max over ς ≤ sRange of α_k(ς)²/k! (Σ_k of these is E σ(ςG)²)
    const sRange = opts.sRange ?? sMax
    const tol = opts.seriesTol ?? ANISOTROPIC_SERIES_TOL
    const block = Array.from({ length: half + 1 }, (_, j) => {
      let m = 0
      for (let g = 1; g <= 64; g++) m = Math.max(m, moments.hermite(2 * j, (g / 64) * sRange) ** 2)
      return m / factorial(2 * j)
    })
    terms.length = 0
    for (let i = 0; i <= half; i++)
      for (let l = 0; i + l <= half; l++) {
        const weight = m1[i] * m2[l] * binomial(2 * i + 2 * l, 2 * i) * block[i + l]
        if (i + l > 0 && weight < tol) continue
        terms.push({ i, l, c: (m1[i] * m2[l]) / (factorial(2 * i) * factorial(2 * l)) })
      }
  }
  const orders = 1 + terms.reduce((m, t) => Math.max(m, t.i + t.l), 0)
  const table = new EvenMomentTable(moments, orders, sMax)
  return { taus: [1 + opts.delta, 1 - opts.delta], d, s0, terms, moments, table }
}

function factorial(n: number): number {
  let f = 1
  for (let i = 2; i <= n; i++) f *= i
  return f
}

function binomial(n: number, k: number): number {
  let b = 1
  for (let j = 1; j <= k; j++) b = (b * (n - k + j)) / j
  return b
}

/** ς_τ(r1, r2) = √(τ² r1² + r2²): the standard deviation of ⟨w, x⟩ under class τ. */
export function anisotropicScale(tau: number, r1: number, r2: number): number {
  return Math.sqrt(tau * tau * r1 * r1 + r2 * r2)
}

/** v(r1, r2) = −½[q(ς₊) − q(ς₋)] (exact). */
export function anisotropicPotential(model: AnisotropicModel, r1: number, r2: number): number {
  const [tp, tm] = model.taus
  return (
    -0.5 *
    (model.moments.mean(anisotropicScale(tp, r1, r2)) -
      model.moments.mean(anisotropicScale(tm, r1, r2)))
  )
}

/**
 * Features β_{τ,il}(r1_p, r2_p) and their r1-, r2-derivatives for every particle p and both τ.
 * Layout: index ((p·2 + t)·T + term), T = model.terms.length.
 */
export interface AnisotropicFeatures {
  value: Float64Array
  d1: Float64Array
  d2: Float64Array
}

/** Evaluates `AnisotropicFeatures` of the particles (r1[p], r2[p]) into `out` (reused buffers). */
export function anisotropicFeatures(
  model: AnisotropicModel,
  r1: ArrayLike<number>,
  r2: ArrayLike<number>,
  out?: AnisotropicFeatures
): AnisotropicFeatures {
  const T = model.terms.length
  const n = r1.length
  const size = 2 * n * T
  const f =
    out && out.value.length >= size
      ? out
      : { value: new Float64Array(size), d1: new Float64Array(size), d2: new Float64Array(size) }
  const J = model.table.orders
  const alpha = new Float64Array(J)
  const slope = new Float64Array(J)
  // u1^{2j}, u2^{2j} for j ≤ J (one more than the largest i + l, for the derivatives)
  const pw1 = new Float64Array(J + 1)
  const pw2 = new Float64Array(J + 1)
  for (let p = 0; p < n; p++)
    for (let t = 0; t < 2; t++) {
      const tau = model.taus[t]
      const x = r1[p]
      const y = r2[p]
      const s = anisotropicScale(tau, x, y)
      model.table.evaluate(s, alpha, slope)
      // u1 = τ r1/ς, u2 = r2/ς (u1² + u2² = 1); ∂ς/∂r1 = τ u1, ∂ς/∂r2 = u2
      const u1 = s > 0 ? (tau * x) / s : 0
      const u2 = s > 0 ? y / s : 1
      const o = (p * 2 + t) * T
      pw1[0] = 1
      pw2[0] = 1
      for (let j = 1; j <= J; j++) {
        pw1[j] = pw1[j - 1] * u1 * u1
        pw2[j] = pw2[j - 1] * u2 * u2
      }
      for (let k = 0; k < T; k++) {
        const { i, l } = model.terms[k]
        const j = i + l
        const g = pw1[i] * pw2[l]
        // ∂g/∂r1 = (τ/ς)[2i u1^{2i−1} u2^{2l+2} − 2l u1^{2i+1} u2^{2l}],
        // ∂g/∂r2 = (1/ς)[2l u1^{2i+2} u2^{2l−1} − 2i u1^{2i} u2^{2l+1}]
        let g1 = 0
        let g2 = 0
        if (j > 0 && s > 0) {
          if (i > 0) {
            g1 += 2 * i * pw1[i - 1] * u1 * pw2[l + 1]
            g2 -= 2 * i * pw1[i] * pw2[l] * u2
          }
          if (l > 0) {
            g1 -= 2 * l * pw1[i] * u1 * pw2[l]
            g2 += 2 * l * pw1[i + 1] * pw2[l - 1] * u2
          }
          g1 *= tau / s
          g2 /= s
        }
        f.value[o + k] = alpha[j] * g
        f.d1[o + k] = slope[j] * tau * u1 * g + alpha[j] * g1
        f.d2[o + k] = slope[j] * u2 * g + alpha[j] * g2
      }
    }
  return f
}

/** B_{τ,il} = (1/N) Σ_p β_{τ,il}(z_p): row t = 0 for τ₊, 1 for τ₋; layout out[t·T + term]. */
export function anisotropicMeanField(
  model: AnisotropicModel,
  features: AnisotropicFeatures,
  n: number
): Float64Array {
  const T = model.terms.length
  const out = new Float64Array(2 * T)
  for (let p = 0; p < n; p++)
    for (let t = 0; t < 2; t++)
      for (let k = 0; k < T; k++) out[t * T + k] += features.value[(p * 2 + t) * T + k] / n
  return out
}

/**
 * Writes the drift (−2∂_{r1}ψ_λ, −2∂_{r2}ψ_λ) of every particle into out1, out2 (ψ_λ = ψ +
 * λ(r1² + r2²)/2), ρ̄ the empirical law of the particles. Units: radius per unit time t = k·s.
 */
export function anisotropicDrift(
  model: AnisotropicModel,
  r1: ArrayLike<number>,
  r2: ArrayLike<number>,
  out1: Float64Array,
  out2: Float64Array,
  lambda = 0,
  work?: AnisotropicFeatures
): void {
  const n = r1.length
  const T = model.terms.length
  const f = anisotropicFeatures(model, r1, r2, work)
  const field = anisotropicMeanField(model, f, n)
  for (let p = 0; p < n; p++) {
    let p1 = lambda * r1[p]
    let p2 = lambda * r2[p]
    for (let t = 0; t < 2; t++) {
      const o = (p * 2 + t) * T
      // v = −½ q(ς₊) + ½ q(ς₋): term (0, 0) is first and β_{τ,00} = q(ς_τ)
      const sign = t === 0 ? -0.5 : 0.5
      p1 += sign * f.d1[o]
      p2 += sign * f.d2[o]
      for (let k = 0; k < T; k++) {
        const w = 0.5 * model.terms[k].c * field[t * T + k]
        p1 += w * f.d1[o + k]
        p2 += w * f.d2[o + k]
      }
    }
    out1[p] = -2 * p1
    out2[p] = -2 * p2
  }
}

/**
 * R(ρ̄) of the empirical law of the particles (see `AnisotropicModel`). With `particles: M` it adds
 * the 1/M self-interaction (1/M)(1/N) Σ_p ½ Σ_τ [E σ(ς_τ G)² − Σ c_{il} β_{τ,il}²]: the expected
 * risk of an M-neuron network with these (r1, r2) and independent uniform directions.
 */
export function anisotropicRisk(
  model: AnisotropicModel,
  r1: ArrayLike<number>,
  r2: ArrayLike<number>,
  particles = Infinity
): number {
  const n = r1.length
  const T = model.terms.length
  const f = anisotropicFeatures(model, r1, r2)
  const field = anisotropicMeanField(model, f, n)
  let risk = 1 - (field[0] - field[T])
  for (let t = 0; t < 2; t++)
    for (let k = 0; k < T; k++) risk += 0.5 * model.terms[k].c * field[t * T + k] ** 2
  if (Number.isFinite(particles)) {
    let self = 0
    for (let p = 0; p < n; p++)
      for (let t = 0; t < 2; t++) {
        let diag = model.moments.meanSquare(anisotropicScale(model.taus[t], r1[p], r2[p]))
        const o = (p * 2 + t) * T
        for (let k = 0; k < T; k++) diag -= model.terms[k].c * f.value[o + k] ** 2
        self += 0.5 * diag
      }
    risk += self / n / particles
  }
  return risk
}
