import { Rng } from '../science/rng'
import { makeSingleIndexModel, singleIndexField } from '../science/pde/single-index-model'
import {
  createSingleIndexPdeStepper,
  sampleSingleIndexParticles,
  type SingleIndexPdeStepperOptions
} from '../science/pde/single-index-pde'
import type { ExperimentSpec } from '../spec/experiment-spec'
import { inverseTemperature, outputScale } from '../spec/spec-values'
import type { ReducedPdeOverlay } from './pde-overlay'
import { pdeWorkMismatch } from './pde-time-grid'
import { reducedOverlay } from './reduced-overlay'

/** Lagrangian (a, s, r) particles of the overlay's scheme (not network neurons): error ~1/√N. */
export const SINGLE_INDEX_PDE_PARTICLES = 500

/**
 * Why the (a, s, r) reduction (docs/science.md#pde, `SingleIndexModel`) does not describe this run, or
 * null when it does. Its assumptions: the single-index task y = σ*(⟨w*, x⟩) + ε (any link, any
 * label noise) with d ≥ 2; f = (1/M) Σ a_i σ(⟨w_i, x⟩) (α = 1, no bias or an untrained zero one);
 * w ~ N(0, std²·I) with mean 0 (invariant under rotations that fix w*), a from any of the init
 * laws; a, w or both trained by online SGD (the population-risk dynamics the PDE is the limit of)
 * on the real (not linearised) network. Any β (finite: Langevin noise √(4s/β) per step, PDE
 * diffusion 2/β), any λ and any step schedule (the PDE runs in t = Σ s_k). Exact for Gaussian
 * inputs up to the model's O(1/d) kernel terms; sphere inputs add an O(1/d) error of the same order.
 */
export function singleIndexOverlayMismatch(spec: ExperimentSpec): string | null {
  const { task, model, dynamics } = spec
  if (task.kind !== 'single-index') return `task '${task.kind}' is not the single-index task`
  if (task.dim < 2) return 'the (a, s, r) reduction needs d ≥ 2'
  if (dynamics.kind !== 'online-sgd')
    return `dynamics '${dynamics.kind}' is not online SGD (the (a, s, r) PDE is the limit of one-pass SGD)`
  if (outputScale(model) !== 1)
    return `scaling '${model.scaling}' is not mean-field (α = 1): the PDE is the 1/M limit`
  if (model.linearised) return 'the model is linearised'
  if (
    model.bias &&
    (model.train.b || !(model.init.b.kind === 'constant' && model.init.b.value === 0))
  )
    return 'no bias: b must be absent, or the constant 0 and not trained'
  const w = model.init.w
  if (w.kind !== 'normal' || w.mean !== 0)
    return 'w must start centred normal (i.i.d. N(0, std²) coordinates: rotation-invariant about w*)'
  return null
}

/**
 * The RK4 (noiseless) or Euler–Maruyama (noisy) step of the overlay. Λ = 2(Ŝ_a + Ŝ_w + λ) bounds
 * the fastest rate of the (a, s, r) flow at the initial particles: Ŝ_a = mean_p E m_p² (the
 * collective mode of the a's, when a trains) and Ŝ_w = mean_p a_p² E[(G1 ∂_μm)² + (∂_v m)²]/d
 * (when w trains: s, r of order √d move 1/d slower). RK4 is stable for Λ·dt < 2.8; the step
 * 0.5/Λ keeps a factor 5 for weights that grow, and at most 1 (measured: ReLU link and student,
 * d = 20, w ~ N(0, I), a = ±1: R to t = 50 agrees with dt = 0.2 to 5 decimals at dt = 1, to
 * 1e-4 at dt = 2). Noisy (Euler–Maruyama, first order): min(0.1, 0.1/Λ).
 */
export function singleIndexOverlayStep(opts: SingleIndexPdeStepperOptions): number {
  const n = Math.min(opts.particles, 200)
  const model = makeSingleIndexModel({
    d: opts.d,
    link: opts.link,
    student: opts.student,
    noiseStd: opts.noiseStd
  })
  const z = sampleSingleIndexParticles(
    n,
    opts.d,
    opts.initA,
    opts.initW,
    new Rng(opts.seed, 'pde-init')
  )
  const f = singleIndexField(model, z)
  const { nodes, weights } = model.rule
  const Q = nodes.length
  const train = opts.train ?? { a: true, w: true }
  let sa = 0
  let sw = 0
  for (let p = 0; p < n; p++)
    for (let k = 0; k < Q; k++) {
      const o = p * Q + k
      sa += (weights[k] * f.m[o] ** 2) / n
      sw += (weights[k] * z.a[p] ** 2 * ((nodes[k] * f.dm[o]) ** 2 + f.dv[o] ** 2)) / n / opts.d
    }
  const rate = 2 * ((train.a ? sa : 0) + (train.w ? sw : 0) + (opts.lambda ?? 0))
  const noisy = Number.isFinite(opts.beta ?? Infinity)
  return noisy ? Math.min(0.1, 0.1 / rate) : Math.min(1, 0.5 / rate)
}

/**
 * The (a, s, r) PDE of a run (null when singleIndexOverlayMismatch objects): link, label noise,
 * student σ, init laws of a and w, trained groups, β, λ and seed of the run. With
 * s = ⟨w, w*⟩/‖w*‖ and r = ‖P⊥w‖ (P⊥ the projection orthogonal to w*), ‖w‖ = √(s² + r²) is the
 * very norm the SGD histogram bins. riskAt is R at M = ∞ (E ε² included). It integrates only as
 * far as the run has gone, on the stepper's fixed grid (`singleIndexOverlayStep`); a query for
 * an earlier time than the last integrates again from 0.
 */
export function createSingleIndexPdeOverlay(
  spec: ExperimentSpec,
  particles = SINGLE_INDEX_PDE_PARTICLES
): ReducedPdeOverlay | null {
  if (singleIndexOverlayMismatch(spec) !== null) return null
  const { task, model } = spec
  const w = model.init.w
  if (task.kind !== 'single-index' || w.kind !== 'normal') return null
  const base = {
    d: task.dim,
    link: task.link,
    student: model.activation,
    noiseStd: task.noiseStd,
    initA: model.init.a,
    initW: w,
    train: { a: model.train.a, w: model.train.w },
    lambda: spec.dynamics.lambda,
    beta: inverseTemperature(spec.dynamics),
    particles,
    seed: spec.seed
  }
  const options = { ...base, dt: singleIndexOverlayStep({ ...base, dt: 1 }) }
  if (pdeWorkMismatch(spec, options.dt) !== null) return null
  return reducedOverlay(
    () => createSingleIndexPdeStepper(options),
    options.dt,
    (s) => {
      const z = s.state()
      return Float64Array.from(z.s, (x, p) => Math.hypot(x, z.r[p]))
    }
  )
}
