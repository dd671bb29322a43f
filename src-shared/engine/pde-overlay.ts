import { radialHistogram } from '../science/pde/radial-density'
import { createRadialPdeStepper, type RadialPdeStepperOptions } from '../science/pde/radial-pde'
import type { ExperimentSpec } from '../spec/experiment-spec'
import { inverseTemperature } from '../spec/spec-values'
import { mmnNetworkMismatch } from '../spec/mmn-model'
import { anisotropicOverlayMismatch, createAnisotropicPdeOverlay } from './pde-overlay-anisotropic'
import { createSingleIndexPdeOverlay, singleIndexOverlayMismatch } from './pde-overlay-single-index'
import { gaussianPdeStep, pdeWorkMismatch } from './pde-time-grid'

/**
 * Lagrangian radii of the radial PDE scheme (not network neurons), started at the quantiles of the
 * initial law: no seed scatter, and 20 000 quantile radii change the MMN risk by < 1e-4 at t = 2,
 * 4, 8, 20 (measured), where 2000 sampled radii scatter by ±0.008 at t = 20.
 */
export const PDE_RADII = 2000

/**
 * Why no PDE reduction (docs/science.md#pde) describes this run, or null when one does: the radial PDE
 * for isotropic two Gaussians (`radialOverlayMismatch`), the (r1, r2) one for the anisotropic
 * task (`anisotropicOverlayMismatch`; with s0 = d it is the isotropic task, radial PDE), the
 * (a, s, r) one for the single-index task (`singleIndexOverlayMismatch`); or a run whose time
 * needs more integrator points than MAX_PDE_POINTS (`pdeWorkMismatch`).
 */
export function pdeOverlayMismatch(spec: ExperimentSpec): string | null {
  switch (spec.task.kind) {
    case 'two-gaussians':
      return radialOverlayMismatch(spec) ?? pdeWorkMismatch(spec, gaussianPdeStep(spec))
    case 'two-gaussians-anisotropic':
      return anisotropicOverlayMismatch(spec) ?? pdeWorkMismatch(spec, gaussianPdeStep(spec))
    case 'single-index':
      return singleIndexOverlayMismatch(spec)
    default:
      return (
        `task '${spec.task.kind}' has no PDE reduction (only 'two-gaussians', ` +
        `'two-gaussians-anisotropic' and 'single-index' have one)`
      )
  }
}

/**
 * Why the radial PDE (docs/science.md#pde) does not describe this run, or null when it does: MMN's
 * setting of isotropic two Gaussians, f = (1/M) Σ σ(⟨w_i, x⟩) (mean-field scaling, a ≡ 1 fixed, no
 * bias), w ~ N(0, κ²/d·I) trained alone by online SGD (the population-risk dynamics the PDE is the
 * limit of), on the real network (not the linearised one).
 */
export function radialOverlayMismatch(spec: ExperimentSpec): string | null {
  const { task, model, dynamics } = spec
  if (task.kind !== 'two-gaussians') return `task '${task.kind}' is not the isotropic two Gaussians`
  if (dynamics.kind !== 'online-sgd') return `dynamics '${dynamics.kind}' is not online SGD`
  if (model.scaling !== 'mean-field') return `scaling '${model.scaling}' is not mean-field`
  const fixed = mmnNetworkMismatch(model)
  if (fixed) return fixed
  const w = model.init.w
  if (w.kind !== 'normal' || w.mean !== 0) return 'w must start centred normal'
  return null
}

/** The PDE solution of a run, followed as the run's time t = Σ s_k advances. */
export interface PdeOverlay {
  /** R(ρ̄_t) at time t. */
  riskAt(time: number): number
  /**
   * Counts of the PDE radii at time t on the bins of `edges`, scaled to `m` particles (so they read
   * like the SGD histogram's counts).
   */
  countsAt(time: number, edges: readonly number[], m: number): number[]
}

/** A `PdeOverlay` that also says how much it has integrated (for tests and diagnostics). */
export interface ReducedPdeOverlay extends PdeOverlay {
  /** Integrator steps taken so far, restarts from 0 included (reads between grid points not). */
  readonly steps: number
  /** The integrator's time step (the grid the particles advance on). */
  readonly dt: number
}

/**
 * The PDE solution that describes a run (null when pdeOverlayMismatch says none does): the radial
 * overlay (`createRadialPdeOverlay`), the (r1, r2) one (`createAnisotropicPdeOverlay`) or the
 * (a, s, r) one (`createSingleIndexPdeOverlay`). An anisotropic task with s0 = d is the isotropic
 * one and gets the radial overlay. `particles`: Lagrangian particles of the scheme (default: the
 * reduction's, PDE_RADII for the radial one).
 */
export function createPdeOverlay(spec: ExperimentSpec, particles?: number): PdeOverlay | null {
  const { task } = spec
  if (pdeOverlayMismatch(spec) !== null) return null
  if (task.kind === 'two-gaussians') return createRadialPdeOverlay(spec, particles)
  if (task.kind === 'single-index') return createSingleIndexPdeOverlay(spec, particles)
  if (task.kind !== 'two-gaussians-anisotropic') return null
  if (task.subspaceDim < task.dim) return createAnisotropicPdeOverlay(spec, particles)
  // s0 = d: x ~ N(0, τ_y² I), the isotropic task (α = 1 is the mean-field scaling)
  const { dim, trainSize, testSize, delta } = task
  return createRadialPdeOverlay(
    {
      ...spec,
      task: { kind: 'two-gaussians', dim, trainSize, testSize, delta },
      model: { ...spec.model, scaling: 'mean-field' }
    },
    particles
  )
}

/**
 * The radial PDE of a run (null when pdeOverlayMismatch says it does not apply): init scale κ from
 * model.init.w (κ = std, or std·√d when not scaled by d), the kernel observe.pdeKernel names (the
 * run's finite-d one, or the d → ∞ limit; the initial law is the run's either way), β and λ of the run (the
 * PDE's default diffusion 2/β is sgdStep's √(4s/β) noise). It integrates only as far as the run
 * has gone, so a run of any length starts at once and pays for the PDE as it goes. RK4 at
 * dt = 0.05 when noiseless (on the MMN ci preset the risk agrees with dt = 0.02 to 3 decimals at
 * every record), Euler–Maruyama at dt = 0.005 when noisy. A query for an earlier time than the
 * last one (a new run from a checkpoint builds a new overlay, so only a caller going back in time)
 * integrates again from 0.
 */
export function createRadialPdeOverlay(spec: ExperimentSpec, radii = PDE_RADII): PdeOverlay | null {
  const options = radialPdeOptions(spec, radii)
  if (!options) return null
  let stepper = createRadialPdeStepper(options)
  const at = (time: number) => {
    if (time < stepper.t) stepper = createRadialPdeStepper(options)
    stepper.advanceTo(time)
    return stepper
  }
  return {
    riskAt: (time) => at(time).risk(),
    countsAt: (time, edges, m) => radialCounts(at(time).radii(), edges, m)
  }
}

/** The PDE radii's counts on the bins of `edges`, scaled to `m` particles. */
export function radialCounts(radii: Float64Array, edges: readonly number[], m: number): number[] {
  const density = radialHistogram(radii, edges)
  return Array.from(density, (v, b) => v * (edges[b + 1] - edges[b]) * m)
}

/** The radial PDE stepper's options for a run (see createRadialPdeOverlay), or null. */
export function radialPdeOptions(
  spec: ExperimentSpec,
  radii = PDE_RADII
): RadialPdeStepperOptions | null {
  if (radialOverlayMismatch(spec) !== null || spec.task.kind !== 'two-gaussians') return null
  const w = spec.model.init.w
  if (w.kind !== 'normal') return null
  const d = spec.task.dim
  const kappa = w.scaleByDim ? w.std : w.std * Math.sqrt(d)
  const beta = inverseTemperature(spec.dynamics)
  const options = {
    activation: spec.model.activation,
    delta: spec.task.delta,
    d,
    kappa,
    radii,
    dt: gaussianPdeStep(spec),
    beta,
    lambda: spec.dynamics.lambda,
    seed: spec.seed,
    finiteD: spec.observe.pdeKernel !== 'infinite-d',
    initialRadii: 'quantiles' as const
  }
  return options
}
