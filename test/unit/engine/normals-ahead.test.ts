// the kernels as the CLI runs them
import '../../../src-main/wasm-flags'
import { afterEach, describe, expect, it } from 'vitest'
import type { ThreadHost } from '@shared/engine/backends/gemm-threads'
import {
  AHEAD_MIN_GROUPS,
  createNormalsAhead,
  normalsAheadLayout,
  NORMALS_AHEAD_WORDS,
  type NormalsAhead
} from '@shared/engine/backends/normals-ahead'
import { NormalStream } from '@shared/science/normal-stream'
import { workerThreadHost } from '../../../src-main/compute/gemm-thread-host'

const seed = Date.now() % 100000
console.log(`normals-ahead.test: seed ${seed}`)

const opened: NormalsAhead[] = []
afterEach(() => {
  for (const a of opened.splice(0)) a.dispose()
})

/** A split draw for up to `maxCount` normals at a non-zero offset of a fresh shared memory. */
function open(maxCount: number, host: ThreadHost): NormalsAhead {
  const at = 4096
  const bytes = at + normalsAheadLayout(maxCount).bytes + 4096
  const memory = new WebAssembly.Memory({
    initial: Math.ceil(bytes / 65536),
    maximum: 65536,
    shared: true
  })
  // what lies around the block must stay untouched
  new Uint8Array(memory.buffer).fill(0xa5)
  const ahead = createNormalsAhead({ memory, at, maxCount, host })
  expect(ahead).not.toBeNull()
  opened.push(ahead!)
  const before = new Uint8Array(memory.buffer, 0, at)
  const after = new Uint8Array(memory.buffer, at + normalsAheadLayout(maxCount).bytes)
  ;(ahead as unknown as { guard: () => boolean }).guard = () =>
    before.every((v) => v === 0xa5) && after.every((v) => v === 0xa5)
  return ahead!
}

const untouched = (a: NormalsAhead) => (a as unknown as { guard: () => boolean }).guard()

/** Busy work standing in for the rest of a step (the helper needs time to get ahead). */
function work(us: number): void {
  const t = performance.now()
  while (performance.now() - t < us / 1000);
}

/** The next `n` normals of both streams, and their states after, are the same bit for bit. */
function same(fast: NormalStream, plain: NormalStream, n: number, step: number): void {
  const z = fast.next(n)
  const want = plain.next(n)
  for (let i = 0; i < n; i++)
    if (!Object.is(z[i], want[i]))
      throw new Error(`step ${step}: normal ${i} is ${z[i]}, not ${want[i]}`)
  for (let i = 0; i < 16; i++)
    if (fast.state[i] !== plain.state[i]) throw new Error(`step ${step}: state word ${i} differs`)
}

/**
 * Draws `steps` steps of `count` normals from a stream accelerated by `ahead` and from a plain
 * one (the JS twin), and checks every normal and every state bit for bit.
 */
function compare(ahead: NormalsAhead, name: string, plan: (step: number) => number, steps: number) {
  const fast = new NormalStream(seed, name).accelerate(ahead.fill)
  const plain = new NormalStream(seed, name)
  for (let s = 0; s < steps; s++) {
    same(fast, plain, plan(s), s)
    work(40)
  }
  return { fast, plain }
}

describe('normals drawn ahead on a helper thread', () => {
  const count = 33600 // W1n: M = 800, d = 40, a, b and w
  it('give the numbers and states of a one-thread draw, with the helper taking part', async () => {
    const ahead = open(count, workerThreadHost)
    // let the helper boot (tens of ms) so that it takes part from the start
    await new Promise((resolve) => setTimeout(resolve, 300))
    compare(ahead, 'steady', () => count, 400)
    const st = ahead.stats()
    console.log('stats', JSON.stringify(st))
    // at least the ring it fills while the test waits (more where the machine is quiet)
    expect(st.helper).toBeGreaterThanOrEqual(8)
    expect(ahead.broken).toBe(false)
    expect(untouched(ahead)).toBe(true)
  })

  it('stay exact across a restore, other draw lengths and small draws between steps', async () => {
    const ahead = open(count, workerThreadHost)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const fast = new NormalStream(seed, 'mixed').accelerate(ahead.fill)
    const plain = new NormalStream(seed, 'mixed')
    let saved: number[] = []
    for (let s = 0; s < 300; s++) {
      // mostly whole steps; now and then a shorter step, a small draw, a save and a restore
      const n = s % 37 === 5 ? 8 * AHEAD_MIN_GROUPS + 24 : s % 53 === 7 ? 40 : count
      if (s === 100) saved = fast.save()
      if (s === 180) {
        fast.restore(saved)
        plain.restore(saved)
      }
      same(fast, plain, n, s)
      work(40)
    }
    const st = ahead.stats()
    console.log('stats', JSON.stringify(st))
    expect(st.epochs).toBeGreaterThan(3)
    expect(st.helper).toBeGreaterThanOrEqual(8)
    expect(untouched(ahead)).toBe(true)
  })

  it('draw every step whole, with the same numbers, when the helper never starts', () => {
    const never: ThreadHost = { spawn: () => ({ terminate() {} }) }
    const ahead = open(count, never)
    compare(ahead, 'alone', () => count, 60)
    const st = ahead.stats()
    expect(st.helper).toBe(0)
    expect(st.whole).toBe(60)
    expect(untouched(ahead)).toBe(true)
  })

  it('give the helper up, with the same numbers, when it holds a part and never finishes it', async () => {
    // a helper that claims a step ahead of the stepping thread, raises a flag, and ends without
    // drawing it
    const W = NORMALS_AHEAD_WORDS
    const rogue: ThreadHost = {
      spawn: (_source, data) =>
        workerThreadHost.spawn(
          `(data) => {
            const c = new Int32Array(data.memory.buffer, data.at, 128)
            for (;;) { const e = Atomics.load(c, ${W.EPOCH}); if (e > 0 && e % 2 === 0) break; Atomics.wait(c, ${W.EPOCH}, e, 50) }
            const K = Atomics.load(c, ${W.SLOTS})
            for (;;) {
              const done = Atomics.load(c, ${W.DONE}), k = (done + K) | 0
              if (Atomics.compareExchange(c, ${W.CLAIM} + (k & (K - 1)), done, k) === done) break
            }
            Atomics.store(c, ${W.FREE}, 1)
          }`,
          data
        )
    }
    const ahead = open(count, rogue)
    const fast = new NormalStream(seed, 'rogue').accelerate(ahead.fill)
    const plain = new NormalStream(seed, 'rogue')
    // the first draw opens the ring; then wait until the rogue holds its part
    same(fast, plain, count, 0)
    const flag = new Int32Array(ahead.memoryForTests.buffer, ahead.atForTests, 128)
    while (Atomics.load(flag, W.FREE) !== 1) await new Promise((resolve) => setTimeout(resolve, 5))
    const t = performance.now()
    for (let s = 1; s < 30; s++) same(fast, plain, count, s)
    expect(ahead.broken).toBe(true)
    // it waited about 2 s for the part, once
    expect(ahead.stats().slept).toBe(1)
    expect(performance.now() - t).toBeGreaterThan(1500)
    expect(untouched(ahead)).toBe(true)
  }, 20_000)
})
