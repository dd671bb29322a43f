import type { ActivationSpec } from '../../spec/experiment-spec'
import { gaussianMoments, type GaussianMoments } from './gaussian-moments'
import { EvenMomentTable, TablePoints } from './moment-table'

/**
 * The radial reduction of the distributional dynamics for isotropic two Gaussians (docs/science.md#pde).
 *
 * Model (MMN's classification example, the convention of the SGD-vs-PDE preset): y = ±1 w.p. ½,
 * x ~ N(0, τ_y² I_d), τ± = 1 ± Δ, f(x) = (1/M) Σ_i σ(⟨w_i, x⟩) (a ≡ 1 fixed, no bias, only w
 * trains), one-pass SGD w_i ← w_i + 2s (y − f(x)) σ′(⟨w_i, x⟩) x, i.e. `sgdStep` with alpha = 1 and
 * train = { a: false, b: false, w: true }; time t = k·s. For a rotation-invariant law ρ of w, the
 * law ρ̄ of r = ‖w‖ follows dr/dt = −2 ∂_r ψ(r; ρ̄).
 *
 * What is exact and what is the d → ∞ approximation:
 * - q_τ(r) = E σ(τ r G) and v(r) = V(w) = −E[y σ(⟨w, x⟩)] = −½[q₊(r) − q₋(r)] are exact at
 *   every d, because ⟨w, x⟩ ~ N(0, τ² r²) given the class.
 * - U(w, w′) = E[σ(⟨w,x⟩)σ(⟨w′,x⟩)] depends on the angle; its average over independent uniform
 *   directions, with cosine c of density ∝ (1 − c²)^((d−3)/2), is by Mehler's formula
 *     u_d(r, r′) = ½ Σ_τ Σ_{j≥0} (E c^{2j}/(2j)!) α_{2j}(τ r) α_{2j}(τ r′),
 *   α_k(s) = E[σ(sG) He_k(G)], E c^{2j} = Π_{i<j} (2i + 1)/(d + 2i). This is exact for a
 *   rotation-invariant ρ at finite d (`finiteD`: the exact cosine average, summed as a series
 *   instead of tabulated); keeping only j = 0 gives the d → ∞ limit
 *   u(r, r′) = ½[q₊(r)q₊(r′) + q₋(r)q₋(r′)].
 * - The risk R(ρ) = E(y − f)² = 1 + 2∫V dρ + ∫∫U dρdρ = 1 − (Q₊ − Q₋) + ∫∫u_d dρ̄dρ̄ with
 *   Q± = ∫ q_{τ±} dρ̄ (exact for M = ∞ and rotation-invariant ρ). With u = u_∞ it becomes
 *   R = ½(1 − Q₊)² + ½(1 + Q₋)²: f(x) concentrates on its class mean Q_τ as d → ∞ (the O(1/d)
 *   term E c²·α_2α_2 is the first one dropped).
 * - For M particles the pair sum has M diagonal terms U(w_i, w_i) = ½Σ_τ E σ(τ r_i G)²;
 *   `radialRisk` adds that 1/M self-interaction on request (to compare with SGD at small M).
 * The separable form makes ψ(r; ρ̄) = v(r) + ½Σ_τ Σ_j c_j α_{2j}(τ r) A_{τ,j} with
 * A_{τ,j} = ∫α_{2j}(τ r′) dρ̄, so one step of the particle scheme costs O(N·J), not O(N²).
 */
export interface RadialModel {
  /** [τ₊, τ₋] = [1 + Δ, 1 − Δ]. */
  readonly taus: readonly [number, number]
  /** Dimension used by u_d; Infinity for the d → ∞ kernel. */
  readonly d: number
  /** c_j = E c^{2j}/(2j)!, j = 0..J (c_0 = 1; only c_0 when d = ∞). */
  readonly coefficients: Float64Array
  readonly moments: GaussianMoments
  /** Fast α_{2j}(s), α′_{2j}(s) (cubic Hermite table) used by the particle scheme. */
  readonly table: EvenMomentTable
}

/**
 * E c^{2j} below which the cosine-moment series of u_d is cut. The dropped terms are ≤ E c^{2j}·Eσ²
 * and in practice ~1e-8 for the truncated ReLU at d = 40 (they fall geometrically, ratio ≈ 0.3).
 */
export const COSINE_SERIES_TOL = 1e-7

/**
 * E c^{2j}, j = 0..J, for the cosine c between two independent uniform directions in R^d
 * (density ∝ (1 − c²)^((d−3)/2)): E c^{2j} = Π_{i<j} (2i + 1)/(d + 2i). Stops once below `tol`.
 */
export function cosineEvenMoments(d: number, tol = COSINE_SERIES_TOL, maxTerms = 40): Float64Array {
  if (!Number.isFinite(d)) return Float64Array.of(1)
  const out = [1]
  let m = 1
  for (let j = 0; j + 1 < maxTerms; j++) {
    m *= (2 * j + 1) / (d + 2 * j)
    if (m < tol) break
    out.push(m)
  }
  return Float64Array.from(out)
}

/** Options of `makeRadialModel`. */
export interface RadialModelOptions {
  activation: ActivationSpec
  /** Δ of τ± = 1 ± Δ. */
  delta: number
  /** Dimension for the finite-d kernel u_d; omit (or Infinity) for d → ∞. */
  d?: number
  /** Upper end of the s = τ r grid of the moment table (default 8). */
  sMax?: number
}

/** Builds the radial model (potentials, interaction coefficients, moment table). */
export function makeRadialModel(opts: RadialModelOptions): RadialModel {
  const d = opts.d ?? Infinity
  const moments = gaussianMoments(opts.activation)
  const m = cosineEvenMoments(d)
  const coefficients = m.map((mj, j) => mj / factorial(2 * j))
  const table = new EvenMomentTable(moments, coefficients.length, opts.sMax ?? 8)
  return { taus: [1 + opts.delta, 1 - opts.delta], d, coefficients, moments, table }
}

function factorial(n: number): number {
  let f = 1
  for (let i = 2; i <= n; i++) f *= i
  return f
}

/** q_τ(r) = E σ(τ r G). */
export function radialMean(model: RadialModel, tau: number, r: number): number {
  return model.moments.mean(tau * r)
}

/** v(r) = −½[q₊(r) − q₋(r)] (exact). */
export function radialPotential(model: RadialModel, r: number): number {
  const [tp, tm] = model.taus
  return -0.5 * (model.moments.mean(tp * r) - model.moments.mean(tm * r))
}

/** u_d(r, r′) (or u_∞ when model.d = ∞), exact series, see `RadialModel`. */
export function radialInteraction(model: RadialModel, r: number, r2: number): number {
  let u = 0
  for (const tau of model.taus)
    for (let j = 0; j < model.coefficients.length; j++)
      u +=
        0.5 *
        model.coefficients[j] *
        model.moments.hermite(2 * j, tau * r) *
        model.moments.hermite(2 * j, tau * r2)
  return u
}

/**
 * A_{τ,j} = (1/N) Σ_i α_{2j}(τ r_i) for τ = τ₊ (row 0) and τ₋ (row 1): the mean field that the
 * drift and the risk need. Q± = A_{±,0}. Layout: out[t·J + j].
 */
export function radialMeanField(
  model: RadialModel,
  radii: ArrayLike<number>,
  at = new TablePoints()
): Float64Array {
  const J = model.coefficients.length
  const out = new Float64Array(2 * J)
  for (let t = 0; t < 2; t++) {
    model.table.locate(model.taus[t], radii, at)
    model.table.sumValues(at, out, t * J)
  }
  for (let k = 0; k < 2 * J; k++) out[k] /= radii.length
  return out
}

/**
 * Writes the drift −2 ∂_r ψ_λ(r_i; ρ̄) for every radius into `out` (ψ_λ = ψ + λ r²/2), with ρ̄ the
 * empirical law of `radii`. Units: radius per unit time t = k·s. Per τ, the radii are located on
 * the table once for two passes: the mean field A_{τ,j}, then one weighted sum of the table's
 * slopes, since ∂_r ψ = Σ_τ τ [∓½ α′_0(τ r) + ½ Σ_j c_j A_{τ,j} α′_{2j}(τ r)]
 * (v′ = −½(τ₊q′₊ − τ₋q′₋)), and the weights of τ need only A_{τ,·}. `at` reuses its buffers
 * between calls.
 */
export function radialDrift(
  model: RadialModel,
  radii: ArrayLike<number>,
  out: Float64Array,
  lambda = 0,
  at = new TablePoints()
): void {
  const J = model.coefficients.length
  const n = radii.length
  const c = model.coefficients
  // first N·A_{τ,j}, then in place the weights ½c_j A_{τ,j} of α′_{2j}, with v′'s ∓½ on j = 0
  const weights = new Float64Array(J)
  for (let i = 0; i < n; i++) out[i] = -2 * lambda * radii[i]
  for (let t = 0; t < 2; t++) {
    model.table.locate(model.taus[t], radii, at)
    weights.fill(0)
    model.table.sumValues(at, weights)
    for (let j = 0; j < J; j++) weights[j] = (0.5 * c[j] * weights[j]) / n
    weights[0] += t === 0 ? -0.5 : 0.5
    model.table.addSlopeCombination(at, weights, -2 * model.taus[t], out)
  }
}

/**
 * The risk R(ρ̄) = 1 − (Q₊ − Q₋) + ½ Σ_τ Σ_j c_j A_{τ,j}² of the empirical law of `radii`
 * (= ½(1 − Q₊)² + ½(1 + Q₋)² when model.d = ∞). With `particles: M` it adds the self-interaction
 * (1/M)·(1/N)Σ_i ½Σ_τ [E σ(τ r_i G)² − Σ_j c_j α_{2j}(τ r_i)²]: the expected risk of an M-neuron
 * network whose radii are `radii` (N = M) and whose directions are independent and uniform.
 */
export function radialRisk(
  model: RadialModel,
  radii: ArrayLike<number>,
  particles = Infinity,
  at?: TablePoints
): number {
  const J = model.coefficients.length
  const field = radialMeanField(model, radii, at)
  let r = 1 - (field[0] - field[J])
  for (let t = 0; t < 2; t++)
    for (let j = 0; j < J; j++) r += 0.5 * model.coefficients[j] * field[t * J + j] ** 2
  if (Number.isFinite(particles)) {
    let self = 0
    for (let i = 0; i < radii.length; i++)
      for (const tau of model.taus) {
        let diag = model.moments.meanSquare(tau * radii[i])
        for (let j = 0; j < J; j++)
          diag -= model.coefficients[j] * model.moments.hermite(2 * j, tau * radii[i]) ** 2
        self += 0.5 * diag
      }
    r += self / radii.length / particles
  }
  return r
}
