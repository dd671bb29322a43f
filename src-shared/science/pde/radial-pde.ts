import type { ActivationSpec } from '../../spec/experiment-spec'
import { Rng } from '../rng'
import { quantileInitialRadii, radialDensity, sampleInitialRadii } from './radial-density'
import { TablePoints } from './moment-table'
import { makeRadialModel, radialDrift, radialRisk, type RadialModel } from './radial-model'

/** Options of `solveRadialPde` (docs/science.md#pde). Times are in SGD time t = k·s. */
export interface RadialPdeOptions {
  activation: ActivationSpec
  /** Δ of τ± = 1 ± Δ. */
  delta: number
  /**
   * Input dimension: sets the initial law (κ/√d)·χ_d, the finite-d kernel and the noise's Itô term.
   * Omit for d → ∞ (all radii start at κ).
   */
  d?: number
  /** Init scale κ of w ~ N(0, κ²/d · I). */
  kappa: number
  /** Number N of Lagrangian radii (particles of the scheme, not network neurons). */
  radii: number
  tEnd: number
  /** Time step of the integrator (RK4 when noiseless, Euler–Maruyama when β < ∞). */
  dt: number
  /** Inverse temperature; default Infinity (noiseless). Finite β needs a finite d. */
  beta?: number
  /**
   * Diffusion coefficient D of the weights, dw = −2∇Ψ_λ dt + √(2D) dB. Default 2/β: the
   * PDE of docs/science.md#dynamics, ∂_tρ = 2∇·(ρ∇Ψ_λ) + (2/β)Δρ (stationary law ∝ exp(−βΨ_λ)), which is what `sgdStep`'s
   * noise √(4s/β)·g gives (variance 4s/β per step, D = 2/β per unit time t = k·s). Other values
   * model other noise conventions (1/β: the poster's √(2s/β) step, see docs/science.md#dynamics).
   */
  diffusion?: number
  /** L2 strength λ (ψ_λ = ψ + λ r²/2); default 0. */
  lambda?: number
  /** Seed of the initial radii ('pde-init' stream) and of the noise ('pde-noise' stream). */
  seed: number
  /**
   * 'quantiles': start from the N quantiles of the initial law (quantileInitialRadii), no seed
   * scatter; default 'sampled' (N draws from the seed's 'pde-init' stream).
   */
  initialRadii?: 'sampled' | 'quantiles'
  /** Use the finite-d interaction u_d instead of u_∞ (needs d). Default false. */
  finiteD?: boolean
  /** Times at which to record risk and radii (clipped to [0, tEnd]). */
  record: number[]
}

/** The recorded solution. radii[i] holds the N radii (unsorted, particle order) at times[i]. */
export interface RadialPdeSolution {
  times: number[]
  /** R(ρ̄_t) with the model's kernel (u_d when finiteD, else u_∞), no finite-M term. */
  risk: number[]
  radii: Float64Array[]
  model: RadialModel
  /** Kernel density estimate of ρ̄ at record index `index` on an r grid (per unit radius). */
  density(grid: ArrayLike<number>, index: number, bandwidth?: number): Float64Array
}

/** The options of a radial PDE integrator that advances on demand (no end time, no record list). */
export type RadialPdeStepperOptions = Omit<RadialPdeOptions, 'tEnd' | 'record'>

/** A radial PDE integration that moves forward in time on demand, keeping its radii between calls. */
export interface RadialPdeStepper {
  readonly model: RadialModel
  /** The time reached so far. */
  readonly t: number
  /** Integrates forward to time `t` (no-op when `t` ≤ the current time). */
  advanceTo(t: number): void
  /** R(ρ̄_t) with the model's kernel, no finite-M term. */
  risk(): number
  /** The N radii now (a view: copy it to keep it). */
  radii(): Float64Array
}

/**
 * The radial distributional dynamics by a Lagrangian particle scheme (docs/science.md#pde), advanced on
 * demand so a caller can follow a run of any length without solving to its end first:
 * noiseless, dr_j/dt = −2 ∂_r ψ_λ(r_j; ρ̄) with ρ̄ the empirical law of the N radii, integrated by
 * RK4 (exact transport for the 1-D continuity equation up to the N-sample and time-step errors);
 * noisy, dr = [−2∂_rψ_λ + D(d−1)/r]dt + √(2D) dB (Itô for r = ‖w‖) by Euler–Maruyama with
 * reflection at r = 0; with the default D = 2/β this is
 * dr = [−2∂_rψ_λ + 2(d−1)/(β r)]dt + √(4/β) dB.
 */
export function createRadialPdeStepper(opts: RadialPdeStepperOptions): RadialPdeStepper {
  const d = opts.d ?? Infinity
  const beta = opts.beta ?? Infinity
  const lambda = opts.lambda ?? 0
  const noisy = Number.isFinite(beta)
  const diffusion = opts.diffusion ?? 2 / beta
  if (opts.finiteD && !Number.isFinite(d)) throw new Error('solveRadialPde: finiteD needs d')
  if (noisy && !Number.isFinite(d)) throw new Error('solveRadialPde: finite beta needs d')
  if (!(opts.dt > 0)) throw new Error('solveRadialPde: need dt > 0')
  const r =
    opts.initialRadii === 'quantiles'
      ? quantileInitialRadii(opts.radii, opts.kappa, d)
      : sampleInitialRadii(opts.radii, opts.kappa, d, new Rng(opts.seed, 'pde-init'))
  let rMax = 0
  for (const x of r) rMax = Math.max(rMax, x)
  const model = makeRadialModel({
    activation: opts.activation,
    delta: opts.delta,
    d: opts.finiteD ? d : undefined,
    sMax: Math.max(16, 4 * (1 + opts.delta) * rMax)
  })
  const noise = new Rng(opts.seed, 'pde-noise')
  const n = r.length
  const k1 = new Float64Array(n)
  const k2 = new Float64Array(n)
  const k3 = new Float64Array(n)
  const k4 = new Float64Array(n)
  const tmp = new Float64Array(n)
  const at = new TablePoints()
  const rk4 = (h: number) => {
    radialDrift(model, r, k1, lambda, at)
    for (let i = 0; i < n; i++) tmp[i] = Math.abs(r[i] + 0.5 * h * k1[i])
    radialDrift(model, tmp, k2, lambda, at)
    for (let i = 0; i < n; i++) tmp[i] = Math.abs(r[i] + 0.5 * h * k2[i])
    radialDrift(model, tmp, k3, lambda, at)
    for (let i = 0; i < n; i++) tmp[i] = Math.abs(r[i] + h * k3[i])
    radialDrift(model, tmp, k4, lambda, at)
    for (let i = 0; i < n; i++)
      r[i] = Math.abs(r[i] + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]))
  }
  const eulerMaruyama = (h: number) => {
    radialDrift(model, r, k1, lambda, at)
    const amp = Math.sqrt(2 * diffusion * h)
    const ito = diffusion * (d - 1)
    // the Itô term D(d−1)/r is singular at 0; reflecting keeps r ≥ 0 (r = ‖w‖ of a d-dim Langevin)
    for (let i = 0; i < n; i++)
      r[i] = Math.abs(r[i] + h * (k1[i] + ito / r[i]) + amp * noise.normal())
  }
  let t = 0
  return {
    model,
    get t() {
      return t
    },
    advanceTo(target) {
      while (target - t > 1e-12 * Math.max(1, target)) {
        const h = Math.min(opts.dt, target - t)
        if (noisy) eulerMaruyama(h)
        else rk4(h)
        t += h
      }
      t = Math.max(t, target)
    },
    risk: () => radialRisk(model, r, Infinity, at),
    radii: () => r
  }
}

/**
 * Solves the radial distributional dynamics to `tEnd`, recording risk and radii at `record` times
 * (see createRadialPdeStepper for the scheme).
 */
export function solveRadialPde(opts: RadialPdeOptions): RadialPdeSolution {
  if (!(opts.tEnd >= 0)) throw new Error('solveRadialPde: need dt > 0, tEnd ≥ 0')
  const stepper = createRadialPdeStepper(opts)
  const targets = [...new Set(opts.record.map((t) => Math.min(Math.max(t, 0), opts.tEnd)))].sort(
    (a, b) => a - b
  )
  const out: RadialPdeSolution = {
    times: [],
    risk: [],
    radii: [],
    model: stepper.model,
    density: (grid, index, bandwidth) => radialDensity(out.radii[index], grid, bandwidth)
  }
  for (const target of targets) {
    stepper.advanceTo(target)
    out.times.push(target)
    out.risk.push(stepper.risk())
    out.radii.push(stepper.radii().slice())
  }
  return out
}
