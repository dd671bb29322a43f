import { gridClock, withClock, type GridClock } from './grid-clock'
import type { ActivationSpec, InitLaw } from '../../spec/experiment-spec'
import { Rng } from '../rng'
import {
  makeSingleIndexModel,
  singleIndexDrift,
  singleIndexRisk,
  type SingleIndexModel,
  type SingleIndexState,
  type SingleIndexTrain
} from './single-index-model'

/** Options of `solveSingleIndexPde` (docs/science.md#pde). Times are in SGD time t = k·s. */
export interface SingleIndexPdeOptions {
  /** Input dimension d (sets u = s/√d, v = r/√d and the initial law of r). */
  d: number
  /** Link σ* of y = σ*(⟨w*, x⟩) + ε. */
  link: ActivationSpec
  /** Student activation σ. */
  student: ActivationSpec
  /** Standard deviation of ε (adds its variance to the risk). Default 0. */
  noiseStd?: number
  /** Init law of a (as in the model spec: constant, ±value, N(mean, std²)). */
  initA: InitLaw
  /**
   * Init law of w: i.i.d. N(0, std²) coordinates (std/√d with scaleByDim), the only laws that are
   * invariant under rotations fixing w*. Then s ~ N(0, std²), r ~ std·χ_{d−1}.
   */
  initW: Extract<InitLaw, { kind: 'normal' }>
  /** Which groups train (default both). */
  train?: SingleIndexTrain
  /** L2 strength λ; default 0. */
  lambda?: number
  /** Number N of Lagrangian (a, s, r) particles. */
  particles: number
  tEnd: number
  /** Time step: RK4 when noiseless, Euler–Maruyama when β < ∞. */
  dt: number
  /** Inverse temperature β; default Infinity (noiseless). */
  beta?: number
  /**
   * Diffusion coefficient D of every trained coordinate, dθ = −2∇Ψ_λ dt + √(2D) dB. Default 2/β:
   * `sgdStep`'s noise √(4s/β)·g per step (D = 2/β per unit time t = k·s), as the radial PDE.
   */
  diffusion?: number
  /** Seed of the initial particles ('pde-init' stream) and of the noise ('pde-noise' stream). */
  seed: number
  /** Times at which to record (clipped to [0, tEnd]). */
  record: number[]
}

/** The recorded solution: state[i] holds the N particles (same order) at times[i]. */
export interface SingleIndexPdeSolution {
  times: number[]
  /** R(ρ_t) at M = ∞ (label-noise variance included). */
  risk: number[]
  state: SingleIndexState[]
  model: SingleIndexModel
}

/** One draw of a, as `initParticles` does (scaleByDim divides the std by √d there too). */
function drawA(law: InitLaw, rng: Rng, d: number): number {
  switch (law.kind) {
    case 'constant':
      return law.value
    case 'sign':
      return law.value * rng.sign()
    case 'normal':
      return law.mean + (law.scaleByDim ? law.std / Math.sqrt(d) : law.std) * rng.normal()
  }
}

/** Initial (a, s, r) particles of a = initA, w = initW (see `SingleIndexPdeOptions`). */
export function sampleSingleIndexParticles(
  n: number,
  d: number,
  initA: InitLaw,
  initW: Extract<InitLaw, { kind: 'normal' }>,
  rng: Rng
): SingleIndexState {
  if (initW.mean !== 0) throw new Error('single-index PDE: w must start centred (mean 0)')
  const std = initW.scaleByDim ? initW.std / Math.sqrt(d) : initW.std
  const z: SingleIndexState = {
    a: new Float64Array(n),
    s: new Float64Array(n),
    r: new Float64Array(n)
  }
  for (let p = 0; p < n; p++) {
    z.a[p] = drawA(initA, rng, d)
    z.s[p] = std * rng.normal()
    let r2 = 0
    for (let k = 1; k < d; k++) r2 += rng.normal() ** 2
    z.r[p] = std * Math.sqrt(r2)
  }
  return z
}

/** The options of an (a, s, r) integrator that advances on demand (no end time, no record list). */
export type SingleIndexPdeStepperOptions = Omit<SingleIndexPdeOptions, 'tEnd' | 'record'>

/**
 * An (a, s, r) integration that moves forward in time on demand. The particles advance on the
 * fixed grid k·dt; a time between two grid points is read by one RK4 step of the exact remaining
 * length from the grid point below, on a copy (noiseless), or as the nearest grid point (noisy).
 * So the state at t does not depend on which earlier times were read: following a run record by
 * record gives the same numbers as one solve to t.
 */
export interface SingleIndexPdeStepper extends GridClock {
  readonly model: SingleIndexModel
  /** R(ρ_t) at M = ∞ (label-noise variance included) at the current time. */
  risk(): number
  /** The N particles now (views: copy them to keep them). */
  state(): SingleIndexState
}

/**
 * The single-index distributional dynamics in (a, s, r) (see `SingleIndexModel`) by a Lagrangian
 * particle scheme, advanced on demand. Noiseless: each particle follows its characteristic
 * d(a, s, r)/dt = −2∇ψ_λ(a, s, r; ρ) under the empirical law of the N particles, by RK4.
 * Noisy (β < ∞): every trained coordinate of θ gets √(2D) dB; s is a 1-D projection of w and r
 * the norm of its (d − 1)-dimensional rest, so by Itô
 *   da = −2∂_aψ_λ dt + √(2D) dB_a,  ds = −2∂_sψ_λ dt + √(2D) dB_s,
 *   dr = [−2∂_rψ_λ + D(d − 2)/r] dt + √(2D) dB_r,
 * by Euler–Maruyama (a fixed group gets no noise, as in `sgdStep`). r is kept ≥ 0 by reflection
 * (ψ is even in r).
 */
export function createSingleIndexPdeStepper(
  opts: SingleIndexPdeStepperOptions
): SingleIndexPdeStepper {
  const dt = opts.dt
  if (!(dt > 0)) throw new Error('solveSingleIndexPde: need dt > 0')
  const beta = opts.beta ?? Infinity
  const noisy = Number.isFinite(beta)
  const diffusion = opts.diffusion ?? 2 / beta
  const model = makeSingleIndexModel({
    d: opts.d,
    link: opts.link,
    student: opts.student,
    noiseStd: opts.noiseStd
  })
  const n = opts.particles
  const train = opts.train ?? { a: true, w: true }
  const lambda = opts.lambda ?? 0
  const z = sampleSingleIndexParticles(
    n,
    opts.d,
    opts.initA,
    opts.initW,
    new Rng(opts.seed, 'pde-init')
  )
  const noise = new Rng(opts.seed, 'pde-noise')
  const alloc = (): SingleIndexState => ({
    a: new Float64Array(n),
    s: new Float64Array(n),
    r: new Float64Array(n)
  })
  const [k1, k2, k3, k4, tmp, off] = [alloc(), alloc(), alloc(), alloc(), alloc(), alloc()]
  const Q = model.rule.nodes.length
  const work = {
    m: new Float64Array(n * Q),
    dm: new Float64Array(n * Q),
    dv: new Float64Array(n * Q),
    gap: new Float64Array(Q)
  }
  const keys = ['a', 's', 'r'] as const
  const stage = (from: SingleIndexState, k: SingleIndexState, h: number) => {
    for (const c of keys) for (let p = 0; p < n; p++) tmp[c][p] = from[c][p] + h * k[c][p]
    for (let p = 0; p < n; p++) tmp.r[p] = Math.abs(tmp.r[p])
  }
  const drift = (x: SingleIndexState, k: SingleIndexState) =>
    singleIndexDrift(model, x, k, train, lambda, work)
  const rk4 = (from: SingleIndexState, to: SingleIndexState, h: number) => {
    drift(from, k1)
    stage(from, k1, 0.5 * h)
    drift(tmp, k2)
    stage(from, k2, 0.5 * h)
    drift(tmp, k3)
    stage(from, k3, h)
    drift(tmp, k4)
    for (const c of keys)
      for (let p = 0; p < n; p++)
        to[c][p] = from[c][p] + (h / 6) * (k1[c][p] + 2 * k2[c][p] + 2 * k3[c][p] + k4[c][p])
    for (let p = 0; p < n; p++) to.r[p] = Math.abs(to.r[p])
  }
  const ito = diffusion * (opts.d - 2)
  const eulerMaruyama = () => {
    drift(z, k1)
    const amp = Math.sqrt(2 * diffusion * dt)
    if (train.a) for (let p = 0; p < n; p++) z.a[p] += dt * k1.a[p] + amp * noise.normal()
    if (train.w)
      for (let p = 0; p < n; p++) {
        z.s[p] += dt * k1.s[p] + amp * noise.normal()
        // the Itô term is singular at 0; reflection keeps r ≥ 0
        const r = z.r[p]
        z.r[p] = Math.abs(r + dt * (k1.r[p] + (ito > 0 ? ito / r : 0)) + amp * noise.normal())
      }
  }
  let view = z
  const clock = gridClock(dt, noisy, {
    step: noisy ? eulerMaruyama : () => rk4(z, z, dt),
    finish(rest) {
      if (rest > 0) rk4(z, off, rest)
      view = rest > 0 ? off : z
    }
  })
  return withClock(clock, {
    model,
    risk: () => singleIndexRisk(model, view),
    state: () => view
  })
}

/**
 * Solves the single-index distributional dynamics to `tEnd`, recording risk and particles at
 * `record` times (see `createSingleIndexPdeStepper` for the scheme).
 */
export function solveSingleIndexPde(opts: SingleIndexPdeOptions): SingleIndexPdeSolution {
  if (!(opts.dt > 0) || !(opts.tEnd >= 0))
    throw new Error('solveSingleIndexPde: need dt > 0, tEnd ≥ 0')
  const stepper = createSingleIndexPdeStepper(opts)
  const targets = [...new Set(opts.record.map((t) => Math.min(Math.max(t, 0), opts.tEnd)))].sort(
    (a, b) => a - b
  )
  const out: SingleIndexPdeSolution = { times: [], risk: [], state: [], model: stepper.model }
  for (const target of targets) {
    stepper.advanceTo(target)
    const z = stepper.state()
    out.times.push(target)
    out.risk.push(stepper.risk())
    out.state.push({ a: z.a.slice(), s: z.s.slice(), r: z.r.slice() })
  }
  return out
}
