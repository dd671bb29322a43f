import type { GPU, IKernelRunShortcut, IPipelineHandle, IPipelineRunShortcut } from 'gpu.js'
import { allocParticles, type Dataset, type Particles } from '../../science/particles'
import { Rng } from '../../science/rng'
import type { GpuMode } from '../gpu-factory'
import { ACTIVATION_FUNCTIONS } from '../kernels/activation-functions'
import {
  stepConstants,
  type KernelInputs,
  type KernelSpec,
  type StepConstants
} from '../kernels/kernel-spec'
import { predictOutputs, preActivations, residuals, updateA, updateB, updateW } from '../kernels'
import type { Chunk, DynamicsConfig, ParticleBackend, ParticleStats } from '../particle-backend'
import { drawStepNoise } from './step-noise'

/** Steps per pipeline call at most: bounds the unrolled plan and the host-noise upload. */
const MAX_PIPELINE_STEPS = 256
/** Host normals per pipeline call at most (floats), for noisy runs. */
const MAX_NOISE_FLOATS = 1 << 22
/** Pipelines kept compiled (by steps × batch kind). */
const PIPELINE_CACHE = 4

type Kernel = IKernelRunShortcut
type Handle = IPipelineHandle

interface StepKernels {
  pre: Kernel
  res: Kernel
  a: Kernel
  b: Kernel
  w: Kernel
}

/**
 * The gpu.js backends (cpu, webasm, webgpu): K steps per `createPipeline` call, each step five
 * kernels (pre-activations, residuals, a/b/w updates; see kernels/). Particles come back to the host
 * once per pipeline call (a pipeline resolves to plain arrays) and are uploaded with the next one.
 * Noise: host normals from the science Rng stream (seed, 'noise') in the reference backend's order,
 * so noisy runs agree with it up to float32 rounding (see kernels/kernel-spec.ts for why not
 * in-kernel Math.random). The report's detail names the executor that ran (pipeline.executorKind).
 */
export async function createGpujsBackend(
  gpu: GPU,
  mode: GpuMode,
  cfg: DynamicsConfig,
  adapter: string
): Promise<ParticleBackend> {
  const { m, d, train } = cfg
  const noisy = Number.isFinite(cfg.beta)
  const perStep = m * (d + 2)
  const rng = new Rng(cfg.seed, 'noise')
  let w = new Float32Array(m * d)
  let a = new Float32Array(m)
  let b = new Float32Array(m)
  let trainX: Float32Array | null = null
  let trainY: Float32Array | null = null
  let trainN = 0
  const kernelSets = new Map<number, StepKernels>()
  const pipelines = new Map<string, IPipelineRunShortcut>()
  const predictors = new Map<number, Kernel>()
  let executor = 'not run yet'

  const build = <I extends KernelInputs>(
    spec: KernelSpec<I>,
    c: StepConstants,
    output = spec.output(c)
  ): Kernel =>
    gpu.createKernel(spec.body, {
      output,
      constants: { ...c },
      functions: ACTIVATION_FUNCTIONS
    } as Parameters<GPU['createKernel']>[1])

  const kernelsFor = (batch: number): StepKernels => {
    let ks = kernelSets.get(batch)
    if (!ks) {
      const c = stepConstants(cfg, batch)
      ks = {
        pre: build(preActivations, c),
        res: build(residuals, c),
        a: build(updateA, c),
        b: build(updateB, c),
        w: build(updateW, c)
      }
      kernelSets.set(batch, ks)
    }
    return ks
  }

  const pipelineFor = (steps: number, batch: number, fromTrain: boolean): IPipelineRunShortcut => {
    const key = `${steps}:${batch}:${fromTrain}`
    let p = pipelines.get(key)
    if (p) return p
    const k = kernelsFor(batch)
    const flags = { ...train }
    p = gpu.createPipeline(function (
      w0: Handle,
      b0: Handle,
      a0: Handle,
      x: Handle,
      y: Handle,
      stepSizes: Handle,
      g: Handle
    ) {
      let [wt, bt, at] = [w0, b0, a0]
      for (let s = 0; s < steps; s++) {
        const row0 = fromTrain ? 0 : s * batch
        const pre = k.pre(wt, bt, x, row0) as unknown as Handle
        const r = k.res(at, pre, y, row0) as unknown as Handle
        const an = flags.a ? (k.a(at, pre, r, stepSizes, s, g) as unknown as Handle) : at
        const bn = flags.b ? (k.b(at, bt, pre, r, stepSizes, s, g) as unknown as Handle) : bt
        if (flags.w) wt = k.w(wt, at, pre, r, x, row0, stepSizes, s, g) as unknown as Handle
        at = an
        bt = bn
      }
      const out: Record<string, Handle> = {}
      if (flags.w) out.w = wt
      if (flags.a) out.a = at
      if (flags.b) out.b = bt
      return out
    })
    if (pipelines.size >= PIPELINE_CACHE) {
      const [oldest, old] = pipelines.entries().next().value as [string, IPipelineRunShortcut]
      old.destroy?.()
      pipelines.delete(oldest)
    }
    pipelines.set(key, p)
    return p
  }

  const runPiece = async (
    stepSizes: Float64Array,
    x: Float32Array,
    y: Float32Array,
    batch: number,
    fromTrain: boolean
  ) => {
    const K = stepSizes.length
    const g = noisy ? new Float32Array(K * perStep) : new Float32Array(1)
    if (noisy)
      for (let s = 0; s < K; s++) {
        const o = s * perStep
        drawStepNoise(
          rng,
          {
            a: g.subarray(o, o + m),
            b: g.subarray(o + m, o + 2 * m),
            w: g.subarray(o + 2 * m, o + perStep)
          },
          train
        )
      }
    const pipe = pipelineFor(K, batch, fromTrain)
    const out = (await pipe(w, b, a, x, y, Float32Array.from(stepSizes), g)) as unknown as Record<
      string,
      Float32Array
    >
    if (out.w) w = Float32Array.from(out.w)
    if (out.a) a = Float32Array.from(out.a)
    if (out.b) b = Float32Array.from(out.b)
    executor = `${pipe.executorKind}${pipe.fallbackReason ? ` (${pipe.fallbackReason})` : ''}`
  }

  const maxSteps = noisy
    ? Math.max(1, Math.min(MAX_PIPELINE_STEPS, Math.floor(MAX_NOISE_FLOATS / perStep)))
    : MAX_PIPELINE_STEPS

  const backend: ParticleBackend = {
    name: mode,
    get detail() {
      return `gpu.js ${mode}${adapter ? ` on ${adapter}` : ''}, executor ${executor}`
    },
    async upload(p: Particles) {
      w = Float32Array.from(p.w)
      a = Float32Array.from(p.a)
      b = Float32Array.from(p.b)
    },
    async setTrainSet(data: Dataset) {
      trainX = Float32Array.from(data.x)
      trainY = Float32Array.from(data.y)
      trainN = data.n
    },
    async runChunk(chunk: Chunk) {
      const K = chunk.stepSizes.length
      const src = chunk.batches
      for (let s0 = 0; s0 < K; s0 += maxSteps) {
        const s1 = Math.min(K, s0 + maxSteps)
        const sizes = chunk.stepSizes.subarray(s0, s1)
        if (src.kind === 'train') {
          if (!trainX || !trainY) throw new Error(`gpu.js ${mode}: no training set`)
          await runPiece(sizes, trainX, trainY, trainN, true)
        } else {
          const B = src.batch
          const x = Float32Array.from(src.x.subarray(s0 * B * d, s1 * B * d))
          const y = Float32Array.from(src.y.subarray(s0 * B, s1 * B))
          await runPiece(sizes, x, y, B, false)
        }
      }
    },
    async predict(x: Float64Array, n: number) {
      let k = predictors.get(n)
      if (!k) {
        k = build(predictOutputs, stepConstants(cfg, 1), [n])
        predictors.set(n, k)
      }
      const out = (await k(w, b, a, Float32Array.from(x.subarray(0, n * d)))) as Float32Array
      return Float64Array.from(out)
    },
    async stats(): Promise<ParticleStats> {
      const normW2 = new Float64Array(m)
      const normAB2 = new Float64Array(m)
      for (let i = 0; i < m; i++) {
        let s = 0
        for (let j = 0; j < d; j++) s += w[i * d + j] * w[i * d + j]
        normW2[i] = s
        normAB2[i] = a[i] * a[i] + b[i] * b[i]
      }
      return { normW2, normAB2 }
    },
    async read() {
      const p = allocParticles(m, d)
      p.w.set(w)
      p.a.set(a)
      p.b.set(b)
      return p
    },
    saveNoise: () => rng.save(),
    restoreNoise: (st) => rng.restore(st),
    dispose() {
      for (const p of pipelines.values()) p.destroy?.()
      pipelines.clear()
      void gpu.destroy()
    }
  }
  await smokeTest(gpu, mode)
  return backend
}

/** Runs a one-cell kernel, so a mode that cannot run (no adapter, no wasm) fails here and falls back. */
async function smokeTest(gpu: GPU, mode: GpuMode): Promise<void> {
  const k = gpu.createKernel(
    function (this: { thread: { x: number } }, v: number[]) {
      return v[this.thread.x] * 2
    } as Parameters<GPU['createKernel']>[0],
    { output: [1] }
  )
  const out = (await k(Float32Array.of(21))) as Float32Array
  if (out[0] !== 42) throw new Error(`gpu.js ${mode}: smoke test returned ${out[0]}`)
  const used = (k as unknown as { kernel?: { constructor?: { mode?: string } } }).kernel
    ?.constructor?.mode
  if (used && used !== mode) throw new Error(`gpu.js ${mode} degraded to ${used}`)
  k.destroy?.()
}
