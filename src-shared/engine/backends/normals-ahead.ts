import { jumpLanes, jumpPolynomial } from '../../science/xoshiro-jump'
import type { ThreadHost } from './gemm-threads'
import { normalsKernel } from './wasm-normals'

/**
 * One step's Langevin normals drawn by two threads, with the numbers one thread draws.
 *
 * A noisy batch-1 step (W1n: M = 800, d = 40) spends about 80 % of its time drawing its
 * M·(d + 2) normals. The step's draw of G groups is split: the stepping thread draws groups
 * [0, GA) itself, and a helper thread draws groups [GA, G) of the coming steps ahead of time into
 * a ring of K slots in the shared wasm memory. The helper starts each part where the stepping
 * thread's part will end, by jumping the four xoshiro lanes ahead by 2·GA draws
 * (science/xoshiro-jump.ts); the part it draws ends where the whole step ends, so its end state
 * is the next step's start. The normals, and the stream's state after every step, are those of a
 * single-thread draw bit for bit, whoever draws what.
 *
 * Protocol (int32 words of a control block in the shared memory):
 * - a slot is claimed for step k by compare-and-swap of its claim word from k − K to k, by the
 *   helper ahead of time, or by the stepping thread at step k when the helper has not got there
 *   (then it draws the whole step itself: nothing ever waits for a helper that is not running);
 * - a helper that finds its step taken skips it (a jump by 2·G) and goes on to the next;
 * - the stepping thread waits only for a part the helper is drawing at that moment (spins for a
 *   few tens of µs, then sleeps on the slot's ready word); after 2 s without progress it stops
 *   using the ring for good and draws every step itself;
 * - the helper sleeps when the ring is full, until the stepping thread has used half of it, so
 *   it is woken once per K/2 steps, not per step;
 * - any change of the stream that the ring did not make (a restore, another draw length) starts a
 *   new epoch: the stepping thread lets parts in flight finish, renumbers the slots past every
 *   number in use, and publishes its state; the helper restarts from there.
 */

/** Control block words (int32). */
const EPOCH = 0 // seqlock: odd while the stepping thread rewrites the configuration; 0: none yet
const STOP = 1
const DONE = 2 // the last step the stepping thread has finished with (its slot may be reused)
const WANT = 3 // the helper sleeps until DONE reaches this
const WANTING = 4 // 1 while the helper sleeps on DONE
const MAINWAIT = 5 // 1 while the stepping thread sleeps on a ready word
const K0 = 6 // first step of the epoch (the stepping thread draws it whole)
const SLOTS = 7
const GROUPS = 8
const SPLIT = 9 // GA
const RING = 10 // byte offset of slot 0
const SLOT_BYTES = 11
const DRAWN = 12 // parts the helper has drawn (diagnostics); words 13–15 are free
const POLY_A = 16 // jump by 2·GA (4 words)
const POLY_G = 20 // jump by 2·G (4 words)
const STATE0 = 24 // the stream's state at step K0 (16 words)
const MAIN_STATE = 40 // the stepping thread's kernel state (16 words)
const CLAIM = 64 // one word per slot (at most 8 slots; room for 32)
const READY = 96 // one word per slot
const CTRL_BYTES = 512

/** Draws smaller than this many groups of 8 are not split (the hand-off would cost more). */
export const AHEAD_MIN_GROUPS = 512
/** The share of each step's groups that the stepping thread draws itself. */
export const AHEAD_SPLIT = 0.4

/** Where things lie in the `bytes` the ring needs for draws of up to `maxCount` normals. */
export function normalsAheadLayout(maxCount: number): {
  bytes: number
  slots: number
  slotBytes: number
} {
  const slotBytes = Math.ceil((64 + Math.ceil(maxCount / 8) * 32) / 64) * 64
  let slots = 8
  while (slots > 2 && slots * slotBytes > 4 * 2 ** 20) slots >>= 1
  // control block, a private slot (draws outside the ring), then the ring
  return { bytes: CTRL_BYTES + (slots + 1) * slotBytes, slots, slotBytes }
}

export interface NormalsAhead {
  /**
   * The NormalStream filler (NormalStream.accelerate): `count` (multiple of 8) normals drawn from
   * `state`, which it advances; a view of the shared memory, valid until the next call.
   */
  fill(state: Int32Array, count: number): Float32Array
  /**
   * The same draw on the stepping thread alone, outside the ring: for steps that keep every core
   * busy already (the full-batch GEMM path), where a helper drawing beside them would slow them.
   */
  fillHere(state: Int32Array, count: number): Float32Array
  /**
   * Counts: steps the stepping thread drew whole, parts it waited for (spinning, then sleeping),
   * epochs, and parts the helper drew.
   */
  stats(): { whole: number; spun: number; slept: number; epochs: number; helper: number }
  /** The memory and byte offset of the control block (tests that play a misbehaving helper). */
  readonly memoryForTests: WebAssembly.Memory
  readonly atForTests: number
  /** Whether the ring was given up (the helper stopped answering). */
  readonly broken: boolean
  /** Stops and ends the helper. */
  dispose(): void
}

/**
 * The split draw over `memory` (shared), with its control block and ring at byte `at` (64-byte
 * aligned, {@link normalsAheadLayout}(maxCount).bytes long), and a helper started on `host`; null
 * without wasm SIMD or where the helper cannot be started.
 */
export function createNormalsAhead(opts: {
  memory: WebAssembly.Memory
  at: number
  maxCount: number
  host: ThreadHost
  /** Share of the groups drawn by the stepping thread (default {@link AHEAD_SPLIT}). */
  split?: number
}): NormalsAhead | null {
  const { memory, at, maxCount, host } = opts
  const split = opts.split ?? AHEAD_SPLIT
  if (at % 64 !== 0) throw new RangeError('normals ahead: the block must be 64-byte aligned')
  const kernel = normalsKernel(memory)
  if (!kernel) return null
  const layout = normalsAheadLayout(maxCount)
  const K = layout.slots
  const slotBytes = layout.slotBytes
  const maxGroups = Math.ceil(maxCount / 8)
  const PRIVATE = at + CTRL_BYTES
  const RING0 = PRIVATE + slotBytes
  const MS = at + MAIN_STATE * 4
  const ctrl = () => new Int32Array(memory.buffer, at, CTRL_BYTES / 4)
  let c = ctrl()
  c.fill(0)
  let worker: { terminate(): void }
  try {
    worker = host.spawn(normalsAheadHelperSource(), { module: kernel.module, memory, at })
  } catch {
    return null
  }

  let broken = false
  const st = { whole: 0, spun: 0, slept: 0, epochs: 0 }
  let G = -1
  let GA = 0
  let k = 0 // the next step's number
  const expected = new Int32Array(16)
  let expectValid = false
  const polys = new Map<number, { pa: Int32Array; pg: Int32Array }>()

  const f32 = (byte: number, count: number) => new Float32Array(memory.buffer, byte, count)
  const i32 = (byte: number) => new Int32Array(memory.buffer, byte, 16)

  /** Waits until slot j's ready word is v; false when the helper does not answer in 2 s. */
  const waitReady = (j: number, v: number): boolean => {
    if (Atomics.load(c, READY + j) === v) return true
    st.spun++
    for (let spin = 0; spin < 1 << 14; spin++) if (Atomics.load(c, READY + j) === v) return true
    st.slept++
    let waited = 0
    Atomics.store(c, MAINWAIT, 1)
    for (;;) {
      const now = Atomics.load(c, READY + j)
      if (now === v) break
      if (waited >= 2000) {
        Atomics.store(c, MAINWAIT, 0)
        return false
      }
      Atomics.wait(c, READY + j, now, 20)
      waited += 20
    }
    Atomics.store(c, MAINWAIT, 0)
    return true
  }

  /** Draws from `state` into the private slot (no ring): the fallback and small draws. */
  const privateDraw = (state: Int32Array, count: number): Float32Array => {
    c = ctrl()
    const groups = count / 8
    i32(PRIVATE).set(state)
    if (groups > 0) kernel.fill(PRIVATE, PRIVATE + 64, groups)
    state.set(i32(PRIVATE))
    expectValid = false
    return f32(PRIVATE + 64, count)
  }

  /** A new epoch from `state` with steps of `groups` groups; false if the ring had to be given up. */
  const resync = (state: Int32Array, groups: number): boolean => {
    let p = polys.get(groups)
    const ga = Math.max(1, Math.min(groups - 1, Math.round(groups * split)))
    if (!p) {
      p = { pa: jumpPolynomial(2 * ga), pg: jumpPolynomial(2 * groups) }
      polys.set(groups, p)
    }
    const e = Atomics.load(c, EPOCH)
    Atomics.store(c, EPOCH, (e + 1) | 0)
    st.epochs++
    // settle every slot: parts in flight finish, then the claim moves to a number past all in use
    const k0 = (k + 2 * K + 1) | 0
    for (let j = 0; j < K; j++) {
      const init = (k0 - K + ((j - (k0 - K)) & (K - 1))) | 0
      for (;;) {
        const v = Atomics.load(c, CLAIM + j)
        if (Atomics.load(c, READY + j) !== v && !waitReady(j, v)) return false
        if (Atomics.compareExchange(c, CLAIM + j, v, init) === v) break
      }
      Atomics.store(c, READY + j, init)
    }
    G = groups
    GA = ga
    k = k0
    Atomics.store(c, K0, k0)
    Atomics.store(c, SLOTS, K)
    Atomics.store(c, GROUPS, G)
    Atomics.store(c, SPLIT, GA)
    Atomics.store(c, RING, RING0)
    Atomics.store(c, SLOT_BYTES, slotBytes)
    for (let i = 0; i < 4; i++) {
      Atomics.store(c, POLY_A + i, p.pa[i])
      Atomics.store(c, POLY_G + i, p.pg[i])
    }
    for (let i = 0; i < 16; i++) Atomics.store(c, STATE0 + i, state[i])
    Atomics.store(c, DONE, (k0 - 1) | 0)
    Atomics.store(c, EPOCH, (e + 2) | 0 || 2)
    Atomics.notify(c, EPOCH)
    Atomics.notify(c, DONE)
    return true
  }

  const giveUp = () => {
    broken = true
    Atomics.store(c, STOP, 1)
    Atomics.notify(c, EPOCH)
    Atomics.notify(c, DONE)
  }

  const sameState = (state: Int32Array) => {
    if (!expectValid) return false
    for (let i = 0; i < 16; i++) if (state[i] !== expected[i]) return false
    return true
  }

  return {
    memoryForTests: memory,
    atForTests: at,
    get broken() {
      return broken
    },
    fill(state, count) {
      const groups = count / 8
      if (broken || groups < AHEAD_MIN_GROUPS || groups > maxGroups)
        return privateDraw(state, count)
      c = ctrl()
      if ((groups !== G || !sameState(state)) && !resync(state, groups)) {
        giveUp()
        return privateDraw(state, count)
      }
      // the previous step is over: its slot may be reused; wake a helper waiting for room
      const last = (k - 1) | 0
      Atomics.store(c, DONE, last)
      if (Atomics.load(c, WANTING) === 1 && ((last - Atomics.load(c, WANT)) | 0) >= 0) {
        Atomics.store(c, WANTING, 0)
        Atomics.notify(c, DONE)
      }
      const j = k & (K - 1)
      const slot = RING0 + j * slotBytes
      const out = slot + 64
      const ms = i32(MS)
      ms.set(state)
      kernel.fill(MS, out, GA)
      const free = (k - K) | 0
      const seen = Atomics.compareExchange(c, CLAIM + j, free, k)
      if (seen === free) {
        // the helper has not got here: draw the rest too
        kernel.fill(MS, out + GA * 32, G - GA)
        Atomics.store(c, READY + j, k)
        st.whole++
        state.set(ms)
      } else if (seen === k && waitReady(j, k)) {
        state.set(i32(slot))
      } else {
        giveUp()
        return privateDraw(state, count)
      }
      expected.set(state)
      expectValid = true
      k = (k + 1) | 0
      return f32(out, count)
    },
    stats: () => ({ ...st, helper: Atomics.load(ctrl(), DRAWN) }),
    fillHere: (state, count) => privateDraw(state, count),
    dispose() {
      giveUp()
      worker.terminate()
    }
  }
}

/**
 * The helper thread's body: draws the second parts of the coming steps into the ring (see the
 * file comment). Self-contained (shipped as source): `jump` is {@link jumpLanes}.
 */
export function normalsAheadHelper(
  data: { module: WebAssembly.Module; memory: WebAssembly.Memory; at: number },
  jump: typeof jumpLanes
): void {
  const instance = new WebAssembly.Instance(data.module, { env: { mem: data.memory } })
  const fill = instance.exports.fill as (state: number, out: number, groups: number) => void
  const c = new Int32Array(data.memory.buffer, data.at, 128)
  const scratch = new Int32Array(16)
  const hs = new Int32Array(16)
  const pa = new Int32Array(4)
  const pg = new Int32Array(4)
  let epoch = 0
  let hk = 0
  let K = 2
  let G = 0
  let GA = 0
  let ring = 0
  let slotBytes = 0
  for (;;) {
    if (Atomics.load(c, 1) !== 0) return
    const e = Atomics.load(c, 0)
    // 0: not configured yet; odd: being rewritten
    if (e === 0 || (e & 1) !== 0) {
      Atomics.wait(c, 0, e, 100)
      continue
    }
    if (e !== epoch) {
      const k0 = Atomics.load(c, 6)
      K = Atomics.load(c, 7)
      G = Atomics.load(c, 8)
      GA = Atomics.load(c, 9)
      ring = Atomics.load(c, 10)
      slotBytes = Atomics.load(c, 11)
      for (let i = 0; i < 4; i++) {
        pa[i] = Atomics.load(c, 16 + i)
        pg[i] = Atomics.load(c, 20 + i)
      }
      for (let i = 0; i < 16; i++) hs[i] = Atomics.load(c, 24 + i)
      if (Atomics.load(c, 0) !== e || !(GA > 0 && G > GA && K >= 2)) continue
      epoch = e
      // the stepping thread draws step k0 whole; start at step k0 + 1, group GA
      jump(hs, pg, scratch)
      jump(hs, pa, scratch)
      hk = (k0 + 1) | 0
    }
    const free = (hk - K) | 0
    const done = Atomics.load(c, 2)
    if (((done - free) | 0) < 0) {
      // the ring is full: sleep until half of it is free again
      Atomics.store(c, 3, (free + (K >> 1) - 1) | 0)
      Atomics.store(c, 4, 1)
      const now = Atomics.load(c, 2)
      if (((now - free) | 0) < 0 && Atomics.load(c, 0) === epoch && Atomics.load(c, 1) === 0)
        Atomics.wait(c, 2, now, 100)
      Atomics.store(c, 4, 0)
      continue
    }
    const j = hk & (K - 1)
    const seen = Atomics.compareExchange(c, 64 + j, free, hk)
    if (seen !== free) {
      if (Atomics.load(c, 0) !== epoch) continue
      // the stepping thread drew step hk itself: move on to the next one
      jump(hs, pg, scratch)
      hk = (hk + 1) | 0
      continue
    }
    const slot = ring + j * slotBytes
    const st = new Int32Array(data.memory.buffer, slot, 16)
    st.set(hs)
    fill(slot, slot + 64 + GA * 32, G - GA)
    hs.set(st)
    Atomics.add(c, 12, 1)
    Atomics.store(c, 96 + j, hk)
    if (Atomics.load(c, 5) !== 0) Atomics.notify(c, 96 + j)
    jump(hs, pa, scratch)
    hk = (hk + 1) | 0
  }
}

/** The source a {@link ThreadHost} runs for the helper: a function of its data. */
export function normalsAheadHelperSource(): string {
  return `(data) => (${normalsAheadHelper.toString()})(data, ${jumpLanes.toString()})`
}

/** Word indices of the control block, for tests that play a misbehaving helper. */
export const NORMALS_AHEAD_WORDS = { EPOCH, DONE, K0, SLOTS, CLAIM, FREE: 14 } as const
