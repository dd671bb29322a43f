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

/** Options of `solveSingleIndexPde` (SCIENCE.md §5). Times are in SGD time t = k·s. */
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
  /** RK4 time step. */
  dt: number
  /** Seed of the initial particles ('pde-init' stream). */
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

/**
 * Solves the single-index distributional dynamics in (a, s, r) (see `SingleIndexModel`) by a
 * Lagrangian particle scheme: each particle follows its characteristic d(a, s, r)/dt =
 * −2∇ψ_λ(a, s, r; ρ) under the empirical law of the N particles, integrated by RK4 (r is kept ≥ 0
 * by reflection: ψ is even in r). Noiseless only.
 */
export function solveSingleIndexPde(opts: SingleIndexPdeOptions): SingleIndexPdeSolution {
  if (!(opts.dt > 0) || !(opts.tEnd >= 0))
    throw new Error('solveSingleIndexPde: need dt > 0, tEnd ≥ 0')
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
  const alloc = (): SingleIndexState => ({
    a: new Float64Array(n),
    s: new Float64Array(n),
    r: new Float64Array(n)
  })
  const [k1, k2, k3, k4, tmp] = [alloc(), alloc(), alloc(), alloc(), alloc()]
  const Q = model.rule.nodes.length
  const work = {
    m: new Float64Array(n * Q),
    dm: new Float64Array(n * Q),
    dv: new Float64Array(n * Q),
    gap: new Float64Array(Q)
  }
  const keys = ['a', 's', 'r'] as const
  const stage = (k: SingleIndexState, h: number) => {
    for (const c of keys) for (let p = 0; p < n; p++) tmp[c][p] = z[c][p] + h * k[c][p]
    for (let p = 0; p < n; p++) tmp.r[p] = Math.abs(tmp.r[p])
  }
  const drift = (x: SingleIndexState, k: SingleIndexState) =>
    singleIndexDrift(model, x, k, train, lambda, work)
  const rk4 = (h: number) => {
    drift(z, k1)
    stage(k1, 0.5 * h)
    drift(tmp, k2)
    stage(k2, 0.5 * h)
    drift(tmp, k3)
    stage(k3, h)
    drift(tmp, k4)
    for (const c of keys)
      for (let p = 0; p < n; p++)
        z[c][p] += (h / 6) * (k1[c][p] + 2 * k2[c][p] + 2 * k3[c][p] + k4[c][p])
    for (let p = 0; p < n; p++) z.r[p] = Math.abs(z.r[p])
  }
  const targets = [...new Set(opts.record.map((t) => Math.min(Math.max(t, 0), opts.tEnd)))].sort(
    (a, b) => a - b
  )
  const out: SingleIndexPdeSolution = { times: [], risk: [], state: [], model }
  let t = 0
  for (const target of targets) {
    while (target - t > 1e-12 * Math.max(1, target)) {
      const h = Math.min(opts.dt, target - t)
      rk4(h)
      t += h
    }
    t = target
    out.times.push(t)
    out.risk.push(singleIndexRisk(model, z))
    out.state.push({ a: z.a.slice(), s: z.s.slice(), r: z.r.slice() })
  }
  return out
}
