/**
 * Optional helper threads for the full-batch GD kernels (`gd-full-batch.ts`). src-shared cannot
 * start threads itself (no node:*), so the host injects a {@link GemmThreads} where it opens a
 * simulation, as it injects the gpu.js factory (src-main: `src-main/compute/gemm-thread-host.ts`,
 * worker_threads); without one everything runs on the calling thread.
 *
 * Protocol: the kernels' wasm memory is a shared WebAssembly.Memory; a control block of 64 int32
 * words in it carries a wake-up counter, the operation and its arguments. The caller publishes
 * an operation as `tasks` independent tasks; every thread (caller included) takes tasks until none
 * is left, so a helper that the OS does not schedule costs at most the task it already holds. The
 * caller waits until all tasks are done. A helper waits for the next operation in 1 ms slices for
 * 50 ms, then sleeps until notified: an operation whose result is wanted only later (the risk
 * forward beside the next steps) is published without a wake-up unless a helper sleeps.
 *
 * Tasks are taken from one 64-bit claim word, (operation number << 40) | (tasks taken from the
 * front << 20) | tasks taken from the back, by compare-and-swap. The caller takes tasks from the
 * front and helpers from the back, so each thread keeps to its end of the particles from one
 * operation to the next (forward, masks and sweep all split the particles the same way) and finds
 * their data in its own cache: on a 2-core AMD EPYC this took W2 from 1.4× to 1.7× its one-thread
 * speed. A helper that is late, still looking for work in an operation that has ended, sees
 * another operation number and leaves: it can never take a task of the next operation with a
 * count left over from the last one (with a plain counter that is reset per operation it could,
 * and then a task would run twice and the done count would pass the task count for good).
 */
export interface ThreadHost {
  /**
   * Starts a thread that evaluates `source` (a self-contained JavaScript function expression) and
   * calls it with `data` (structured-cloned: a WebAssembly.Module and a shared WebAssembly.Memory
   * stay shared). The thread must not keep the process alive (worker.unref()).
   */
  spawn(source: string, data: unknown): { terminate(): void }
}

/** A host's helper threads and the total thread count (caller + helpers) of the GEMM kernels. */
export interface GemmThreads {
  host: ThreadHost
  threads: number
}

/** The threads to inject: null (the calling thread only) for a null host or `threads` ≤ 1. */
export function gemmThreadsOf(host: ThreadHost | null, threads: number): GemmThreads | null {
  return host && threads > 1 ? { host, threads: Math.floor(threads) } : null
}

/**
 * Control block words (int32 index): 0 wake-up counter, 1 op (0 stop, 1 forward, 2 forward of
 * staged particles, 3 masks, 4 tables, 5 sweep), 2 tasks, 3 helpers asleep until notified,
 * 4 done, 6–7 the claim word (a BigInt64 at byte 24, see {@link publishGemmOp}).
 */
export const CTRL_WORDS = 64
/** Byte offset of the 64-bit claim word in the control block. */
export const CTRL_CLAIM_BYTE = 24
/** First int32 argument word; float arguments start at word {@link CTRL_F32}. */
export const CTRL_ARGS = 8
export const CTRL_F32 = 32
/** Words 40 + t (t < 24): how many tasks thread t has run since the counters were cleared. */
export const CTRL_COUNTS = 40

/** The kernel calls a task needs: the exports of wasm-gemm.ts's module. */
export interface GemmExports {
  forward(...args: number[]): void
  masks(...args: number[]): void
  tables(...args: number[]): void
  sweep(...args: number[]): void
}

/**
 * Takes and runs tasks of the published operation until none is left. Self-contained (it is also
 * shipped as source to helper threads): no references outside its body.
 *
 * forward args: xp, wp, b, a, pre, fv, nq, no, ps, dp, chunk (octets per task), fv stride (bytes
 * per task); the staged forward (op 2) adds w, a and b as the caller's copy (bytes), its row
 * stride (floats), d and m, and each task packs its particles and zeroes its fv slice first;
 * masks: pre, r, a, ga, gb, bits, ng, ns, chunk (quads per task); tables: xr, r, tab,
 * ngr, dpt, npan, chunk (groups per task), npan·⌈ngr/chunk⌉ tasks; sweep: tab, bits, gw, m, ngr,
 * npan, gws, chunk (particles per task), npan·⌈m/chunk⌉ tasks; floats: lo, hi, κ, c0. Tables and
 * sweep split by panel first (panel-major tasks, the tables of a panel contiguous).
 */
/**
 * Packs particles i0 … i1 − 1 into the forward's octet layout: w_i (d floats from `w + i·stride` in
 * `src`) goes to `wp + ⌊i/8⌋·dp·8 + (i mod 8) + 8j` in `dst`, a_i and b_i to `av + i` and `bv + i`.
 * All positions are float indices. Self-contained: shipped as source to helper threads beside
 * {@link runGemmTasks}, whose staged forward packs each task's own particles with it.
 */
export function packOctets(
  src: Float32Array,
  dst: Float32Array,
  w: number,
  stride: number,
  a: number,
  b: number,
  wp: number,
  av: number,
  bv: number,
  dp: number,
  d: number,
  i0: number,
  i1: number
): void {
  for (let i = i0; i < i1; i++) {
    const from = w + i * stride
    const to = wp + (i >> 3) * dp * 8 + (i & 7)
    for (let j = 0; j < d; j++) dst[to + j * 8] = src[from + j]
    dst[av + i] = src[a + i]
    dst[bv + i] = src[b + i]
  }
}

export function runGemmTasks(
  ex: GemmExports,
  c: Int32Array,
  fl: Float32Array,
  thread: number,
  pack: typeof packOctets
): void {
  const A = 8
  const F = 32
  // the claim word at CTRL_CLAIM_BYTE (24), written out: this body is shipped as source;
  // (operation << 40) | (tasks taken from the front << 20) | tasks taken from the back
  const q = new BigInt64Array(c.buffer, c.byteOffset + 24, 1)
  const SH = BigInt(20)
  const MASK = BigInt(0xfffff)
  const OP = BigInt(40)
  // the caller takes tasks from the front, helpers from the back: each keeps to its end of the
  // particles, whose data its cache holds from the operation before
  const step = thread === 0 ? BigInt(1) << SH : BigInt(1)
  // task t of a panel-major split of `count` items in chunks of `per`: [panel, first item, items]
  const panelTask = (t: number, count: number, per: number): [number, number, number] => {
    const chunks = Math.ceil(count / per)
    const p = Math.floor(t / chunks)
    const first = (t - p * chunks) * per
    return [p, first, Math.min(per, count - first)]
  }
  // the whole memory, for the staged forward's packing
  const f = new Float32Array(c.buffer)
  let v = Atomics.load(q, 0)
  const op = v >> OP
  for (;;) {
    const front = Number((v >> SH) & MASK)
    const back = Number(v & MASK)
    // tasks is read after the claim word, which opens only once tasks is set: it is the count of
    // this operation or of a later one, and for a later one the exchange below fails
    const count = Atomics.load(c, 2)
    if (front + back >= count) return
    const seen = Atomics.compareExchange(q, 0, v, v + step)
    if (seen !== v) {
      if (seen >> OP !== op) return
      v = seen
      continue
    }
    v += step
    const t = thread === 0 ? front : count - 1 - back
    const [lo, hi, kappa, c0] = [fl[F], fl[F + 1], fl[F + 2], fl[F + 3]]
    if (c[1] === 1 || c[1] === 2) {
      const dp = c[A + 9]
      const ps = c[A + 8]
      const o0 = t * c[A + 10]
      const cnt = Math.min(c[A + 10], c[A + 7] - o0)
      if (c[1] === 2) {
        // staged: this task first packs its own particles (octets o0 … o0 + cnt − 1) from the
        // plain copy the caller staged, and zeroes its slice of the output sums
        const [sw, sa, sb, stride, d, m] = [
          c[A + 12],
          c[A + 13],
          c[A + 14],
          c[A + 15],
          c[A + 16],
          c[A + 17]
        ]
        const [wp, bv, av] = [c[A + 1] >> 2, c[A + 2] >> 2, c[A + 3] >> 2]
        const i1 = Math.min(m, (o0 + cnt) * 8)
        pack(f, f, sw >> 2, stride, sa >> 2, sb >> 2, wp, av, bv, dp, d, o0 * 8, i1)
        const fv = (c[A + 5] + t * c[A + 11]) >> 2
        f.fill(0, fv, fv + (c[A + 11] >> 2))
      }
      ex.forward(
        c[A],
        c[A + 1] + o0 * dp * 32,
        c[A + 2] + o0 * 32,
        c[A + 3] + o0 * 32,
        c[A + 4] + o0 * 32 * ps,
        c[A + 5] + t * c[A + 11],
        c[A + 6],
        cnt,
        ps,
        dp,
        lo,
        hi,
        kappa,
        c0
      )
    } else if (c[1] === 3) {
      const ns = c[A + 7]
      const g0 = t * c[A + 8]
      const cnt = Math.min(c[A + 8], c[A + 6] - g0)
      ex.masks(
        c[A] + g0 * 16 * ns,
        c[A + 1],
        c[A + 2] + g0 * 16,
        c[A + 3] + g0 * 16,
        c[A + 4] + g0 * 16,
        c[A + 5] + g0 * 2 * ns,
        cnt,
        ns,
        lo,
        hi,
        kappa,
        c0
      )
    } else if (c[1] === 4) {
      // panel-major: the tasks of panel p are p·⌈ngr/per⌉ …, each building its groups' tables of
      // that panel only (a panel's tables are contiguous: tab + ((p·ngr + G)·256 + s)·128)
      const ngr = c[A + 3]
      const dpt = c[A + 4]
      const [p, g0, cnt] = panelTask(t, ngr, c[A + 6])
      ex.tables(
        c[A] + g0 * 32 * dpt + p * 128,
        c[A + 1] + g0 * 32,
        c[A + 2] + (p * ngr + g0) * 32768,
        cnt,
        dpt,
        1
      )
    } else {
      // panel-major as the tables: the caller (from the front) sweeps the first panel and a helper
      // (from the back) the last, each over the tables it built itself, in its own cache
      const ngr = c[A + 4]
      const [p, i0, cnt] = panelTask(t, c[A + 3], c[A + 7])
      ex.sweep(c[A] + p * ngr * 32768, c[A + 1], c[A + 2] + p * 128, i0, cnt, ngr, 1, c[A + 6])
    }
    if (thread < 24) Atomics.add(c, 40 + thread, 1) // tasks run per thread (diagnostics)
    if (Atomics.add(c, 4, 1) + 1 === Atomics.load(c, 2)) Atomics.notify(c, 4)
  }
}

/**
 * Publishes operation number `serial` (1, 2, … per control block) with `tasks` tasks, after the
 * caller has written the op code and its arguments. The claim word first takes the new number
 * with no task left, so that a late helper of the last operation can no longer claim anything
 * (not even with the new task count); then the task and done counts are set; then the claim word
 * opens with no task taken. At most 2²⁰ − 2 tasks; the number wraps at 2²³. Helpers still have
 * to be woken (word 0) to take part.
 */
export function publishGemmOp(c: Int32Array, serial: number, tasks: number): void {
  if (!(tasks >= 0 && tasks < 2 ** 20 - 1)) throw new Error(`gemm threads: ${tasks} tasks`)
  const q = new BigInt64Array(c.buffer, c.byteOffset + CTRL_CLAIM_BYTE, 1)
  const op = BigInt(serial % 2 ** 23) << BigInt(40)
  // closed: as if every task had been taken from the front
  Atomics.store(q, 0, op | (BigInt(2 ** 20 - 1) << BigInt(20)))
  Atomics.store(c, 2, tasks)
  Atomics.store(c, 4, 0)
  Atomics.store(q, 0, op)
}

/**
 * The helper thread's body, shipped as source with {@link runGemmTasks} and {@link packOctets}: instantiates the module
 * over the shared memory and serves operations until op 0. Self-contained.
 */
export function gemmHelper(
  data: { module: WebAssembly.Module; memory: WebAssembly.Memory; ctrl: number; thread: number },
  run: typeof runGemmTasks,
  pack: typeof packOctets
): void {
  const instance = new WebAssembly.Instance(data.module, { env: { mem: data.memory } })
  const ex = instance.exports as unknown as GemmExports
  const c = new Int32Array(data.memory.buffer, data.ctrl, 64)
  const fl = new Float32Array(data.memory.buffer, data.ctrl, 64)
  let gen = 0
  for (;;) {
    // while operations keep coming, wait in 1 ms slices: a lazy hand-off (word 0 raised without a
    // notify) is then seen within 1 ms; after 50 ms without one, sleep until notified, counted in
    // word 3 so that lazy publishers know to notify
    for (let idle = 0; Atomics.load(c, 0) === gen && idle < 50; idle++) Atomics.wait(c, 0, gen, 1)
    if (Atomics.load(c, 0) === gen) {
      Atomics.add(c, 3, 1)
      Atomics.wait(c, 0, gen)
      Atomics.sub(c, 3, 1)
    }
    gen = Atomics.load(c, 0)
    if (Atomics.load(c, 1) === 0) return
    run(ex, c, fl, data.thread, pack)
  }
}

/** The source a {@link ThreadHost} runs: a function of `data` serving the helper protocol. */
export function gemmHelperSource(): string {
  return `(data) => (${gemmHelper.toString()})(data, ${runGemmTasks.toString()}, ${packOctets.toString()})`
}
