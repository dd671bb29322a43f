import { assertSpec, type ExperimentSpec } from '@shared/spec/experiment-spec'
import { presetSpec } from '@shared/spec/presets'

/** A benchmark workload of issue 2: a spec plus the arithmetic and memory traffic of one step. */
export interface Workload {
  id: 'W1' | 'W1b' | 'W1n' | 'W2'
  title: string
  spec: ExperimentSpec
  /** Floating-point operations of one step (multiply and add counted apart), upper bound. */
  flopsPerStep: number
  /** Bytes one step must move at least, when the state does not fit in cache. */
  bytesPerStep: number
  /** Where the working set lives, which decides whether bytes or FLOPs bound the step. */
  workingSet: string
}

/**
 * W1: MMN one-pass SGD (mmn-two-gaussians), batch 1, d = 40, M = 800, only w trains.
 * Per step: B·M dot products of length d (2d FLOPs each) plus at most B·M axpys of length d for the
 * particles in the truncated ReLU's linear zone: ≤ 4·B·M·d FLOPs. The 800×40 float32 matrix (128 KB)
 * stays in L2, so the step is bound by latency and FLOPs, not memory bandwidth.
 */
function w1(batch: number): Workload {
  const base = presetSpec('mmn-two-gaussians', { size: 'default' })
  const spec = assertSpec({
    ...base,
    dynamics: { ...base.dynamics, batchSize: batch, steps: 1e9 },
    observe: { ...base.observe, every: 1e8, snapshotEvery: 0 },
    compute: { ...base.compute, chunkSteps: batch === 1 ? 5000 : 500 }
  })
  const { width: m } = spec.model
  const d = spec.task.dim
  return {
    id: batch === 1 ? 'W1' : 'W1b',
    title: `MMN one-pass SGD, batch ${batch}, d = ${d}, M = ${m}`,
    spec,
    flopsPerStep: 4 * batch * m * d,
    bytesPerStep: 2 * m * d * 4,
    workingSet: `${((m * d * 4) / 1024).toFixed(0)} KB of particles: cache-resident`
  }
}

/**
 * W1n: noisy one-pass SGD (MFLD), batch 1, d = 40, M = 800: the step of the best-written peers
 * (test/bench/peers/w1_*.py): a, b and w train, β = 1e4, λ = 1e-4, so every particle moves every
 * step and draws M·(d + 2) = 33 600 normals. Same FLOPs as W1 plus the noise.
 */
function w1Noisy(): Workload {
  const base = w1(1)
  const spec = assertSpec({
    ...base.spec,
    model: { ...base.spec.model, bias: true, train: { a: true, b: true, w: true } },
    dynamics: { ...base.spec.dynamics, beta: 1e4, lambda: 1e-4 }
  })
  const { width: m } = spec.model
  const d = spec.task.dim
  return {
    ...base,
    id: 'W1n',
    title: `MMN one-pass noisy SGD (β = 1e4, λ = 1e-4), batch 1, d = ${d}, M = ${m}, a, b, w`,
    spec,
    flopsPerStep: 4 * m * d + 10 * m * (d + 2)
  }
}

/**
 * The length of the default mmn-two-gaussians run (its preset's steps, 200 000): the watch
 * workload runs it whole, since a cut run carries the start-up (the PDE thread's boot, the first
 * record) over fewer steps than the run a user starts.
 */
export function defaultRunSteps(): number {
  return presetSpec('mmn-two-gaussians', { size: 'default' }).dynamics.steps
}

/**
 * The default mmn-two-gaussians run as a user starts it (risk every 1000 steps on 2000 samples,
 * histograms, snapshots, the PDE overlay), cut to `steps` steps; `watched: false` turns every
 * observation off (records only at the end), the same chunks otherwise.
 */
export function watchedRunSpec(steps: number, watched: boolean): ExperimentSpec {
  const base = presetSpec('mmn-two-gaussians', { size: 'default' })
  const observe = watched
    ? base.observe
    : { ...base.observe, every: 1e8, snapshotEvery: 0, observables: [] }
  return assertSpec({ ...base, dynamics: { ...base.dynamics, steps }, observe })
}

/**
 * W2: full-batch noisy GD, n = M = 4096, d = 64, ReLU, a, b and w all train (β = 1e4, λ = 1e-3).
 * Per step two n×M×d products (pre-activations XWᵀ and the w-gradient cᵀX): 4·n·M·d FLOPs, plus
 * O(n·M) elementwise work. The n×M activations (64 MiB in float32) leave every cache, so a step
 * moves at least 2·n·M·4 bytes on top of the FLOPs.
 */
function w2(): Workload {
  const n = 4096
  const m = 4096
  const d = 64
  const spec = assertSpec({
    title: 'W2: full-batch noisy GD',
    seed: 1,
    task: { kind: 'two-gaussians', dim: d, trainSize: n, testSize: 256, delta: 0.5 },
    model: {
      width: m,
      activation: { kind: 'relu' },
      scaling: 'mean-field',
      train: { a: true, b: true, w: true },
      bias: true,
      init: {
        a: { kind: 'normal', mean: 0, std: 1 },
        b: { kind: 'constant', value: 0 },
        w: { kind: 'normal', mean: 0, std: 1, scaleByDim: true }
      }
    },
    dynamics: { kind: 'gd', stepSize: 1e-2, steps: 1e9, beta: 1e4, lambda: 1e-3 },
    observe: { every: 1e8, riskSamples: 256 },
    compute: { chunkSteps: 1 }
  })
  return {
    id: 'W2',
    title: `full-batch noisy GD, n = M = ${m}, d = ${d}, ReLU, all layers`,
    spec,
    flopsPerStep: 4 * n * m * d + 8 * n * m,
    bytesPerStep: 2 * n * m * 4,
    workingSet: `${((n * m * 4) / 2 ** 20).toFixed(0)} MiB of activations: memory-resident`
  }
}

/** The workloads by id. */
export function workloads(): Record<Workload['id'], Workload> {
  return { W1: w1(1), W1b: w1(64), W1n: w1Noisy(), W2: w2() }
}
