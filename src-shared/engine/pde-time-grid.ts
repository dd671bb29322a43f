import type { ExperimentSpec } from '../spec/experiment-spec'
import { inverseTemperature } from '../spec/spec-values'

/**
 * Integrator points an overlay may take over a whole run: MAX_PDE_POINTS, or PDE_POINTS_PER_STEP
 * per run step for a longer run (whose overlay then costs about as much per step as the particles
 * do, paid as the run goes). A point of the radial PDE costs ≈ 1 ms on one core; every preset at
 * every size needs at most 400 (MMN default: T = 20 at dt = 0.05, 0.008 per step), while step size
 * 1000 asked for 20 000 per step and kept a worker inside the overlay, deaf to stop and Ctrl-C. A
 * run that would need more gets no overlay, and says so.
 */
export const MAX_PDE_POINTS = 4000
export const PDE_POINTS_PER_STEP = 0.1

/** The fixed step of the particle PDE solvers of two Gaussians: RK4 noiseless, Euler–Maruyama noisy. */
export function gaussianPdeStep(spec: ExperimentSpec): number {
  return Number.isFinite(inverseTemperature(spec.dynamics)) ? 0.005 : 0.05
}

/**
 * Why the overlay would cost too much for this run, or null: the run's time T = steps × stepSize
 * needs T / dt integrator points, at most max(MAX_PDE_POINTS, PDE_POINTS_PER_STEP × steps).
 */
export function pdeWorkMismatch(spec: ExperimentSpec, dt: number): string | null {
  const { steps, stepSize } = spec.dynamics
  const points = (steps * stepSize) / dt
  const allowed = Math.max(MAX_PDE_POINTS, steps * PDE_POINTS_PER_STEP)
  if (points <= allowed) return null
  return (
    `the run's time ${+(steps * stepSize).toPrecision(3)} (steps × step size) needs ` +
    `${Math.round(points).toLocaleString('en-US')} PDE points at dt = ${dt}; the overlay takes at most ` +
    `${Math.round(allowed).toLocaleString('en-US')} (step size ${stepSize} is far beyond the PDE's regime)`
  )
}
