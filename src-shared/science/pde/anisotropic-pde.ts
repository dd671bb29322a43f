import type { ActivationSpec } from '../../spec/experiment-spec'
import { Rng } from '../rng'
import {
  anisotropicDrift,
  anisotropicRisk,
  makeAnisotropicModel,
  type AnisotropicFeatures,
  type AnisotropicModel
} from './anisotropic-model'
import { sampleInitialRadii } from './radial-density'

/** Options of `solveAnisotropicPde` (SCIENCE.md §5). Times are in SGD time t = k·s. */
export interface AnisotropicPdeOptions {
  activation: ActivationSpec
  /** Δ of τ± = 1 ± Δ. */
  delta: number
  /** Input dimension d. */
  d: number
  /** dim V = s0 (1 ≤ s0 < d). */
  s0: number
  /** Init scale κ of w ~ N(0, κ²/d · I): r1 ~ (κ/√d)χ_{s0}, r2 ~ (κ/√d)χ_{d−s0}, independent. */
  kappa: number
  /** Number N of Lagrangian (r1, r2) particles of the scheme. */
  particles: number
  tEnd: number
  /** RK4 time step. */
  dt: number
  /** L2 strength λ; default 0. */
  lambda?: number
  /** Seed of the initial particles ('pde-init' stream). */
  seed: number
  /** Exact finite-(s0, d) cosine series for U instead of the d → ∞ kernel. Default false. */
  finiteD?: boolean
  /** Times at which to record (clipped to [0, tEnd]). */
  record: number[]
}

/** The recorded solution: r1[i], r2[i] hold the N particles (same order) at times[i]. */
export interface AnisotropicPdeSolution {
  times: number[]
  /** R(ρ̄_t) with the model's kernel, no finite-M term. */
  risk: number[]
  r1: Float64Array[]
  r2: Float64Array[]
  model: AnisotropicModel
}

/**
 * Solves the (r1, r2) distributional dynamics of anisotropic two Gaussians (noiseless, see
 * `AnisotropicModel`) by a Lagrangian particle scheme: dz_p/dt = −2∇_z ψ_λ(z_p; ρ̄), z = (r1, r2),
 * ρ̄ the empirical law of the N particles, RK4. Characteristics transport ρ̄ exactly, so the only
 * errors are the N-sample, time-step and (d → ∞ kernel) model errors. Radii are kept ≥ 0 by
 * reflection (ψ is even in r1 and in r2).
 */
export function solveAnisotropicPde(opts: AnisotropicPdeOptions): AnisotropicPdeSolution {
  const { d, s0 } = opts
  const lambda = opts.lambda ?? 0
  if (!(opts.dt > 0) || !(opts.tEnd >= 0))
    throw new Error('solveAnisotropicPde: need dt > 0, tEnd ≥ 0')
  const rng = new Rng(opts.seed, 'pde-init')
  const n = opts.particles
  const r1 = sampleInitialRadii(n, opts.kappa * Math.sqrt(s0 / d), s0, rng)
  const r2 = sampleInitialRadii(n, opts.kappa * Math.sqrt((d - s0) / d), d - s0, rng)
  let sMax = 0
  for (let p = 0; p < n; p++) sMax = Math.max(sMax, Math.hypot(r1[p], r2[p]))
  const model = makeAnisotropicModel({
    activation: opts.activation,
    delta: opts.delta,
    d,
    s0,
    finiteD: opts.finiteD,
    sMax: Math.max(16, 4 * (1 + opts.delta) * sMax),
    sRange: Math.max(4, 2 * (1 + opts.delta) * sMax)
  })
  const targets = [...new Set(opts.record.map((t) => Math.min(Math.max(t, 0), opts.tEnd)))].sort(
    (a, b) => a - b
  )
  const k1 = [new Float64Array(n), new Float64Array(n)]
  const k2 = [new Float64Array(n), new Float64Array(n)]
  const k3 = [new Float64Array(n), new Float64Array(n)]
  const k4 = [new Float64Array(n), new Float64Array(n)]
  const tmp = [new Float64Array(n), new Float64Array(n)]
  const size = 2 * n * model.terms.length
  const work: AnisotropicFeatures = {
    value: new Float64Array(size),
    d1: new Float64Array(size),
    d2: new Float64Array(size)
  }
  const state = [r1, r2]
  const drift = (z: Float64Array[], k: Float64Array[]) =>
    anisotropicDrift(model, z[0], z[1], k[0], k[1], lambda, work)
  const stage = (k: Float64Array[], h: number) => {
    for (let c = 0; c < 2; c++)
      for (let p = 0; p < n; p++) tmp[c][p] = Math.abs(state[c][p] + h * k[c][p])
  }
  const rk4 = (h: number) => {
    drift(state, k1)
    stage(k1, 0.5 * h)
    drift(tmp, k2)
    stage(k2, 0.5 * h)
    drift(tmp, k3)
    stage(k3, h)
    drift(tmp, k4)
    for (let c = 0; c < 2; c++)
      for (let p = 0; p < n; p++)
        state[c][p] = Math.abs(
          state[c][p] + (h / 6) * (k1[c][p] + 2 * k2[c][p] + 2 * k3[c][p] + k4[c][p])
        )
  }
  const out: AnisotropicPdeSolution = { times: [], risk: [], r1: [], r2: [], model }
  let t = 0
  for (const target of targets) {
    while (target - t > 1e-12 * Math.max(1, target)) {
      const h = Math.min(opts.dt, target - t)
      rk4(h)
      t += h
    }
    t = target
    out.times.push(t)
    out.risk.push(anisotropicRisk(model, r1, r2))
    out.r1.push(r1.slice())
    out.r2.push(r2.slice())
  }
  return out
}
