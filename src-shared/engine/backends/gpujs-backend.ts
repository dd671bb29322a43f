import type {
  GPU,
  IKernelRunShortcut,
  IPipelineHandle,
  IPipelineRunShortcut,
  Texture
} from 'gpu.js'
import { allocParticles, type Dataset, type Particles } from '../../science/particles'
import type { GpuMode } from '../gpu-factory'
import {
  packTheta,
  stepConstants,
  type KernelInputs,
  type KernelSpec,
  type StepConstants
} from '../kernels/kernel-spec'
import {
  KERNEL_FUNCTIONS,
  particleNorms,
  predictOutputs,
  preActivations,
  residuals,
  updateTheta
} from '../kernels'
import type {
  Chunk,
  DynamicsConfig,
  ParticleBackend,
  ParticleStats,
  TransferCounts
} from '../particle-backend'
import { nextStepNoise } from './step-noise'
import { fastNormalStream } from './wasm-normals'

/** Steps per pipeline call at most (fused): bounds the unrolled plan and the host-noise upload. */
const MAX_PIPELINE_STEPS = 256
/** Host normals per upload at most (floats), for noisy runs with host noise. */
const MAX_NOISE_FLOATS = 1 << 22
/** Pipelines kept compiled (by steps × batch kind). */
const PIPELINE_CACHE = 4

/**
 * How the steps reach the device:
 * - 'fused': one `createPipeline` call per ≤ 256 steps, each step 3 kernels recorded into one
 *   plan (webgpu: one command encoder, one submit; webasm: one fused wasm dispatch). gpu.js's fused
 *   executors take plain arrays only, so θ is uploaded and read back once per call.
 * - 'resident': kernels with `pipeline: true` called step by step; θ, the training set and each
 *   chunk's data stay in device buffers (gpu.js handles), and θ comes back only when read() asks
 *   (an observable, snapshot, checkpoint, pause or stop); the driver's per-chunk norms and
 *   predictions are reduced on the device first.
 * - 'resident2': 'resident', and at batch 1 two kernels a step: the update sums the sample's
 *   residual itself (StepConstants.residualInside), one launch fewer for M·(d+2)·M extra terms.
 *   Which of the two is faster on a GPU is for a GPU run to say (test/bench/gpu-run.sh times both).
 * On cpu and webasm "the device" is host memory (their handles are plain arrays), so 'fused' wins
 * there; webgpu defaults to 'resident'.
 */
export type GpuStrategy = 'fused' | 'resident' | 'resident2'

/** The strategy a mode runs unless asked otherwise. */
export function defaultStrategy(mode: GpuMode): GpuStrategy {
  return mode === 'webgpu' ? 'resident' : 'fused'
}

type Kernel = IKernelRunShortcut
/** The g argument of noiseless or device-noise steps (never read). */
const NO_NOISE = new Float32Array(1)
type Handle = IPipelineHandle
/** A device array: a gpu.js handle on webgpu, a plain Float32Array on cpu and webasm. */
type DeviceArray = Float32Array | Texture

interface StepKernels {
  pre: Kernel
  /** null: the update sums the residual itself (its r argument is then y). */
  res: Kernel | null
  upd: Kernel
}

/**
 * The gpu.js backends (cpu, webasm, webgpu): each step is 3 kernels on packed θ = [w | b | a]
 * (pre-activations, residuals, one update of a, b and w; see kernels/). Noise: the in-kernel
 * Philox normal of (seed, step, particle, coordinate) by default (cfg.noise 'device'), so noisy
 * runs draw nothing on the host and a checkpoint's noise state is the step count; with 'host' the
 * normals come from the reference backend's stream (NormalStream (seed, 'noise'), its order), and
 * noisy runs agree with it up to float32 rounding. Transfers are counted (transfers()).
 */
export async function createGpujsBackend(
  gpu: GPU,
  mode: GpuMode,
  cfg: DynamicsConfig,
  adapter: string,
  strategy: GpuStrategy = defaultStrategy(mode)
): Promise<ParticleBackend> {
  const { m, d, train } = cfg
  const noisy = Number.isFinite(cfg.beta)
  const hostNoise = noisy && cfg.noise === 'host'
  const perStep = m * (d + 2)
  const rng = fastNormalStream(cfg.seed, 'noise')
  /** Steps done since the start of the run: the Philox counter's step. */
  let stepIndex = 0
  let theta: Float32Array = new Float32Array(perStep)
  let thetaDev: DeviceArray | null = null
  let trainX: Float32Array | null = null
  let trainY: Float32Array | null = null
  let trainDev: { x: DeviceArray; y: DeviceArray } | null = null
  let trainN = 0
  const counts: TransferCounts = {
    thetaUploads: 0,
    thetaReadbacks: 0,
    reductionReadbacks: 0,
    dataUploads: 0,
    hostNormals: 0
  }
  const kernelSets = new Map<number, StepKernels>()
  const pipelines = new Map<string, IPipelineRunShortcut>()
  const predictors = new Map<number, Kernel>()
  const resident = strategy !== 'fused'
  let executor = resident ? 'kernel by kernel, θ resident on the device' : 'not run yet'
  if (strategy === 'resident2') executor += ', 2 kernels a step at batch 1'

  const build = <I extends KernelInputs>(
    spec: KernelSpec<I>,
    c: StepConstants,
    output = spec.output(c),
    onDevice = false
  ): Kernel =>
    gpu.createKernel(spec.body, {
      output,
      constants: { ...c },
      functions: KERNEL_FUNCTIONS,
      // a chunk's data and step sizes change length between chunks
      ...(onDevice ? { pipeline: true, immutable: true, dynamicArguments: true } : {})
    } as Parameters<GPU['createKernel']>[1])

  const kernelsFor = (batch: number): StepKernels => {
    let ks = kernelSets.get(batch)
    if (!ks) {
      const inside = strategy === 'resident2' && batch === 1
      const c = { ...stepConstants(cfg, batch), residualInside: inside ? 1 : 0 }
      ks = {
        pre: build(preActivations, c, undefined, resident),
        res: inside ? null : build(residuals, c, undefined, resident),
        upd: build(updateTheta, c, undefined, resident)
      }
      kernelSets.set(batch, ks)
    }
    return ks
  }

  // the host normals of K steps (host noise only), in the reference backend's order
  const hostNormals = (K: number): Float32Array => {
    if (!hostNoise) return NO_NOISE
    const g = new Float32Array(K * perStep)
    for (let s = 0; s < K; s++) {
      const o = s * perStep
      const z = nextStepNoise(rng, m, d, train)
      g.set(z.a, o)
      g.set(z.b, o + m)
      g.set(z.w, o + 2 * m)
    }
    counts.hostNormals += K * perStep
    return g
  }

  // ---- 'resident': device arrays through an identity kernel with pipeline: true
  const copiers = new Map<number, Kernel>()
  const toDevice = async (v: Float32Array): Promise<DeviceArray> => {
    let k = copiers.get(v.length)
    if (!k) {
      k = gpu.createKernel(
        function (this: { thread: { x: number } }, src: number[]) {
          return src[this.thread.x]
        } as Parameters<GPU['createKernel']>[0],
        { output: [v.length], pipeline: true, immutable: true }
      )
      copiers.set(v.length, k)
    }
    return (await k(v)) as unknown as DeviceArray
  }
  const release = (v: DeviceArray | null) => {
    if (v && !(v instanceof Float32Array)) v.delete?.()
  }
  const fromDevice = async (v: DeviceArray): Promise<Float32Array> =>
    v instanceof Float32Array
      ? Float32Array.from(v)
      : Float32Array.from((await v.toArray()) as Float32Array)

  const runResident = async (
    stepSizes: Float64Array,
    x: DeviceArray,
    y: DeviceArray,
    batch: number,
    fromTrain: boolean
  ) => {
    const K = stepSizes.length
    const k = kernelsFor(batch)
    const sizes = await toDevice(Float32Array.from(stepSizes))
    const g = hostNoise ? await toDevice(hostNormals(K)) : null
    counts.dataUploads += g ? 2 : 1
    // the kernel adds the step's offset s to lo (philoxNormal carries past 65535)
    const lo = stepIndex % 65536
    const hi = Math.floor(stepIndex / 65536)
    let th = thetaDev!
    for (let s = 0; s < K; s++) {
      const row0 = fromTrain ? 0 : s * batch
      const pre = (await k.pre(th, x, row0)) as unknown as DeviceArray
      const r = k.res ? ((await k.res(th, pre, y, row0)) as unknown as DeviceArray) : y
      const next = (await k.upd(
        th,
        pre,
        r,
        x,
        row0,
        sizes,
        s,
        g ?? NO_NOISE,
        lo,
        hi
      )) as unknown as DeviceArray
      release(pre)
      if (r !== y) release(r)
      release(th)
      th = next
    }
    release(sizes)
    release(g)
    thetaDev = th
  }

  // ---- 'fused': one createPipeline call per piece, θ in and out
  const pipelineFor = (steps: number, batch: number, fromTrain: boolean): IPipelineRunShortcut => {
    const key = `${steps}:${batch}:${fromTrain}`
    let p = pipelines.get(key)
    if (p) return p
    const k = kernelsFor(batch)
    p = gpu.createPipeline(function (
      t0: Handle,
      x: Handle,
      y: Handle,
      stepSizes: Handle,
      g: Handle,
      stepLo: number,
      stepHi: number
    ) {
      let t = t0
      for (let s = 0; s < steps; s++) {
        const row0 = fromTrain ? 0 : s * batch
        const pre = k.pre(t, x, row0) as unknown as Handle
        const r = k.res!(t, pre, y, row0) as unknown as Handle
        t = k.upd(t, pre, r, x, row0, stepSizes, s, g, stepLo, stepHi) as unknown as Handle
      }
      return t
    })
    if (pipelines.size >= PIPELINE_CACHE) {
      const [oldest, old] = pipelines.entries().next().value as [string, IPipelineRunShortcut]
      old.destroy?.()
      pipelines.delete(oldest)
    }
    pipelines.set(key, p)
    return p
  }

  const runFused = async (
    stepSizes: Float64Array,
    x: Float32Array,
    y: Float32Array,
    batch: number,
    fromTrain: boolean
  ) => {
    const K = stepSizes.length
    const g = hostNormals(K)
    const pipe = pipelineFor(K, batch, fromTrain)
    // the piece's steps are stepIndex + s; the kernel adds s to stepLo (exact below 2^24)
    const lo = stepIndex % 65536
    const hi = Math.floor(stepIndex / 65536)
    counts.thetaUploads++
    counts.dataUploads++
    const out = (await pipe(
      theta,
      x,
      y,
      Float32Array.from(stepSizes),
      g,
      lo,
      hi
    )) as unknown as Float32Array
    counts.thetaReadbacks++
    theta = Float32Array.from(out)
    executor = `${pipe.executorKind}${pipe.fallbackReason ? ` (${pipe.fallbackReason})` : ''}`
  }

  const maxSteps = hostNoise
    ? Math.max(1, Math.min(MAX_PIPELINE_STEPS, Math.floor(MAX_NOISE_FLOATS / perStep)))
    : MAX_PIPELINE_STEPS

  const runPiece = async (
    stepSizes: Float64Array,
    src: Chunk['batches'],
    s0: number,
    s1: number
  ) => {
    if (src.kind === 'train') {
      if (!trainX || !trainY) throw new Error(`gpu.js ${mode}: no training set`)
      if (resident) await runResident(stepSizes, trainDev!.x, trainDev!.y, trainN, true)
      else await runFused(stepSizes, trainX, trainY, trainN, true)
    } else {
      const B = src.batch
      const x = Float32Array.from(src.x.subarray(s0 * B * d, s1 * B * d))
      const y = Float32Array.from(src.y.subarray(s0 * B, s1 * B))
      if (resident) {
        const xd = await toDevice(x)
        const yd = await toDevice(y)
        counts.dataUploads += 2
        await runResident(stepSizes, xd, yd, B, false)
        release(xd)
        release(yd)
      } else await runFused(stepSizes, x, y, B, false)
    }
    stepIndex += stepSizes.length
  }

  let normsKernel: Kernel | null = null
  const hostStats = (t: Float32Array): ParticleStats => {
    const normW2 = new Float64Array(m)
    const normAB2 = new Float64Array(m)
    const md = m * d
    for (let i = 0; i < m; i++) {
      let s = 0
      for (let j = 0; j < d; j++) s += t[i * d + j] * t[i * d + j]
      normW2[i] = s
      normAB2[i] = t[md + i] * t[md + i] + t[md + m + i] * t[md + m + i]
    }
    return { normW2, normAB2 }
  }

  const backend: ParticleBackend = {
    name: mode,
    get detail() {
      const noise = noisy ? `, noise drawn on the ${hostNoise ? 'host' : 'device'}` : ''
      return `gpu.js ${mode}${adapter ? ` on ${adapter}` : ''}, ${resident ? '' : 'executor '}${executor}${noise}`
    },
    async upload(p: Particles) {
      theta = packTheta(p)
      counts.thetaUploads++
      if (resident) {
        release(thetaDev)
        thetaDev = await toDevice(theta)
      }
    },
    async setTrainSet(data: Dataset) {
      trainX = Float32Array.from(data.x)
      trainY = Float32Array.from(data.y)
      trainN = data.n
      if (resident) {
        if (trainDev) {
          release(trainDev.x)
          release(trainDev.y)
        }
        trainDev = { x: await toDevice(trainX), y: await toDevice(trainY) }
        counts.dataUploads += 2
      }
    },
    async runChunk(chunk: Chunk) {
      const K = chunk.stepSizes.length
      if (chunk.firstStep !== undefined) stepIndex = chunk.firstStep
      const limit = resident ? K : maxSteps
      for (let s0 = 0; s0 < K; s0 += limit) {
        const s1 = Math.min(K, s0 + limit)
        await runPiece(chunk.stepSizes.subarray(s0, s1), chunk.batches, s0, s1)
      }
    },
    async predict(x: Float64Array, n: number) {
      let k = predictors.get(n)
      if (!k) {
        k = build(predictOutputs, stepConstants(cfg, 1), [n])
        predictors.set(n, k)
      }
      if (!resident) counts.thetaUploads++
      const out = (await k(
        resident ? thetaDev! : theta,
        Float32Array.from(x.subarray(0, n * d))
      )) as Float32Array
      counts.reductionReadbacks++
      return Float64Array.from(out)
    },
    async stats(): Promise<ParticleStats> {
      if (!resident) return hostStats(theta)
      normsKernel ??= build(particleNorms, stepConstants(cfg, 1))
      const out = (await normsKernel(thetaDev!)) as Float32Array
      counts.reductionReadbacks++
      return {
        normW2: Float64Array.from(out.subarray(0, m)),
        normAB2: Float64Array.from(out.subarray(m))
      }
    },
    async read() {
      if (resident) {
        theta = await fromDevice(thetaDev!)
        counts.thetaReadbacks++
      }
      const p = allocParticles(m, d)
      p.w.set(theta.subarray(0, m * d))
      p.b.set(theta.subarray(m * d, m * d + m))
      p.a.set(theta.subarray(m * d + m))
      return p
    },
    saveNoise: () => (hostNoise ? rng.save() : [stepIndex]),
    restoreNoise(st) {
      if (hostNoise) rng.restore(st)
      else stepIndex = st[0] ?? 0
    },
    transfers: () => ({ ...counts }),
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
