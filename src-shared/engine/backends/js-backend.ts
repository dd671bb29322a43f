import { activationKnots } from '../../science/activations'
import { allocParticles, type Dataset, type Particles } from '../../science/particles'
import { langevinNoiseScale } from '../../science/sgd-step'
import type { Chunk, DynamicsConfig, ParticleBackend, ParticleStats } from '../particle-backend'
import { createFullBatchGd, type FullBatchGd } from './gd-full-batch'
import type { GemmThreads } from './gemm-threads'
import { nextStepNoise, type StepNoiseViews } from './step-noise'
import { createWasmDots } from './wasm-dots'
import { accelerateNormals, createWasmNormals } from './wasm-normals'
import { AHEAD_MIN_GROUPS, createNormalsAhead, normalsAheadLayout } from './normals-ahead'
import { NormalStream } from '../../science/normal-stream'

/** How the js backend computes its pre-activations: wasm f32x4 SIMD, or plain JS loops. */
export type JsDotsKind = 'wasm-simd' | 'js'

/** Batches of fresh samples at least this large run on the blocked GEMM kernels (W1b: 64). */
const GEMM_MIN_BATCH = 16

/**
 * The hand-written CPU backend: the fastest CPU path for small steps (W1: online SGD, batch 1,
 * d = 40, M = 800). Same step as science/sgd-step.ts, float32 storage, restructured for speed:
 * - the pre-activations ⟨w_i, x⟩ of all particles on a sample are one call of a tiny wasm SIMD
 *   kernel (`wasm-dots.ts`, f32x4) over w stored in wasm memory, rows padded to 8 floats;
 * - w_i is only touched where it moves: with λ = 0 and β = ∞, a particle with σ′ = 0 on the whole
 *   batch (a truncated ReLU outside its linear zone) skips its w and b update;
 * - no allocation in the step loop; a two-knot piecewise-linear σ (the truncated ReLU) is inlined.
 * Noise: the normal stream (seed, 'noise') of science/normal-stream.ts, drawn by its wasm SIMD
 * kernel in one block per step exactly as the reference backend draws it (step-noise.ts), so noisy
 * runs agree with it up to float32 rounding.
 * It runs the 'sgd' rule only: backend.ts opens the float64 path for the others (openJsBackend).
 */
export function createJsBackend(
  cfg: DynamicsConfig,
  dotsKind?: JsDotsKind,
  /** Helper threads of the full-batch GEMM path, injected by the host (none: the calling thread). */
  threads: GemmThreads | null = null
): ParticleBackend {
  const { m, d, alpha, lambda, beta, train } = cfg
  const dp = Math.ceil(d / 8) * 8
  const blocks = dp / 8
  const noisy = Number.isFinite(beta)
  const gw = new Float64Array(d)
  let resid = new Float64Array(1)
  let coef = new Float64Array(1)
  let trainY: Float64Array | null = null

  // wasm memory (floats): [W: m·dp | A: m | B: m | NOISE | TRAIN: n·dp | STAGE: rows·dp |
  // PRE: rows·m]; NOISE holds the normal stream's state and one step's normals (16 + m·(d + 2)
  // + slack), or, where a helper thread draws part of each step ahead (normals-ahead.ts), its
  // control block and ring of steps
  const W = 0
  const A = m * dp
  const B = A + m
  const NOISE = Math.ceil((B + m) / 16) * 16
  const maxNoise = m * (d + 2)
  const ahead =
    noisy && threads && threads.threads > 1 && dotsKind !== 'js' && maxNoise >= 8 * AHEAD_MIN_GROUPS
      ? normalsAheadLayout(maxNoise)
      : null
  const TRAIN = NOISE + (ahead ? ahead.bytes / 4 : 16 + Math.ceil(maxNoise / 8) * 8 + 16)
  const rng = new NormalStream(cfg.seed, 'noise')
  // a shared memory, which the helper thread writes its normals into
  const shared = ahead ? createWasmDots(TRAIN * 4, 'auto', true) : null
  const aheadDraw =
    shared && threads
      ? createNormalsAhead({
          memory: shared.memory,
          at: NOISE * 4,
          maxCount: maxNoise,
          host: threads.host
        })
      : null
  const wasm = dotsKind === 'js' ? null : aheadDraw ? shared : createWasmDots(TRAIN * 4)
  // the wasm normals write into this memory, where the noisy update kernel reads them
  const normals = aheadDraw ? null : wasm ? createWasmNormals(wasm.memory, NOISE * 4) : null
  if (aheadDraw) rng.accelerate(aheadDraw.fill)
  else if (normals) rng.accelerate(normals.fill)
  else accelerateNormals(rng)
  // this step's normals: views of the stream's memory, renewed by every draw
  let noise: StepNoiseViews = nextStepNoise(rng, 0, 0, { a: false, b: false, w: false })
  // full-batch GD on blocked wasm GEMM kernels (gd-full-batch.ts), made by setTrainSet
  let gd: FullBatchGd | null = null
  // batches of fresh samples (W1b) on the same kernels: each step's batch is a tiny full batch
  let gdBatch: FullBatchGd | null = null
  let buffer: ArrayBuffer = wasm ? wasm.memory.buffer : new ArrayBuffer(TRAIN * 4)
  let mem = new Float32Array(buffer)
  // views of a and b, renewed whenever the memory grows
  let a = mem.subarray(A, A + m)
  let b = mem.subarray(B, B + m)
  let trainRows = 0
  let STAGE = TRAIN
  let stageRows = 0
  let PRE = STAGE
  const dots = wasm
    ? (x: number, out: number) => wasm.dots(W * 4, x * 4, out * 4, m, blocks)
    : (x: number, out: number) => jsDots(mem, W, x, out, m, dp)

  /** Makes room for `rows` staged samples and their pre-activations; may move STAGE and PRE. */
  const reserve = (rows: number) => {
    if (rows <= stageRows) return
    stageRows = rows
    STAGE = TRAIN + trainRows * dp
    PRE = STAGE + stageRows * dp
    const need = (PRE + stageRows * m) * 4
    if (need > buffer.byteLength) {
      if (wasm) {
        wasm.memory.grow(Math.ceil((need - buffer.byteLength) / 65536))
        buffer = wasm.memory.buffer
      } else {
        const next = new ArrayBuffer(need)
        new Uint8Array(next).set(new Uint8Array(buffer))
        buffer = next
      }
      mem = new Float32Array(buffer)
      a = mem.subarray(A, A + m)
      b = mem.subarray(B, B + m)
    }
    if (resid.length < rows) {
      resid = new Float64Array(rows)
      coef = new Float64Array(rows)
    }
  }

  /** Copies rows [row0, row0 + n) of x (n×d) into padded rows at float offset `to`. */
  const stage = (x: Float64Array, row0: number, n: number, to: number) => {
    for (let k = 0; k < n; k++) {
      const src = (row0 + k) * d
      const dst = to + k * dp
      for (let j = 0; j < d; j++) mem[dst + j] = x[src + j]
      for (let j = d; j < dp; j++) mem[dst + j] = 0
    }
  }

  const knots = activationKnots(cfg.sigma.spec)
  const pwl2 = knots !== null && knots.length === 2
  const t1 = pwl2 ? knots[0][0] : 0
  const s1 = pwl2 ? knots[0][1] : 0
  const t2 = pwl2 ? knots[1][0] : 0
  const s2 = pwl2 ? knots[1][1] : 0
  const slope = pwl2 ? (s2 - s1) / (t2 - t1) : 0
  const value = (t: number): number =>
    pwl2 ? (t <= t1 ? s1 : t >= t2 ? s2 : s1 + slope * (t - t1)) : cfg.sigma.value(t)
  const deriv = (t: number): number =>
    pwl2 ? (t <= t1 || t >= t2 ? 0 : slope) : cfg.sigma.derivative(t)

  /** pre[PRE + k·m + i] = b_i + ⟨w_i, x_k⟩ for the n padded rows at `rows`; returns nothing. */
  const forward = (rows: number, n: number) => {
    for (let k = 0; k < n; k++) {
      const out = PRE + k * m
      dots(rows + k * dp, out)
      for (let i = 0; i < m; i++) mem[out + i] += b[i]
    }
  }

  const output = (k: number): number => {
    const base = PRE + k * m
    let f = 0
    for (let i = 0; i < m; i++) f += a[i] * value(mem[base + i])
    return (alpha / m) * f
  }

  const runSteps = (chunk: Chunk) => {
    const K = chunk.stepSizes.length
    const src = chunk.batches
    if (src.kind === 'train' && trainRows === 0) throw new Error('js backend: no training set')
    const batch = src.kind === 'train' ? trainRows : src.batch
    reserve(gd && src.kind === 'train' ? 1 : batch)
    const plain = lambda === 0 && !noisy
    if (batch === 1 && pwl2 && src.kind === 'samples') {
      if (aheadDraw) rng.accelerate(aheadDraw.fill)
      return runOnline1(chunk.stepSizes, src.x, src.y)
    }
    if (src.kind === 'samples' && batch >= GEMM_MIN_BATCH && wasm)
      gdBatch ??= createFullBatchGd(cfg, threads)
    const fused = src.kind === 'train' ? gd : batch >= GEMM_MIN_BATCH ? gdBatch : null
    // the GEMM path keeps every core busy: its normals are drawn on this thread alone
    if (aheadDraw) rng.accelerate(fused ? aheadDraw.fillHere : aheadDraw.fill)
    for (let s = 0; s < K; s++) {
      const st = chunk.stepSizes[s]
      const gain = (2 * st) / alpha / batch
      const decay = 1 - 2 * st * lambda
      const temp = langevinNoiseScale(st, beta)
      if (fused) {
        if (src.kind === 'samples')
          fused.setTrainSet({
            n: batch,
            d,
            x: src.x.subarray(s * batch * d, (s + 1) * batch * d),
            y: src.y.subarray(s * batch, (s + 1) * batch)
          })
        if (noisy) noise = nextStepNoise(rng, m, d, train)
        fused.step(mem, W, A, B, dp, gain, decay, temp, noisy ? noise : null)
        continue
      }
      let rows: number
      if (src.kind === 'train') rows = TRAIN
      else {
        stage(src.x, s * batch, batch, STAGE)
        rows = STAGE
      }
      forward(rows, batch)
      for (let k = 0; k < batch; k++)
        resid[k] = (src.kind === 'train' ? trainY![k] : src.y[s * batch + k]) - output(k)
      if (noisy) noise = nextStepNoise(rng, m, d, train)
      for (let i = 0; i < m; i++) {
        const ai = a[i]
        let ga = 0
        let gb = 0
        let moving = false
        for (let k = 0; k < batch; k++) {
          const t = mem[PRE + k * m + i]
          const r = resid[k]
          ga += r * value(t)
          const c = r * ai * deriv(t)
          coef[k] = c
          gb += c
          if (c !== 0) moving = true
        }
        if (train.a) a[i] = decay * ai + gain * ga + (noisy ? temp * noise.a[i] : 0)
        if (!moving && plain) continue
        if (train.b) b[i] = decay * b[i] + gain * gb + (noisy ? temp * noise.b[i] : 0)
        if (train.w) updateW(i, rows, batch, gain, decay, temp)
      }
    }
  }

  /**
   * The W1 hot loop (batch 1, two-knot σ): per step one SIMD pass for ⟨w_i, x⟩, one pass for f, one
   * update pass. Locals only: captured `let`s would be reloaded on every access.
   */
  const runOnline1 = (stepSizes: Float64Array, x: Float64Array, y: Float64Array) => {
    // locals, not captured bindings: V8 reloads (and hole-checks) context slots on every access
    const mm = mem
    const pre = PRE
    const xs = STAGE
    const [av, bv, n, dim, pad, lo, hi, vlo, k] = [a, b, m, d, dp, t1, t2, s1, slope]
    const scale = alpha / n
    const plain = lambda === 0 && !noisy
    const trainA = train.a
    const trainB = train.b
    const trainW = train.w
    const flags = (trainA ? 1 : 0) | (trainB ? 2 : 0) | (trainW ? 4 : 0)
    for (let s = 0; s < stepSizes.length; s++) {
      const st = stepSizes[s]
      const gain = (2 * st) / alpha
      const decay = 1 - 2 * st * lambda
      const temp = langevinNoiseScale(st, beta)
      const x0 = s * dim
      for (let j = 0; j < dim; j++) mm[xs + j] = x[x0 + j]
      let f = 0
      if (wasm) f = wasm.forwardPwl(W * 4, xs * 4, pre * 4, n, blocks, B * 4, A * 4, lo, hi, vlo, k)
      else {
        dots(xs, pre)
        for (let i = 0; i < n; i++) {
          const t = mm[pre + i] + bv[i]
          mm[pre + i] = t
          f += av[i] * (vlo + k * (Math.min(Math.max(t, lo), hi) - lo))
        }
      }
      const r = y[s] - scale * f
      const nz = noisy ? nextStepNoise(rng, n, dim, train) : noise
      const gr = gain * r
      if (wasm && plain) {
        wasm.updatePwl(W * 4, xs * 4, pre * 4, A * 4, B * 4, n, blocks, gr, lo, hi, vlo, k, flags)
        continue
      }
      if (wasm && (normals || aheadDraw) && noisy) {
        const [na, nb, nw] = [nz.a.byteOffset, nz.b.byteOffset, nz.w.byteOffset]
        // prettier-ignore
        wasm.updateNoisyPwl(
          W * 4, xs * 4, pre * 4, A * 4, B * 4, n, blocks, gr, lo, hi, vlo, k, flags,
          decay, temp, na, nb, nw, dim
        )
        // the kernel reads g_w 8 at a time: padding columns of w caught the next row's noise
        if (trainW && dim !== pad)
          for (let i = 0; i < n; i++) mm.fill(0, W + i * pad + dim, W + (i + 1) * pad)
        continue
      }
      for (let i = 0; i < n; i++) {
        const t = mm[pre + i]
        const ai = av[i]
        const inside = t > lo && t < hi
        // branch-free σ: which zone a particle is in is unpredictable
        const v = vlo + k * (Math.min(Math.max(t, lo), hi) - lo)
        if (trainA) av[i] = decay * ai + gr * v + (noisy ? temp * nz.a[i] : 0)
        if (!inside && plain) continue
        const c = inside ? gr * ai * k : 0
        if (trainB) bv[i] = decay * bv[i] + c + (noisy ? temp * nz.b[i] : 0)
        if (trainW) {
          const wi = W + i * pad
          if (noisy) {
            const ni = i * dim
            for (let j = 0; j < dim; j++)
              mm[wi + j] = decay * mm[wi + j] + c * mm[xs + j] + temp * nz.w[ni + j]
          } else for (let j = 0; j < dim; j++) mm[wi + j] = decay * mm[wi + j] + c * mm[xs + j]
        }
      }
    }
  }

  const updateW = (
    i: number,
    rows: number,
    batch: number,
    gain: number,
    decay: number,
    temp: number
  ) => {
    const wi = W + i * dp
    if (batch === 1 && !noisy) {
      const c = gain * coef[0]
      for (let j = 0; j < d; j++) mem[wi + j] = decay * mem[wi + j] + c * mem[rows + j]
      return
    }
    gw.fill(0)
    for (let k = 0; k < batch; k++) {
      const c = coef[k]
      if (c === 0) continue
      const xk = rows + k * dp
      for (let j = 0; j < d; j++) gw[j] += c * mem[xk + j]
    }
    const ni = i * d
    for (let j = 0; j < d; j++)
      mem[wi + j] = decay * mem[wi + j] + gain * gw[j] + (noisy ? temp * noise.w[ni + j] : 0)
  }

  // the risk's sets (test, train) packed once each for the blocked forward product, by identity
  const predictors = new Map<Float64Array, FullBatchGd & { rows: number }>()
  /** The GEMM forward for the set x (n rows), or null where it does not apply (no wasm, σ, rule). */
  const predictor = (x: Float64Array, n: number): FullBatchGd | null => {
    if (!wasm || n < GEMM_MIN_BATCH) return null
    let p = predictors.get(x)
    if (p && p.rows !== n) {
      p.dispose()
      predictors.delete(x)
      p = undefined
    }
    if (!p) {
      if (predictors.size >= 2) {
        for (const q of predictors.values()) q.dispose()
        predictors.clear()
      }
      const made = createFullBatchGd(cfg, threads)
      if (!made) return null
      made.setTrainSet({ n, d, x, y: new Float64Array(n) })
      p = Object.assign(made, { rows: n })
      predictors.set(x, p)
    }
    return p
  }

  /** The forward over a record's sets together (predictBeginSets): its sets and their rows. */
  let joint: { xs: Float64Array[]; rows: number[]; gd: FullBatchGd } | null = null
  const jointPredictor = (sets: readonly { x: Float64Array; n: number }[]): FullBatchGd | null => {
    const same =
      joint &&
      joint.xs.length === sets.length &&
      sets.every((s, i) => s.x === joint!.xs[i] && s.n === joint!.rows[i])
    if (same) return joint!.gd
    joint?.gd.dispose()
    joint = null
    const total = sets.reduce((t, s) => t + s.n, 0)
    if (!wasm || total < GEMM_MIN_BATCH) return null
    const made = createFullBatchGd(cfg, threads)
    if (!made) return null
    const x = new Float64Array(total * d)
    let at = 0
    for (const s of sets) {
      x.set(s.x.subarray(0, s.n * d), at * d)
      at += s.n
    }
    made.setTrainSet({ n: total, d, x, y: new Float64Array(total) })
    joint = { xs: sets.map((s) => s.x), rows: sets.map((s) => s.n), gd: made }
    return made
  }

  return {
    name: 'js',
    detail: wasm
      ? `typed arrays + wasm f32x4 dot products (batches ≥ 16 and full-batch GD: blocked wasm GEMM), ${wasm.madd === 'fma' ? 'fused multiply-add (relaxed SIMD)' : 'multiply then add'}, float32${aheadDraw ? ', Langevin normals drawn ahead on a second thread' : ''}`
      : 'typed arrays, float32',
    async upload(p: Particles) {
      a.set(p.a)
      b.set(p.b)
      for (let i = 0; i < m; i++)
        for (let j = 0; j < dp; j++) mem[W + i * dp + j] = j < d ? p.w[i * d + j] : 0
    },
    async setTrainSet(data: Dataset) {
      // TRAIN sits before STAGE and PRE: re-lay them out behind it
      trainRows = data.n
      trainY = data.y
      stageRows = 0
      if (wasm) gd ??= createFullBatchGd(cfg, threads)
      gd?.setTrainSet(data)
      // the fused full-batch step keeps its own S×M block of pre-activations, not an n×M one
      reserve(gd ? 1 : Math.max(1, data.n))
      stage(data.x, 0, data.n, TRAIN)
    },
    async runChunk(chunk) {
      runSteps(chunk)
    },
    predictBegin(x, n) {
      const fast = predictor(x, n)
      if (fast) {
        const pending = fast.outputsBegin(mem, W, A, B, dp)
        return { collect: async () => pending.collect() }
      }
      // no GEMM for this set: the plain forward runs now (predict's body has no await)
      const out = this.predict(x, n)
      return { collect: () => out }
    },
    predictBeginSets(sets) {
      // the sets predict would give the GEMM forward (the others keep their own, with its rounding)
      const big = sets.filter((s) => s.n >= GEMM_MIN_BATCH)
      const fast = big.length > 1 ? jointPredictor(big) : null
      if (!fast) return sets.map((s) => this.predictBegin!(s.x, s.n))
      // one copy of the particles and one hand-off for all of them; each sample's sum is the one
      // a forward over its own set gives
      const pending = fast.outputsBegin(mem, W, A, B, dp)
      let all: Float64Array | null = null
      let from = 0
      return sets.map((s) => {
        if (s.n < GEMM_MIN_BATCH) return this.predictBegin!(s.x, s.n)
        const at = from
        from += s.n
        return {
          collect: async () => {
            all ??= pending.collect()
            return all.slice(at, at + s.n)
          }
        }
      })
    },
    async predict(x, n) {
      const fast = predictor(x, n)
      if (fast) return fast.outputs(mem, W, A, B, dp)
      const out = new Float64Array(n)
      const rows = 64
      reserve(rows)
      for (let r0 = 0; r0 < n; r0 += rows) {
        const len = Math.min(rows, n - r0)
        stage(x, r0, len, STAGE)
        if (wasm && pwl2) {
          // one fused wasm pass per sample: ⟨w_i, x⟩ + b_i, σ and Σ a_i σ (the W1 forward)
          const scale = alpha / m
          for (let k = 0; k < len; k++) {
            const xk = (STAGE + k * dp) * 4
            const f = wasm.forwardPwl(
              W * 4,
              xk,
              PRE * 4,
              m,
              blocks,
              B * 4,
              A * 4,
              t1,
              t2,
              s1,
              slope
            )
            out[r0 + k] = scale * f
          }
          continue
        }
        forward(STAGE, len)
        for (let k = 0; k < len; k++) out[r0 + k] = output(k)
      }
      return out
    },
    async stats(): Promise<ParticleStats> {
      const normW2 = new Float64Array(m)
      const normAB2 = new Float64Array(m)
      // locals: captured bindings are reloaded on every access (a record's cost on the stepping thread)
      const [mm, av, bv] = [mem, a, b]
      for (let i = 0; i < m; i++) {
        let s = 0
        const wi = W + i * dp
        for (let j = 0; j < d; j++) {
          const v = mm[wi + j]
          s += v * v
        }
        normW2[i] = s
        normAB2[i] = av[i] * av[i] + bv[i] * bv[i]
      }
      return { normW2, normAB2 }
    },
    async read() {
      const p = allocParticles(m, d)
      p.a.set(a)
      p.b.set(b)
      for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) p.w[i * d + j] = mem[W + i * dp + j]
      return p
    },
    saveNoise: () => rng.save(),
    restoreNoise: (st) => rng.restore(st),
    dispose() {
      trainY = null
      aheadDraw?.dispose()
      gd?.dispose()
      gdBatch?.dispose()
      for (const p of predictors.values()) p.dispose()
      predictors.clear()
      joint?.gd.dispose()
      joint = null
    }
  }
}

/** out[i] = Σ_j mem[w + i·dp + j] · mem[x + j], the plain-JS twin of the wasm kernel (float offsets). */
function jsDots(mem: Float32Array, w: number, x: number, out: number, m: number, dp: number): void {
  for (let i = 0; i < m; i++) {
    const wi = w + i * dp
    let s0 = 0
    let s1 = 0
    for (let j = 0; j < dp; j += 2) {
      s0 += mem[wi + j] * mem[x + j]
      s1 += mem[wi + j + 1] * mem[x + j + 1]
    }
    mem[out + i] = s0 + s1
  }
}
