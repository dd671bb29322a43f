import type { Dataset } from '../../science/particles'
import type { DynamicsConfig } from '../particle-backend'
import {
  CTRL_ARGS,
  CTRL_COUNTS,
  CTRL_F32,
  CTRL_WORDS,
  gemmHelperSource,
  publishGemmOp,
  packOctets,
  runGemmTasks,
  type GemmExports,
  type GemmThreads
} from './gemm-threads'
import type { StepNoiseViews } from './step-noise'
import { createWasmGemm } from './wasm-gemm'

/**
 * The js backend's full-batch gradient step (GD on the whole training set, W2 of issue 2) on the
 * blocked wasm SIMD kernels of `wasm-gemm.ts`. Same step as science/sgd-step.ts in float32:
 * per block of S samples, pre = X Wᵀ + b with Σ_i a_i σ(pre) fused into the product's epilogue,
 * r = y − f, then ga, gb and which units are active (lo < pre < hi) in one pass over the block.
 * The w-gradient Σ_k r_k a_i σ′(pre_ki) x_k needs no second product: σ′ is κ or 0 on the clamp
 * family, so it is a_i κ Σ_{k active} r_k x_k, a 0/1 matrix times r ⊙ X. That is summed by the
 * method of the Four Russians: for every 8 samples the 256 subset sums of r_k x_k are tabulated once
 * (256 rows, shared by all M particles) and each particle adds the one row its 8 activity bits
 * pick, one row of additions per 8 samples instead of 8 rows of multiply-adds (exact up to the
 * float32 summation order). The S×M block of pre-activations (4 MiB at S = 256, M = 4096) stays in
 * cache between the passes instead of a 64 MiB n×M array going through memory.
 * With helper threads registered (`gemm-threads.ts`), each product is split into tasks over
 * particle ranges that all threads take from a shared counter; every sum runs in a fixed order
 * (per task, then over tasks), so the result does not depend on the thread count or schedule.
 * The tables and the sweep are split by input panel first: the caller builds and sweeps the first
 * panel, a helper the last, so each reads the 1 MiB of tables it wrote from its own cache (read
 * across cores, the sweep took half again as long: 15.5 against 10.6 ms per W2 step).
 */
export interface FullBatchGd {
  /** Packs the training set (x: n×d row-major, y: n) into the kernels' panel layouts. */
  setTrainSet(data: Dataset): void
  /**
   * One step on the training set, in place on the particles of the caller's float32 memory: w at
   * float offset `w` (m rows of `dp` floats, the tail of each row zero), a at `a`, b at `b` (m each).
   * a ← decay·a + gain·Σ_k r_k σ(t_ki) + temp·g_a (the same for b and w with their gradients) for
   * the groups that train; `noise` holds this step's normals when temp ≠ 0.
   */
  step(
    mem: Float32Array,
    w: number,
    a: number,
    b: number,
    dp: number,
    gain: number,
    decay: number,
    temp: number,
    noise: StepNoiseViews | null
  ): void
  /**
   * The network's outputs f(x_k) = (α/M) Σ_i a_i σ(⟨w_i, x_k⟩ + b_i) on the packed set (its labels
   * unused), particles read as in {@link FullBatchGd.step}: the forward product alone, float32
   * products summed per task, the tasks in a fixed order in float64.
   */
  outputs(mem: Float32Array, w: number, a: number, b: number, dp: number): Float64Array
  /**
   * {@link FullBatchGd.outputs} beside the caller's work: copies the particles (the snapshot: the
   * caller may change `mem` from here on), hands the whole forward to the helper threads and
   * returns. `collect()` gives exactly the numbers `outputs` gives for that snapshot, whatever the
   * threads and their timing. Without helper threads the forward runs here, before returning.
   * `outputs`, `outputsBegin`, `setTrainSet` and `dispose` collect a pending forward first; `step`
   * must not run while one is pending (the js backend begins forwards only on its risk sets'
   * objects, which never step).
   */
  outputsBegin(mem: Float32Array, w: number, a: number, b: number, dp: number): PendingOutputs
  /** How many threads run the kernels (1 = the caller only). */
  readonly threads: number
  /** Kernel tasks each thread has run so far (index 0: the caller), to see that helpers help. */
  tasksByThread(): number[]
  /** Stops the helper threads, if any. */
  dispose(): void
}

/** A forward begun by {@link FullBatchGd.outputsBegin}. */
export interface PendingOutputs {
  /** Takes part in the tasks still left, waits for the rest, and returns f on the set (n values). */
  collect(): Float64Array
}

/** σ(t) = c0 + κ·clamp(t, lo, hi), the one activation family the fused kernels evaluate. */
export interface ClampActivation {
  lo: number
  hi: number
  kappa: number
  c0: number
}

/** The clamp form of σ, or null when σ is not ReLU, the identity or a two-knot piecewise-linear σ. */
export function clampActivation(cfg: DynamicsConfig): ClampActivation | null {
  const spec = cfg.sigma.spec
  if (spec.kind === 'relu') return { lo: 0, hi: Infinity, kappa: 1, c0: 0 }
  if (spec.kind === 'identity') return { lo: -Infinity, hi: Infinity, kappa: 1, c0: 0 }
  let knots: readonly (readonly [number, number])[] | null = null
  if (spec.kind === 'truncated-relu')
    knots = [
      [spec.t1, spec.s1],
      [spec.t2, spec.s2]
    ]
  else if (spec.kind === 'piecewise-linear' && spec.knots.length === 2) knots = spec.knots
  if (!knots) return null
  const [[t1, s1], [t2, s2]] = knots
  const kappa = (s2 - s1) / (t2 - t1)
  return { lo: t1, hi: t2, kappa, c0: s1 - kappa * t1 }
}

/** Samples per block: the S×M pre-activations of a block stay in L2/L3 between the two products. */
const BLOCK = 256
/** Particle octets per forward task: their packed weights (CHUNK·dp·32 bytes) stay in L1. */
const CHUNK = 8
/** Particle quads per masks task. */
const QUADS = 16
/** Sample groups (of 8) per tables task. */
const GROUPS = 1
/** Particles per sweep task. */
const SWEEP = 64

/**
 * The full-batch step for `cfg` (m particles of dimension d), or null where it does not apply:
 * no wasm SIMD, a σ outside the clamp family, or an update rule other than plain SGD/GD.
 */
export function createFullBatchGd(
  cfg: DynamicsConfig,
  pool: GemmThreads | null = null
): FullBatchGd | null {
  if ((cfg.rule?.kind ?? 'sgd') !== 'sgd') return null
  const act = clampActivation(cfg)
  if (!act) return null
  const { m, d, alpha, train } = cfg
  const dp = Math.ceil(d / 8) * 8
  const mp = Math.ceil(m / 8) * 8
  const no = mp / 8
  // the w-gradient's tables cover the inputs in panels of 32 (zero-padded)
  const npan = Math.ceil(dp / 32)
  const dpt = npan * 32
  let n = 0
  let np = 0
  let y: Float64Array = new Float64Array(0)
  let gemm: { memory: WebAssembly.Memory; ex: GemmExports } | null = null
  let helpers: { terminate(): void }[] = []
  /** Operations published so far (the claim word's operation number, gemm-threads.ts). */
  let serial = 0
  let threads = 1
  let f = new Float32Array(0)
  let c = new Int32Array(0)
  let fl = new Float32Array(0)
  let capacity = 0
  // float offsets, laid out by setTrainSet; FV holds one slice per forward task (so f sums in the
  // same order whichever thread runs a task)
  const tasks = Math.ceil(no / CHUNK)
  let [CTRL, WP, AV, BV, GW, GA, GB, XP, XR, R, FV, BITS, TAB, PRE] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  ]
  // outputsBegin's forward over all np samples at once: FA holds one slice of np per task, PA is
  // the pre-activation store nobody reads (ps = 0: every task writes the same np·4 floats)
  let [FA, PA] = [0, 0]
  // outputsBegin's plain copy of the caller's particles (w rows of at most dp floats, a, b), which
  // its tasks pack on the helper threads
  let [SW, SA, SB] = [0, 0, 0]

  const layout = () => {
    let at = 0
    const take = (floats: number) => {
      const here = at
      at += Math.ceil(floats / 16) * 16 // 64-byte aligned
      return here
    }
    CTRL = take(CTRL_WORDS)
    WP = take(mp * dp)
    AV = take(mp)
    BV = take(mp)
    GW = take(mp * dpt)
    GA = take(mp)
    GB = take(mp)
    XP = take(np * dp)
    XR = take(np * dpt)
    R = take(np)
    FV = take(tasks * Math.min(BLOCK, np) * 4)
    BITS = take((mp / 4) * (Math.min(BLOCK, np) / 8) * 4)
    // panel-major: the tables of panel p for the block's groups G are at TAB + (p·ngr + G)·8192
    TAB = take((Math.min(BLOCK, np) / 8) * npan * 256 * 32)
    PRE = take(Math.min(BLOCK, np) * mp)
    FA = take(tasks * np * 4)
    PA = take(np * 4)
    SW = take(m * dp)
    SA = take(m)
    SB = take(m)
    return at * 4
  }

  const stopHelpers = () => {
    if (helpers.length === 0) return
    Atomics.store(c, 1, 0)
    Atomics.add(c, 0, 1)
    Atomics.notify(c, 0)
    for (const h of helpers) h.terminate()
    helpers = []
  }

  /**
   * (Re)creates the module, memory and helper threads when the layout outgrows the memory; true
   * when the memory is new (all zero).
   */
  const ensureMemory = (): boolean => {
    const want = pool ? pool.threads : 1
    const bytes = layout()
    if (gemm && bytes <= capacity && want === threads) return false
    stopHelpers()
    gemm = null
    threads = 1
    let made = pool ? createWasmGemm(bytes, true) : null
    if (made) threads = want
    else made = createWasmGemm(bytes)
    if (!made) throw new Error('full-batch GD: no wasm SIMD')
    gemm = { memory: made.memory, ex: made }
    capacity = made.memory.buffer.byteLength
    f = new Float32Array(made.memory.buffer)
    c = new Int32Array(made.memory.buffer, CTRL * 4, CTRL_WORDS)
    fl = new Float32Array(made.memory.buffer, CTRL * 4, CTRL_WORDS)
    if (pool && threads > 1) {
      const source = gemmHelperSource()
      for (let t = 1; t < threads; t++)
        helpers.push(
          pool.host.spawn(source, {
            module: made.module,
            memory: made.memory,
            ctrl: CTRL * 4,
            thread: t
          })
        )
    }
    return true
  }

  /**
   * Publishes `tasks` tasks of `op` (gemm-threads.ts) and wakes the helpers; the caller takes part
   * only in {@link joinOp}, so `publish` alone hands the work to the helpers and returns.
   */
  const publish = (op: number, ints: number[], tasks: number, lazy = false) => {
    for (let i = 0; i < ints.length; i++) c[CTRL_ARGS + i] = ints[i]
    fl[CTRL_F32] = act.lo
    fl[CTRL_F32 + 1] = act.hi
    fl[CTRL_F32 + 2] = act.kappa
    fl[CTRL_F32 + 3] = act.c0
    c[1] = op
    publishGemmOp(c, ++serial, tasks)
    if (helpers.length > 0) {
      Atomics.add(c, 0, 1)
      // lazy: helpers still waiting in 1 ms slices find the operation themselves; a wake-up would
      // cost the caller 0.3 ms on a 2-core VM (the woken thread takes the caller's core first)
      if (!lazy || Atomics.load(c, 3) > 0) Atomics.notify(c, 0)
    }
  }
  /** Runs what is left of the published operation on the caller and waits for the helpers. */
  const joinOp = (tasks: number) => {
    runGemmTasks(gemm!.ex, c, fl, 0, packOctets)
    if (helpers.length > 0)
      for (let done = Atomics.load(c, 4); done < tasks; done = Atomics.load(c, 4))
        Atomics.wait(c, 4, done)
  }
  /** Publishes `tasks` tasks of `op` and runs them on every thread. */
  const run = (op: number, ints: number[], tasks: number) => {
    publish(op, ints, tasks)
    joinOp(tasks)
  }
  /** The forward outputsBegin left with the helpers, collected at most once. */
  let inFlight: { collect(): Float64Array } | null = null
  const settle = () => inFlight?.collect()

  /** Copies w (rows of `rowStride` floats), a and b from the caller's memory into the panels. */
  const packParticles = (mem: Float32Array, w: number, a: number, b: number, rowStride: number) =>
    packOctets(mem, f, w, rowStride, a, b, WP, AV, BV, dp, d, 0, m)

  const sums = new Float64Array(BLOCK)
  /**
   * The sums Σ_i a_i σ(t_ki) of all `ns` samples of a block, from the per-task slices at `at`
   * (FV: a step's block; FA: outputsBegin's block of all np): for each sample the same additions
   * in the same order (task 0, 1, …), one task's contiguous slice at a time.
   */
  const outputSums = (ns: number, at = FV): Float64Array => {
    const ff = f
    const out = ns <= sums.length ? sums : new Float64Array(ns)
    out.fill(0, 0, ns)
    for (let t = 0; t < tasks; t++) {
      const base = at + t * ns * 4
      for (let k = 0; k < ns; k++) {
        const v = base + k * 4
        out[k] += ff[v] + ff[v + 1] + (ff[v + 2] + ff[v + 3])
      }
    }
    return out
  }

  return {
    setTrainSet(data) {
      settle()
      n = data.n
      np = Math.max(8, Math.ceil(n / 8) * 8)
      y = data.y
      // a new memory is zero already; filling one shared memory goes element by element (V8),
      // 12 ms for the 4 MB of a risk set's forward at a run's first record
      if (!ensureMemory()) f.fill(0, CTRL + CTRL_WORDS)
      const x = data.x
      for (let k = 0; k < n; k++)
        for (let j = 0; j < d; j++) {
          const v = x[k * d + j]
          f[XP + ((k >> 2) * dp + j) * 4 + (k & 3)] = v
          f[XR + k * dpt + j] = v
        }
    },
    outputs(mem, w, a, b, rowStride) {
      if (!gemm || n === 0) throw new Error('full-batch GD: no training set')
      settle()
      packParticles(mem, w, a, b, rowStride)
      const out = new Float64Array(n)
      const scale = alpha / m
      for (let s0 = 0; s0 < np; s0 += BLOCK) {
        const ns = Math.min(BLOCK, np - s0)
        f.fill(0, FV, FV + tasks * ns * 4)
        const fwd = [XP + s0 * dp, WP, BV, AV, PRE, FV].map((at) => at * 4)
        run(1, [...fwd, ns / 4, no, ns, dp, CHUNK, ns * 16], tasks)
        const sum = outputSums(ns)
        for (let k = 0; k < ns && s0 + k < n; k++) out[s0 + k] = scale * sum[k]
      }
      return out
    },
    outputsBegin(mem, w, a, b, rowStride) {
      if (helpers.length === 0) {
        const out = this.outputs(mem, w, a, b, rowStride)
        return { collect: () => out }
      }
      if (!gemm || n === 0) throw new Error('full-batch GD: no training set')
      settle()
      // the per-sample work of a task does not depend on the block it sits in, so one block of all
      // np samples gives every (task, sample) partial sum outputs' blocks give, bit for bit
      const fwd = [XP, WP, BV, AV, PA, FA].map((at) => at * 4)
      if (rowStride <= dp) {
        // a plain copy here (microseconds); the tasks pack their particles and zero their sums on
        // the helpers, off the stepping thread (packing here took 0.1 ms per set and record)
        f.set(mem.subarray(w, w + (m - 1) * rowStride + d), SW)
        f.set(mem.subarray(a, a + m), SA)
        f.set(mem.subarray(b, b + m), SB)
        const staged = [SW * 4, SA * 4, SB * 4, rowStride, d, m]
        publish(2, [...fwd, np / 4, no, 0, dp, CHUNK, np * 16, ...staged], tasks, true)
      } else {
        packParticles(mem, w, a, b, rowStride)
        f.fill(0, FA, FA + tasks * np * 4)
        publish(1, [...fwd, np / 4, no, 0, dp, CHUNK, np * 16], tasks)
      }
      let out: Float64Array | null = null
      const pending = {
        collect(): Float64Array {
          if (out) return out
          joinOp(tasks)
          inFlight = null
          const scale = alpha / m
          out = new Float64Array(n)
          const sum = outputSums(np, FA)
          for (let k = 0; k < n; k++) out[k] = scale * sum[k]
          return out
        }
      }
      inFlight = pending
      return pending
    },
    step(mem, w, a, b, rowStride, gain, decay, temp, noise) {
      if (!gemm || n === 0) throw new Error('full-batch GD: no training set')
      const ff = f
      packParticles(mem, w, a, b, rowStride)
      ff.fill(0, GW, GW + mp * dpt)
      ff.fill(0, GA, GA + mp)
      ff.fill(0, GB, GB + mp)
      const scale = alpha / m
      for (let s0 = 0; s0 < np; s0 += BLOCK) {
        const ns = Math.min(BLOCK, np - s0)
        ff.fill(0, FV, FV + tasks * ns * 4)
        const fwd = [XP + s0 * dp, WP, BV, AV, PRE, FV].map((at) => at * 4)
        run(1, [...fwd, ns / 4, no, ns, dp, CHUNK, ns * 16], tasks)
        const sum = outputSums(ns)
        for (let k = 0; k < ns; k++) ff[R + s0 + k] = s0 + k < n ? y[s0 + k] - scale * sum[k] : 0
        // ga, gb and the active sets; the subset-sum tables of r_k x_k; gw += one row per 8 samples
        const ngr = ns / 8
        const masks = [PRE, R + s0, AV, GA, GB, BITS].map((at) => at * 4)
        run(3, [...masks, mp / 4, ns, QUADS], Math.ceil(mp / 4 / QUADS))
        const tables = [XR + s0 * dpt, R + s0, TAB].map((at) => at * 4)
        run(4, [...tables, ngr, dpt, npan, GROUPS], npan * Math.ceil(ngr / GROUPS))
        run(
          5,
          [TAB * 4, BITS * 4, GW * 4, m, ngr, npan, dpt * 4, SWEEP],
          npan * Math.ceil(m / SWEEP)
        )
      }
      const noisy = noise !== null && temp !== 0
      if (train.a)
        for (let i = 0; i < m; i++)
          mem[a + i] = decay * mem[a + i] + gain * ff[GA + i] + (noisy ? temp * noise.a[i] : 0)
      if (train.b)
        for (let i = 0; i < m; i++)
          mem[b + i] = decay * mem[b + i] + gain * ff[GB + i] + (noisy ? temp * noise.b[i] : 0)
      if (train.w)
        for (let i = 0; i < m; i++) {
          const wi = w + i * rowStride
          const gi = GW + i * dpt
          // Σ_k c_ki x_k = a_i κ Σ_k m_ki r_k x_k: σ′ is κ or 0 on the clamp family
          const ak = ff[AV + i] * act.kappa
          const ni = i * d
          for (let j = 0; j < d; j++) {
            const gwij = ak * ff[gi + j]
            mem[wi + j] = decay * mem[wi + j] + gain * gwij + (noisy ? temp * noise.w[ni + j] : 0)
          }
        }
    },
    get threads() {
      return threads
    },
    tasksByThread() {
      return Array.from(c.subarray(CTRL_COUNTS, CTRL_COUNTS + Math.min(threads, 24)))
    },
    dispose() {
      settle()
      stopHelpers()
    }
  }
}
