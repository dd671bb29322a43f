import { gridClock, withClock, type GridClock } from './grid-clock'
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

/** Options of `solveAnisotropicPde` (docs/science.md#pde). Times are in SGD time t = k·s. */
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
  /** Time step: RK4 when noiseless, Euler–Maruyama when β < ∞. */
  dt: number
  /** L2 strength λ; default 0. */
  lambda?: number
  /** Inverse temperature β; default Infinity (noiseless). */
  beta?: number
  /**
   * Diffusion coefficient D of the weights, dw = −2∇Ψ_λ dt + √(2D) dB. Default 2/β: `sgdStep`'s
   * noise √(4s/β)·g per step (variance 4s/β per coordinate, D = 2/β per unit time t = k·s), the
   * same convention as the radial PDE.
   */
  diffusion?: number
  /** Seed of the initial particles ('pde-init' stream) and of the noise ('pde-noise' stream). */
  seed: number
  /** Exact finite-(s0, d) cosine series for U instead of the d → ∞ kernel. Default false. */
  finiteD?: boolean
  /**
   * Largest ς = √(τ² r1² + r2²) the series cut is sized for (default 2(1 + Δ)·the largest initial
   * ‖w‖, at least 4). Raise it when the radii will grow far beyond their start.
   */
  sRange?: number
  /** Series cut of the finite-d kernel (default `ANISOTROPIC_SERIES_TOL`, see makeAnisotropicModel). */
  seriesTol?: number
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

/** The options of an (r1, r2) integrator that advances on demand (no end time, no record list). */
export type AnisotropicPdeStepperOptions = Omit<AnisotropicPdeOptions, 'tEnd' | 'record'>

/**
 * An (r1, r2) integration that moves forward in time on demand. The particles advance on the
 * fixed grid k·dt; a time between two grid points is read by one RK4 step of the exact remaining
 * length from the grid point below, on a copy (noiseless), or as the nearest grid point (noisy,
 * dt/2 ≤ 0.0025 in the overlay). So the state at t does not depend on which earlier times were
 * read: following a run record by record gives the same numbers as one solve to t.
 */
export interface AnisotropicPdeStepper extends GridClock {
  readonly model: AnisotropicModel
  /** R(ρ̄_t) at the current time, with the model's kernel, no finite-M term. */
  risk(): number
  /** r1 = ‖P_V w‖ of the N particles now (a view: copy it to keep it). */
  r1(): Float64Array
  /** r2 = ‖P_V⊥ w‖ of the N particles now (a view). */
  r2(): Float64Array
}

/**
 * The (r1, r2) distributional dynamics of anisotropic two Gaussians (see `AnisotropicModel`) by a
 * Lagrangian particle scheme, advanced on demand. Noiseless: dz_p/dt = −2∇_z ψ_λ(z_p; ρ̄),
 * z = (r1, r2), ρ̄ the empirical law of the N particles, RK4 — characteristics transport ρ̄
 * exactly, so the only errors are the N-sample, time-step and kernel (d → ∞ unless finiteD)
 * errors. Noisy (β < ∞): w_V and w_V⊥ are Langevin diffusions in dimensions s0 and d − s0 with
 * drifts along themselves, so by Itô
 *   dr1 = [−2∂_{r1}ψ_λ + D(s0 − 1)/r1]dt + √(2D) dB1,  dr2 = [−2∂_{r2}ψ_λ + D(d − s0 − 1)/r2]dt + √(2D) dB2,
 * by Euler–Maruyama. Radii are kept ≥ 0 by reflection (ψ is even in r1 and in r2).
 */
export function createAnisotropicPdeStepper(
  opts: AnisotropicPdeStepperOptions
): AnisotropicPdeStepper {
  const { d, s0 } = opts
  const lambda = opts.lambda ?? 0
  const beta = opts.beta ?? Infinity
  const noisy = Number.isFinite(beta)
  const diffusion = opts.diffusion ?? 2 / beta
  const dt = opts.dt
  if (!(dt > 0)) throw new Error('solveAnisotropicPde: need dt > 0')
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
    sRange: opts.sRange ?? Math.max(4, 2 * (1 + opts.delta) * sMax),
    seriesTol: opts.seriesTol
  })
  const noise = new Rng(opts.seed, 'pde-noise')
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
  const grid = [r1, r2]
  // what risk() and r1()/r2() read: the grid state, or its copy moved off the grid
  const off = [new Float64Array(n), new Float64Array(n)]
  let view = grid
  const drift = (z: Float64Array[], k: Float64Array[]) =>
    anisotropicDrift(model, z[0], z[1], k[0], k[1], lambda, work)
  const stage = (from: Float64Array[], k: Float64Array[], h: number) => {
    for (let c = 0; c < 2; c++)
      for (let p = 0; p < n; p++) tmp[c][p] = Math.abs(from[c][p] + h * k[c][p])
  }
  const rk4 = (from: Float64Array[], to: Float64Array[], h: number) => {
    drift(from, k1)
    stage(from, k1, 0.5 * h)
    drift(tmp, k2)
    stage(from, k2, 0.5 * h)
    drift(tmp, k3)
    stage(from, k3, h)
    drift(tmp, k4)
    for (let c = 0; c < 2; c++)
      for (let p = 0; p < n; p++)
        to[c][p] = Math.abs(
          from[c][p] + (h / 6) * (k1[c][p] + 2 * k2[c][p] + 2 * k3[c][p] + k4[c][p])
        )
  }
  const ito = [diffusion * (s0 - 1), diffusion * (d - s0 - 1)]
  const eulerMaruyama = () => {
    drift(grid, k1)
    const amp = Math.sqrt(2 * diffusion * dt)
    // the Itô terms are singular at 0; reflection keeps the radii ≥ 0
    for (let c = 0; c < 2; c++)
      for (let p = 0; p < n; p++) {
        const r = grid[c][p]
        grid[c][p] = Math.abs(
          r + dt * (k1[c][p] + (ito[c] > 0 ? ito[c] / r : 0)) + amp * noise.normal()
        )
      }
  }
  const clock = gridClock(dt, noisy, {
    step: noisy ? eulerMaruyama : () => rk4(grid, grid, dt),
    finish(rest) {
      if (rest > 0) rk4(grid, off, rest)
      view = rest > 0 ? off : grid
    }
  })
  return withClock(clock, {
    model,
    risk: () => anisotropicRisk(model, view[0], view[1]),
    r1: () => view[0],
    r2: () => view[1]
  })
}

/**
 * Solves the (r1, r2) distributional dynamics to `tEnd`, recording risk and particles at `record`
 * times (see `createAnisotropicPdeStepper` for the scheme).
 */
export function solveAnisotropicPde(opts: AnisotropicPdeOptions): AnisotropicPdeSolution {
  if (!(opts.dt > 0) || !(opts.tEnd >= 0))
    throw new Error('solveAnisotropicPde: need dt > 0, tEnd ≥ 0')
  const stepper = createAnisotropicPdeStepper(opts)
  const targets = [...new Set(opts.record.map((t) => Math.min(Math.max(t, 0), opts.tEnd)))].sort(
    (a, b) => a - b
  )
  const out: AnisotropicPdeSolution = { times: [], risk: [], r1: [], r2: [], model: stepper.model }
  for (const target of targets) {
    stepper.advanceTo(target)
    out.times.push(target)
    out.risk.push(stepper.risk())
    out.r1.push(stepper.r1().slice())
    out.r2.push(stepper.r2().slice())
  }
  return out
}
