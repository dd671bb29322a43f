import { createAnisotropicPdeStepper } from '../science/pde/anisotropic-pde'
import type { ExperimentSpec } from '../spec/experiment-spec'
import { inverseTemperature, outputScale } from '../spec/spec-values'
import { mmnNetworkMismatch } from '../spec/mmn-model'
import type { ReducedPdeOverlay } from './pde-overlay'
import { gaussianPdeStep } from './pde-time-grid'
import { reducedOverlay } from './reduced-overlay'

/** Lagrangian (r1, r2) particles of the overlay's scheme (not network neurons): error ~1/√N. */
export const ANISOTROPIC_PDE_PARTICLES = 1000

/**
 * Series cut of the overlay's finite-(s0, d) kernel: at d = 40, s0 = 10 it keeps 145 of the 195
 * terms of the default 1e-6 cut and moves R by < 2e-5 along a whole MMN-like run (measured),
 * far below the N-particle error.
 */
export const ANISOTROPIC_OVERLAY_SERIES_TOL = 1e-4

/**
 * Why the (r1, r2) reduction (docs/science.md#pde, `AnisotropicModel`) does not describe this run, or
 * null when it does. Its assumptions: the anisotropic two Gaussians x ~ N(0, I + (τ_y² − 1)P_V),
 * V = span(e_1..e_s0); f = (1/M) Σ σ(⟨w_i, x⟩) (α = 1, a ≡ 1 fixed, no bias or an untrained zero
 * one); w ~ N(0, std²·I) with mean 0 (invariant under rotations within V and within V⊥) trained
 * alone by online SGD (the population-risk dynamics the PDE is the limit of) on the real
 * (not linearised) network. Any β (finite: Langevin noise √(4s/β) per step, PDE diffusion 2/β),
 * any λ and any step schedule (the PDE runs in t = Σ s_k). With s0 = d the task is the isotropic
 * one and the radial PDE applies.
 */
export function anisotropicOverlayMismatch(spec: ExperimentSpec): string | null {
  const { task, model, dynamics } = spec
  if (task.kind !== 'two-gaussians-anisotropic')
    return `task '${task.kind}' is not the anisotropic two Gaussians`
  if (dynamics.kind !== 'online-sgd')
    return `dynamics '${dynamics.kind}' is not online SGD (the (r1, r2) PDE is the limit of one-pass SGD)`
  if (outputScale(model) !== 1)
    return `scaling '${model.scaling}' is not mean-field (α = 1): the PDE is the 1/M limit`
  const fixed = mmnNetworkMismatch(model)
  if (fixed) return fixed
  const w = model.init.w
  if (w.kind !== 'normal' || w.mean !== 0)
    return 'w must start centred normal (i.i.d. N(0, std²) coordinates: rotation-invariant in V and V⊥)'
  return null
}

/**
 * The (r1, r2) PDE of a run (null when anisotropicOverlayMismatch objects or s0 = d, where the
 * radial overlay applies): κ from model.init.w (κ = std, or std·√d when not scaled by d), the
 * exact finite-(s0, d) kernel, β, λ and seed of the run. r1 = ‖P_V w‖ and r2 = ‖P_V⊥ w‖ are the
 * norms on complementary orthogonal subspaces, so ‖w‖ = √(r1² + r2²) is the very norm the SGD
 * histogram bins. It integrates only as far as the run has gone (the stepper's fixed grid; a read
 * between grid points does not change what later reads see). RK4 at dt = 0.05 when noiseless
 * (R agrees with dt = 0.02 to 1e-4 at d = 40), Euler–Maruyama at dt = 0.005 when noisy (as the
 * radial overlay). A query for an earlier time than the last integrates again from 0.
 */
export function createAnisotropicPdeOverlay(
  spec: ExperimentSpec,
  particles = ANISOTROPIC_PDE_PARTICLES
): ReducedPdeOverlay | null {
  if (anisotropicOverlayMismatch(spec) !== null) return null
  const { task } = spec
  const w = spec.model.init.w
  if (task.kind !== 'two-gaussians-anisotropic' || w.kind !== 'normal') return null
  const d = task.dim
  if (task.subspaceDim >= d) return null
  const beta = inverseTemperature(spec.dynamics)
  const options = {
    activation: spec.model.activation,
    delta: task.delta,
    d,
    s0: task.subspaceDim,
    kappa: w.scaleByDim ? w.std : w.std * Math.sqrt(d),
    particles,
    dt: gaussianPdeStep(spec),
    beta,
    lambda: spec.dynamics.lambda,
    seed: spec.seed,
    finiteD: true,
    seriesTol: ANISOTROPIC_OVERLAY_SERIES_TOL
  }
  return reducedOverlay(
    () => createAnisotropicPdeStepper(options),
    options.dt,
    (s) => {
      const r1 = s.r1()
      const r2 = s.r2()
      return Float64Array.from(r1, (x, p) => Math.hypot(x, r2[p]))
    }
  )
}
