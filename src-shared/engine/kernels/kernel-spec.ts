import type { KernelFunction } from 'gpu.js'
import {
  ACTIVATION_CODE,
  activationKnots,
  makeActivation,
  type Activation
} from '../../science/activations'
import type { Rng } from '../../science/rng'
import { LANGEVIN_NOISE_FACTOR, langevinNoiseScale } from '../../science/sgd-step'
import type { DynamicsConfig } from '../particle-backend'

/**
 * The constants every step kernel is compiled with (gpu.js `constants`: numbers only).
 * `act` is ACTIVATION_CODE of σ (science/activations.ts); a piecewise-linear σ must have two knots
 * (kt0, ks0), (kt1, ks1) — the truncated ReLU. `invBeta` = 1/β (0 = noiseless); the noise term is
 * √(noiseFactor·s/β)·g with noiseFactor = LANGEVIN_NOISE_FACTOR of science/sgd-step.ts (a kernel
 * cannot call host functions, so the factor travels as a constant).
 *
 * The particles travel packed as one array θ = [w (M·d, row-major) | b (M) | a (M)] (packTheta),
 * so a step updates them in one kernel and one buffer holds the state on the device.
 *
 * Noise g: with `deviceNoise` = 1 the kernels draw it in place, the Philox normal of
 * (seed, step, particle i, coordinate: j for w_ij, d for b_i, d + 1 for a_i) (philox-normal.ts);
 * with 0 it comes from the host in the argument g, laid out per step s as [g_a (M) | g_b (M) |
 * g_w (M·d)] at g[s·M·(d+2) …], the reference backend's stream (gpu.js 2.24.1's own seeded
 * Math.random replays a pinned seed on every run, and cpu mode's is unseeded, so it cannot serve).
 * `trainA/B/W` (0/1) say which groups move; the others keep their values and draw nothing.
 * `residualInside` = 1 (batch 1 only) has the update kernel sum the sample's residual itself, so a
 * step is two launches instead of three (updateTheta).
 */
export interface StepConstants {
  m: number
  d: number
  batch: number
  alpha: number
  lambda: number
  invBeta: number
  /** LANGEVIN_NOISE_FACTOR (the c of √(c·s/β)). */
  noiseFactor: number
  act: number
  kt0: number
  ks0: number
  kt1: number
  ks1: number
  trainA: number
  trainB: number
  trainW: number
  /** 1: Philox normals in the kernel; 0: host normals in g. */
  deviceNoise: number
  /** The run's seed as 16-bit halves (the Philox key). */
  seedLo: number
  seedHi: number
  /** 1: updateTheta computes the residual of its one sample (its `r` argument holds y). */
  residualInside: number
}

/** The arguments of a kernel by name: flat float32 arrays and scalars. */
export type KernelInputs = Record<string, Float32Array | number>

/**
 * A gpu.js kernel with what it takes to check it (STYLE.md §3.4): the body (a gpu.js function, no
 * closures), its argument order, output size, the float64 reference it must match within `relTol`
 * (max |got − ref| over max |ref|, float32 arithmetic against float64), and random sample inputs.
 */
export interface KernelSpec<I extends KernelInputs = KernelInputs> {
  name: string
  body: KernelFunction
  args: readonly (keyof I & string)[]
  output(c: StepConstants): number[]
  reference(inputs: I, c: StepConstants): Float64Array
  relTol: number
  sampleInputs(rng: Rng, c: StepConstants): I
}

/** The float64 noise amplitude √(c·s/β) the kernels' references use (0 when invBeta = 0). */
export function noiseScale(stepSize: number, c: StepConstants): number {
  return c.invBeta > 0 ? langevinNoiseScale(stepSize, 1 / c.invBeta) : 0
}

/** `n` N(0, std²) draws, rounded to float32 (so float32 kernels and float64 references see the same inputs). */
export function normals(rng: Rng, n: number, std = 1, mean = 0): Float32Array {
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) out[i] = mean + std * rng.normal()
  return out
}

const CODE_KINDS = ['relu', 'tanh', 'sigmoid', 'erf', 'identity', 'quadratic'] as const

/** The float64 σ the constants describe (the kernels' reference). */
export function referenceActivation(c: StepConstants): Activation {
  if (c.act === ACTIVATION_CODE['piecewise-linear'])
    return makeActivation({
      kind: 'piecewise-linear',
      knots: [
        [c.kt0, c.ks0],
        [c.kt1, c.ks1]
      ]
    })
  return makeActivation({ kind: CODE_KINDS[c.act] })
}

/**
 * The kernel constants of a run. Throws when σ cannot run in a kernel (a piecewise-linear σ with
 * more than two knots), so the backend choice falls back with that reason.
 */
export function stepConstants(cfg: DynamicsConfig, batch: number): StepConstants {
  const spec = cfg.sigma.spec
  const knots = activationKnots(spec)
  if (knots && knots.length !== 2)
    throw new Error(
      `gpu.js kernels take a piecewise-linear σ with 2 knots, this one has ${knots.length}`
    )
  return {
    m: cfg.m,
    d: cfg.d,
    batch,
    alpha: cfg.alpha,
    lambda: cfg.lambda,
    invBeta: Number.isFinite(cfg.beta) ? 1 / cfg.beta : 0,
    noiseFactor: LANGEVIN_NOISE_FACTOR,
    act: ACTIVATION_CODE[spec.kind],
    kt0: knots ? knots[0][0] : 0,
    ks0: knots ? knots[0][1] : 0,
    kt1: knots ? knots[1][0] : 1,
    ks1: knots ? knots[1][1] : 0,
    trainA: cfg.train.a ? 1 : 0,
    trainB: cfg.train.b ? 1 : 0,
    trainW: cfg.train.w ? 1 : 0,
    deviceNoise: cfg.noise === 'host' ? 0 : 1,
    seedLo: (cfg.seed >>> 0) & 0xffff,
    seedHi: (cfg.seed >>> 0) >>> 16,
    residualInside: 0
  }
}

/** Random packed sample particles: w ~ N(0, 1/d), b ~ N(0, ¼), a ~ N(0, 1). */
export function sampleTheta(rng: Rng, c: StepConstants): Float32Array {
  return packTheta({
    w: normals(rng, c.m * c.d, 1 / Math.sqrt(c.d)),
    b: normals(rng, c.m, 0.5),
    a: normals(rng, c.m)
  })
}

/** θ = [w | b | a] in float32 (see StepConstants). */
export function packTheta(p: { w: ArrayLike<number>; b: ArrayLike<number>; a: ArrayLike<number> }) {
  const m = p.a.length
  const md = p.w.length
  const theta = new Float32Array(md + 2 * m)
  theta.set(p.w)
  theta.set(p.b, md)
  theta.set(p.a, md + m)
  return theta
}
