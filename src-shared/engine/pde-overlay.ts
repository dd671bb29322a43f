import { radialHistogram } from '../science/pde/radial-density'
import { solveRadialPde, type RadialPdeSolution } from '../science/pde/radial-pde'
import { scheduleFactor } from '../science/sgd-step'
import { inverseTemperature, type ExperimentSpec } from '../spec/experiment-spec'

/** Lagrangian radii of the PDE scheme (not network neurons): the N-sample error is ~1/√N. */
export const PDE_RADII = 2000

/** The steps a run records at (multiples of observe.every, and its last step) and their times t. */
export function recordSchedule(spec: ExperimentSpec): { steps: number[]; times: number[] } {
  const { steps: total, stepSize, schedule } = spec.dynamics
  const every = spec.observe.every
  const steps: number[] = [0]
  const times: number[] = [0]
  const push = (k: number, t: number) => {
    if (k % every === 0 || k === total) {
      steps.push(k)
      times.push(t)
    }
  }
  if (schedule.kind === 'constant') {
    for (let k = every; k < total; k += every) push(k, k * stepSize)
    if (total > 0) push(total, total * stepSize)
    return { steps, times }
  }
  // a decaying step: t_k = Σ_{j<k} s·ξ(t_j), summed as the driver does
  let t = 0
  for (let k = 1; k <= total; k++) {
    t += stepSize * scheduleFactor(schedule, t)
    push(k, t)
  }
  return { steps, times }
}

/**
 * Why the radial PDE (SCIENCE.md §5) does not describe this run, or null when it does: MMN's
 * setting of isotropic two Gaussians, f = (1/M) Σ σ(⟨w_i, x⟩) (mean-field scaling, a ≡ 1 fixed, no
 * bias), w ~ N(0, κ²/d·I) trained alone by online SGD (the population-risk dynamics the PDE is the
 * limit of), on the real network (not the linearised one).
 */
export function pdeOverlayMismatch(spec: ExperimentSpec): string | null {
  const { task, model, dynamics } = spec
  if (task.kind !== 'two-gaussians') return `task '${task.kind}' is not the isotropic two Gaussians`
  if (dynamics.kind !== 'online-sgd') return `dynamics '${dynamics.kind}' is not online SGD`
  if (model.scaling !== 'mean-field') return `scaling '${model.scaling}' is not mean-field`
  if (model.linearised) return 'the model is linearised'
  if (model.train.a || (model.bias && model.train.b) || !model.train.w)
    return 'only w may train (a fixed, no trained bias)'
  if (model.init.a.kind !== 'constant' || model.init.a.value !== 1)
    return 'a must be the constant 1'
  if (model.bias && !(model.init.b.kind === 'constant' && model.init.b.value === 0))
    return 'b must be absent or 0'
  const w = model.init.w
  if (w.kind !== 'normal' || w.mean !== 0) return 'w must start centred normal'
  return null
}

/** The PDE solution of a run, read at its record steps. */
export interface PdeOverlay {
  solution: RadialPdeSolution
  /** R(ρ̄_t) at a record step; undefined off the record steps. */
  riskAt(step: number): number | undefined
  /**
   * Counts of the PDE radii on the bins of `edges`, scaled to `m` particles (so they read like the
   * SGD histogram's counts); undefined off the record steps.
   */
  countsAt(step: number, edges: readonly number[], m: number): number[] | undefined
}

/**
 * Solves the radial PDE once for a run (null when pdeOverlayMismatch says it does not apply): init
 * scale κ from model.init.w (κ = std, or std·√d when not scaled by d), finite-d kernel, β and λ of
 * the run (the PDE's default diffusion 2/β is sgdStep's √(4s/β) noise), recorded at the run's
 * record times. RK4 at dt ≤ 0.05 when noiseless (on the MMN ci preset the risk agrees with
 * dt = 0.02 to 3 decimals at every record), Euler–Maruyama at dt ≤ 0.005 when noisy.
 */
export function createPdeOverlay(spec: ExperimentSpec, radii = PDE_RADII): PdeOverlay | null {
  if (pdeOverlayMismatch(spec) !== null || spec.task.kind !== 'two-gaussians') return null
  const w = spec.model.init.w
  if (w.kind !== 'normal') return null
  const d = spec.task.dim
  const kappa = w.scaleByDim ? w.std : w.std * Math.sqrt(d)
  const beta = inverseTemperature(spec.dynamics)
  const { steps, times } = recordSchedule(spec)
  const tEnd = times[times.length - 1]
  const cap = Number.isFinite(beta) ? 0.005 : 0.05
  const solution = solveRadialPde({
    activation: spec.model.activation,
    delta: spec.task.delta,
    d,
    kappa,
    radii,
    tEnd,
    dt: tEnd > 0 ? Math.min(cap, tEnd / 100) : cap,
    beta,
    lambda: spec.dynamics.lambda,
    seed: spec.seed,
    finiteD: true,
    record: times
  })
  // solveRadialPde records each distinct time once, in order, and the schedule's times increase
  const index = new Map(steps.map((k, i) => [k, Math.min(i, solution.times.length - 1)]))
  return {
    solution,
    riskAt: (step) => {
      const i = index.get(step)
      return i === undefined ? undefined : solution.risk[i]
    },
    countsAt: (step, edges, m) => {
      const i = index.get(step)
      if (i === undefined) return undefined
      const density = radialHistogram(solution.radii[i], edges)
      return Array.from(density, (v, b) => v * (edges[b + 1] - edges[b]) * m)
    }
  }
}
