/**
 * Optional helper threads for the full-batch GD kernels (`gd-full-batch.ts`). src-shared cannot
 * start threads itself (no node:*), so the host injects a {@link GemmThreads} where it opens a
 * simulation, as it injects the gpu.js factory (src-main: `src-main/compute/gemm-thread-host.ts`,
 * worker_threads); without one everything runs on the calling thread.
 *
 * Protocol: the kernels' wasm memory is a shared WebAssembly.Memory; a control block of 64 int32
 * words in it carries a generation counter, the operation and its arguments. The caller publishes
 * an operation as `tasks` independent tasks; every thread (caller included) takes tasks with an
 * atomic counter until none is left, so a helper that the OS does not schedule costs at most the
 * task it already holds. The caller waits until all tasks are done.
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

/** Control block words (int32 index): generation, op (0 stop, 1 forward, 2 backward), tasks, next, done. */
export const CTRL_WORDS = 64
/** First int32 argument word; float arguments start at word {@link CTRL_F32}. */
export const CTRL_ARGS = 8
export const CTRL_F32 = 32
/** Words 40 + t (t < 24): how many tasks thread t has run since the counters were cleared. */
export const CTRL_COUNTS = 40

/** The kernel calls a task needs: the exports of wasm-gemm.ts's module. */
export interface GemmExports {
  forward(...args: number[]): void
  backward(...args: number[]): void
}

/**
 * Takes and runs tasks of the published operation until none is left. Self-contained (it is also
 * shipped as source to helper threads): no references outside its body.
 *
 * forward args: xp, wp, b, a, pre, fv, nq, no, ps, dp, chunk (octets per task), fv stride (bytes
 * per task); backward args: pre, r, a, xq, gw, ga, gb, cbuf, ng, ns, jbs, xs, chunk (quads per
 * task), cbuf stride (bytes per thread); floats: lo, hi, κ, c0.
 */
export function runGemmTasks(
  ex: GemmExports,
  c: Int32Array,
  fl: Float32Array,
  thread: number
): void {
  const A = 8
  const F = 32
  for (;;) {
    const t = Atomics.add(c, 3, 1)
    if (t >= Atomics.load(c, 2)) return
    const [lo, hi, kappa, c0] = [fl[F], fl[F + 1], fl[F + 2], fl[F + 3]]
    if (c[1] === 1) {
      const dp = c[A + 9]
      const ps = c[A + 8]
      const o0 = t * c[A + 10]
      const cnt = Math.min(c[A + 10], c[A + 7] - o0)
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
    } else {
      const ns = c[A + 9]
      const jbs = c[A + 10]
      const g0 = t * c[A + 12]
      const cnt = Math.min(c[A + 12], c[A + 8] - g0)
      ex.backward(
        c[A] + g0 * 16 * ns,
        c[A + 1],
        c[A + 2] + g0 * 16,
        c[A + 3],
        c[A + 4] + g0 * jbs * 128,
        c[A + 5] + g0 * 16,
        c[A + 6] + g0 * 16,
        c[A + 7] + thread * c[A + 13],
        cnt,
        ns,
        jbs,
        c[A + 11],
        lo,
        hi,
        kappa,
        c0
      )
    }
    if (thread < 24) Atomics.add(c, 40 + thread, 1) // tasks run per thread (diagnostics)
    if (Atomics.add(c, 4, 1) + 1 === Atomics.load(c, 2)) Atomics.notify(c, 4)
  }
}

/**
 * The helper thread's body, shipped as source with {@link runGemmTasks}: instantiates the module
 * over the shared memory and serves operations until op 0. Self-contained.
 */
export function gemmHelper(
  data: { module: WebAssembly.Module; memory: WebAssembly.Memory; ctrl: number; thread: number },
  run: typeof runGemmTasks
): void {
  const instance = new WebAssembly.Instance(data.module, { env: { mem: data.memory } })
  const ex = instance.exports as unknown as GemmExports
  const c = new Int32Array(data.memory.buffer, data.ctrl, 64)
  const fl = new Float32Array(data.memory.buffer, data.ctrl, 64)
  let gen = 0
  for (;;) {
    Atomics.wait(c, 0, gen)
    gen = Atomics.load(c, 0)
    if (Atomics.load(c, 1) === 0) return
    run(ex, c, fl, data.thread)
  }
}

/** The source a {@link ThreadHost} runs: a function of `data` serving the helper protocol. */
export function gemmHelperSource(): string {
  return `(data) => (${gemmHelper.toString()})(data, ${runGemmTasks.toString()})`
}
