import { z } from 'zod'
import { PRESET_IDS, isPresetId } from './preset-ids'
import { memoryIssues } from './run-memory'

/**
 * The experiment spec: one typed, validated description of an experiment (docs/science.md#model to docs/science.md#observables).
 * The same schema validates IPC arguments, session files and is exported by `mflab schema`.
 * Every number carries its range; validation errors name the field path and the allowed range.
 */

const positiveInt = (max: number) => z.number().int().min(1).max(max)

/** Law of one initial parameter (a_i, b_i, or every coordinate of w_i). */
export const initLaw = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant'), value: z.number().min(-1e6).max(1e6) }),
  /** N(mean, std²). For w the std is per coordinate; `scaleByDim` divides it by √d (MMN: κ/√d). */
  z.object({
    kind: z.literal('normal'),
    mean: z.number().min(-1e6).max(1e6).default(0),
    std: z.number().min(0).max(1e6),
    scaleByDim: z.boolean().default(false)
  }),
  /** ±value with probability ½ each. */
  z.object({ kind: z.literal('sign'), value: z.number().min(0).max(1e6) })
])
export type InitLaw = z.infer<typeof initLaw>

/** A point (t, σ(t)) of a piecewise-linear activation; σ is constant outside the first and last knot. */
export const knot = z.tuple([z.number().min(-1e6).max(1e6), z.number().min(-1e6).max(1e6)])

export const activation = z.discriminatedUnion('kind', [
  z.object({
    kind: z.enum(['relu', 'tanh', 'sigmoid', 'erf', 'identity', 'quadratic'])
  }),
  /** MMN's truncated ReLU: s1 for t ≤ t1, linear to (t2, s2), s2 for t ≥ t2 [paper, unverified constants]. */
  z.object({
    kind: z.literal('truncated-relu'),
    t1: z.number().default(0.5),
    t2: z.number().default(1.5),
    s1: z.number().default(-2.5),
    s2: z.number().default(7.5)
  }),
  /** User-defined piecewise-linear activation through ≥ 2 knots with strictly increasing t. */
  z.object({
    kind: z.literal('piecewise-linear'),
    knots: z
      .array(knot)
      .min(2)
      .max(64)
      .refine((k) => k.every((p, i) => i === 0 || p[0] > k[i - 1][0]), {
        message: 'knot abscissae must be strictly increasing'
      })
  })
])
export type ActivationSpec = z.infer<typeof activation>

export const task = z.discriminatedUnion('kind', [
  /** y = ±1 w.p. ½; x ~ N(0, τ±² I_d), τ± = 1 ± Δ (docs/science.md#tasks). */
  z.object({
    kind: z.literal('two-gaussians'),
    dim: positiveInt(4096).default(40),
    trainSize: positiveInt(1_000_000).default(1000),
    testSize: positiveInt(1_000_000).default(1000),
    delta: z.number().min(0).max(0.99).default(0.8)
  }),
  /** Covariances differ only on a subspace V of dimension s0: x ~ N(0, I + (τ±² − 1) P_V). */
  z.object({
    kind: z.literal('two-gaussians-anisotropic'),
    dim: positiveInt(4096).default(40),
    trainSize: positiveInt(1_000_000).default(1000),
    testSize: positiveInt(1_000_000).default(1000),
    delta: z.number().min(0).max(0.99).default(0.8),
    subspaceDim: positiveInt(4096).default(4)
  }),
  /** y = σ*(⟨w*, x⟩) + ε with ‖w*‖ = √d and x ~ Unif(S^{d−1}) or N(0, I/d) (docs/science.md#tasks). */
  z.object({
    kind: z.literal('single-index'),
    dim: positiveInt(4096).default(20),
    trainSize: positiveInt(1_000_000).default(1000),
    testSize: positiveInt(1_000_000).default(1000),
    link: activation.default({ kind: 'relu' }),
    inputs: z.enum(['sphere', 'gaussian']).default('sphere'),
    noiseStd: z.number().min(0).max(100).default(0)
  }),
  /** f* = (1/M*) Σ a*_j σ(⟨w*_j, x⟩), x ~ N(0, I/d) (seeds 000, 003). */
  z.object({
    kind: z.literal('teacher'),
    dim: positiveInt(4096).default(10),
    trainSize: positiveInt(1_000_000).default(500),
    testSize: positiveInt(1_000_000).default(1000),
    teacherWidth: positiveInt(1024).default(4),
    teacherActivation: activation.default({ kind: 'relu' }),
    noiseStd: z.number().min(0).max(100).default(0)
  }),
  /** f(x) = x1·x2, x ~ N(0, I_d), label noise U[−σ, σ] (Takakura–Suzuki). */
  z.object({
    kind: z.literal('product'),
    dim: z.number().int().min(2).max(4096).default(15),
    trainSize: positiveInt(1_000_000).default(500),
    testSize: positiveInt(1_000_000).default(1000),
    labelNoise: z.number().min(0).max(100).default(0)
  }),
  /** User data from a CSV file: d feature columns then a label column. The rows live in the session. */
  z.object({
    kind: z.literal('csv'),
    dim: positiveInt(4096),
    trainSize: positiveInt(1_000_000),
    testSize: z.number().int().min(0).max(1_000_000),
    source: z.string().max(4096).default('')
  })
])
export type TaskSpec = z.infer<typeof task>
export type TaskKind = TaskSpec['kind']

export const model = z.object({
  width: positiveInt(1_000_000).default(800),
  activation: activation.default({ kind: 'truncated-relu', t1: 0.5, t2: 1.5, s1: -2.5, s2: 7.5 }),
  /**
   * Output scale: f = (α/M) Σ a_i σ(⟨w_i,x⟩ + b_i). 'mean-field' α = 1, 'ntk' α = √M, 'alpha' uses `alpha`.
   * The per-particle step carries a factor 1/α (engine/README: with α = 1 it is MMN's step).
   */
  scaling: z.enum(['mean-field', 'ntk', 'alpha']).default('mean-field'),
  alpha: z.number().min(1e-6).max(1e9).default(1),
  /** Which parameter groups train. Only a = random features; only w = MMN's classification example. */
  train: z
    .object({
      a: z.boolean().default(true),
      b: z.boolean().default(true),
      w: z.boolean().default(true)
    })
    .default({ a: true, b: true, w: true }),
  /** Whether the bias b exists at all (σ*(x;θ) = a σ(⟨w,x⟩) when false). */
  bias: z.boolean().default(true),
  /** Train the first-order Taylor model at init instead of the network (lazy-vs-rich comparisons). */
  linearised: z.boolean().default(false),
  init: z
    .object({
      a: initLaw.default({ kind: 'constant', value: 1 }),
      b: initLaw.default({ kind: 'constant', value: 0 }),
      w: initLaw.default({ kind: 'normal', mean: 0, std: 0.8, scaleByDim: true })
    })
    .default({
      a: { kind: 'constant', value: 1 },
      b: { kind: 'constant', value: 0 },
      w: { kind: 'normal', mean: 0, std: 0.8, scaleByDim: true }
    })
})
export type ModelSpec = z.infer<typeof model>

export const schedule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }),
  /** ξ(t) = (1 + t/t0)^(−power); power 1/4 is MMN's t^(−1/4) decay [paper, unverified]. */
  z.object({
    kind: z.literal('power'),
    power: z.number().min(0).max(2).default(0.25),
    t0: z.number().min(1e-9).max(1e9).default(1)
  })
])
export type ScheduleSpec = z.infer<typeof schedule>

/**
 * Two-timescale limit (docs/science.md#dynamics): the second layer is always the exact kernel-ridge
 * solution for the current first layer; MFLD on w with step η = dynamics.stepSize.
 */
export const twoTimescale = z.object({
  /** Second-layer ridge λa (c = n·λa/2). */
  lambdaA: z.number().gt(0).max(1e6).default(0.25),
  /** First-layer L2 λw. */
  lambdaW: z.number().min(0).max(1e6).default(0.25),
  /** Temperature λ of the entropy term (noise √(2ηλ)g, the poster's normalisation); 0 = noiseless. */
  temperature: z.number().min(0).max(1e3).default(0.004),
  /** Label-noise amplitude σ̃ (ξ ~ U[−σ̃, σ̃]). */
  labelNoise: z.number().min(0).max(1e3).default(0),
  /**
   * 'sampled': fresh ξ each step, unbiased drift; 'expected': its exact expectation;
   * 'contrasting': noisy labels inside the exact solve (raises d(μ)); 'none'.
   */
  labelNoiseMode: z.enum(['none', 'sampled', 'expected', 'contrasting']).default('none')
})
export type TwoTimescaleSpec = z.infer<typeof twoTimescale>

export const dynamics = z.object({
  /**
   * 'gd': full batch on the training set; 'sgd': batches of `batchSize` from the training set;
   * 'online-sgd': fresh samples every step (train risk = test risk = population risk);
   * 'two-timescale': exact second layer + MFLD on the first (see `twoTimescale`).
   * Finite `beta` adds Langevin noise (noisy SGD / MFLD).
   */
  kind: z.enum(['gd', 'sgd', 'online-sgd', 'two-timescale']).default('online-sgd'),
  twoTimescale: twoTimescale.default(twoTimescale.parse({})),
  /** Step size s; time t = k·s (docs/science.md#dynamics). */
  stepSize: z.number().gt(0).max(1e3).default(1e-4),
  steps: z.number().int().min(0).max(1e10).default(200_000),
  batchSize: positiveInt(1_000_000).default(1),
  /** Inverse temperature β; absent, null or Infinity = noiseless (JSON has no Infinity: stored as null). */
  beta: z
    .preprocess(
      (v) => (v === Infinity || v === 'Infinity' || v === undefined ? null : v),
      z.number().gt(0).max(1e12).nullable()
    )
    .default(null),
  /** L2 strength λ: the step adds −2 s λ θ_i. */
  lambda: z.number().min(0).max(1e6).default(0),
  schedule: schedule.default({ kind: 'constant' })
})
export type DynamicsSpec = z.infer<typeof dynamics>

export const observe = z.object({
  /** Steps between two metric records (risk, free energy, …). */
  every: positiveInt(1e9).default(1000),
  /** Steps between two particle snapshots kept in the session (0 = only the final one). */
  snapshotEvery: z.number().int().min(0).max(1e10).default(0),
  /** Held-out samples used to estimate the population risk in online SGD. */
  riskSamples: positiveInt(1_000_000).default(2000),
  /**
   * Seed of the held-out set (stream 'test'); absent: the run's seed. Runs that a study compares
   * across seeds share it (common random numbers), so their risks differ by their particles, not
   * by their test points.
   */
  testSeed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional(),
  histogramBins: positiveInt(1000).default(40),
  /**
   * Extra observables recorded with the metrics (docs/science.md#observables): free energy parts, kernel–target
   * alignment and d(μ) on a probe set, NTK Gram λ_min, parameter movement, planted-direction cosines.
   */
  observables: z
    .array(z.enum(['freeEnergy', 'alignment', 'dof', 'ntkGram', 'movement', 'planted', 'pde']))
    .max(16)
    .default([]),
  /** Probe-set size for kernel observables (n ≤ 2000 keeps λ_min exact in float64). */
  probeSize: positiveInt(2000).default(200),
  /**
   * Interaction kernel of the radial PDE overlay (isotropic two Gaussians, the 'pde' observable):
   * 'finite-d' averages over the angles of two directions in the run's d (exact for a
   * rotation-invariant law at that d); 'infinite-d' keeps only the d → ∞ limit of that average,
   * the kernel of the mean-field limit of MMN (docs/science.md). The other PDE reductions always
   * use their finite-d kernel.
   */
  pdeKernel: z.enum(['finite-d', 'infinite-d']).default('finite-d')
})
export type ObserveSpec = z.infer<typeof observe>

export const backendName = z.enum(['auto', 'webgpu', 'webasm', 'cpu', 'js'])
export type BackendName = z.infer<typeof backendName>

export const compute = z.object({
  backend: backendName.default('auto'),
  /** Steps per device call (one pipeline run); metrics come back once per chunk. */
  chunkSteps: positiveInt(1_000_000).default(1000),
  /**
   * Where the gpu.js backends draw noisy runs' normals: 'device' (in the kernels, counter-based, so
   * nothing is drawn on the host or uploaded) or 'host' (the reference backend's stream, for
   * agreement with it up to float32 rounding). The js and reference backends always use the host.
   */
  noise: z.enum(['device', 'host']).default('device'),
  /**
   * Seconds between autosaves of a running session: what a kill -9 or a power cut can lose at most.
   * Five seconds keeps that small; a save writes the session once, atomically.
   */
  autosaveSeconds: z.number().min(1).max(86_400).default(5)
})
export type ComputeSpec = z.infer<typeof compute>

export const experimentSpec = z.object({
  title: z.string().max(200).default('Untitled experiment'),
  preset: z.string().max(100).optional(),
  /** Seed of every random stream of the run (data, init, noise). */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(1),
  task: task.default({
    kind: 'two-gaussians',
    dim: 40,
    trainSize: 1000,
    testSize: 1000,
    delta: 0.8
  }),
  model: model.default(model.parse({})),
  dynamics: dynamics.default(dynamics.parse({})),
  observe: observe.default(observe.parse({})),
  compute: compute.default(compute.parse({}))
})

/** A fully defaulted, validated experiment. */
export type ExperimentSpec = z.infer<typeof experimentSpec>
/** What a user or a file may give: every field optional where a default exists. */
export type ExperimentSpecInput = z.input<typeof experimentSpec>

/** One validation problem: the dotted path of the field and a sentence saying what is allowed. */
export interface SpecIssue {
  path: string
  message: string
}

export type SpecResult = { ok: true; spec: ExperimentSpec } | { ok: false; issues: SpecIssue[] }

/** Validates and defaults an experiment; never throws. */
export function parseSpec(input: unknown): SpecResult {
  const r = experimentSpec.safeParse(input)
  if (r.success) {
    const problems = crossFieldIssues(r.data)
    return problems.length ? { ok: false, issues: problems } : { ok: true, spec: r.data }
  }
  return { ok: false, issues: r.error.issues.map(toSpecIssue) }
}

/** Like parseSpec, but throws a SpecError listing every problem. */
export function assertSpec(input: unknown): ExperimentSpec {
  const r = parseSpec(input)
  if (!r.ok) throw new SpecError(r.issues)
  return r.spec
}

export class SpecError extends Error {
  constructor(readonly issues: SpecIssue[]) {
    super(issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; '))
    this.name = 'SpecError'
  }
}

function toSpecIssue(i: z.core.$ZodIssue): SpecIssue {
  return { path: i.path.map(String).join('.'), message: i.message }
}

/** Constraints that involve two fields, stated with both paths. */
function crossFieldIssues(s: ExperimentSpec): SpecIssue[] {
  const out: SpecIssue[] = []
  if (s.preset !== undefined && !isPresetId(s.preset))
    out.push({
      path: 'preset',
      message: `unknown preset ${JSON.stringify(s.preset)} (known: ${PRESET_IDS.join(', ')})`
    })
  if (s.task.kind === 'two-gaussians-anisotropic' && s.task.subspaceDim > s.task.dim)
    out.push({
      path: 'task.subspaceDim',
      message: `must be ≤ task.dim (${s.task.dim}), got ${s.task.subspaceDim}`
    })
  if (s.dynamics.kind === 'sgd' && s.dynamics.batchSize > s.task.trainSize)
    out.push({
      path: 'dynamics.batchSize',
      message: `must be ≤ task.trainSize (${s.task.trainSize}) for multi-pass SGD, got ${s.dynamics.batchSize}`
    })
  if (!s.model.train.a && !s.model.train.b && !s.model.train.w)
    out.push({ path: 'model.train', message: 'at least one of a, b, w must train' })
  out.push(...memoryIssues(s))
  return out
}

// numbers read off a spec, in a module without zod (threads that only compute import them there)
export { inverseTemperature, outputScale, taskDim } from './spec-values'
