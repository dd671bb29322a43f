import { radialHistogram } from '../science/pde/radial-density'
import type { ReducedPdeOverlay } from './pde-overlay'

/** What a reduced PDE solver offers an overlay: a grid clock and the risk of its state now. */
export interface ReducedStepper {
  readonly t: number
  readonly steps: number
  advanceTo(time: number): void
  risk(): number
}

/**
 * The overlay of a reduced particle solver (the (r1, r2) or (a, s, r) reduction): it advances with
 * the run's time, and a query for an earlier time (only a caller going back) starts a fresh solver
 * from 0. `norms` gives ‖w‖ of every PDE particle from the solver's state, the quantity the SGD
 * histogram bins; the counts are scaled to `m` particles like the SGD counts.
 */
export function reducedOverlay<S extends ReducedStepper>(
  create: () => S,
  dt: number,
  norms: (stepper: S) => Float64Array
): ReducedPdeOverlay {
  let stepper = create()
  let restarted = 0
  const at = (time: number): S => {
    if (time < stepper.t) {
      restarted += stepper.steps
      stepper = create()
    }
    stepper.advanceTo(time)
    return stepper
  }
  return {
    dt,
    get steps() {
      return restarted + stepper.steps
    },
    riskAt: (time) => at(time).risk(),
    countsAt: (time, edges, m) => {
      const density = radialHistogram(norms(at(time)), edges)
      return Array.from(density, (v, b) => v * (edges[b + 1] - edges[b]) * m)
    }
  }
}
