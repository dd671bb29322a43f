// the kernels as the CLI runs them: with relaxed SIMD's fused multiply-add where Node has it
import '../../../src-main/wasm-flags'
import { afterEach, describe, expect, it } from 'vitest'
import { createFullBatchGd, type FullBatchGd } from '@shared/engine/backends/gd-full-batch'
import { gemmThreadsOf } from '@shared/engine/backends/gemm-threads'
import { dynamicsConfig } from '@shared/engine/simulation'
import { initParticles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'
import { makeTask } from '@shared/science/tasks/make-task'
import { experimentSpec } from '@shared/spec/experiment-spec'
import { workerThreadHost } from '../../../src-main/compute/gemm-thread-host'
import { jsLayout } from './js-layout'

const seed = Date.now() % 100000
console.log(`gd-outputs-begin.test: seed ${seed}`)

const made: FullBatchGd[] = []
afterEach(() => {
  for (const gd of made.splice(0)) gd.dispose()
})

/** A forward object on n test points with `threads` threads, and particles laid out as js-backend's. */
async function setup(threads: number, n: number, m: number, d: number, act = 'relu') {
  const activation =
    act === 'relu'
      ? { kind: 'relu' }
      : { kind: 'truncated-relu', t1: 0.5, t2: 1.5, s1: -2.5, s2: 7.5 }
  const spec = experimentSpec.parse({
    seed,
    task: { kind: 'two-gaussians', dim: d, delta: 0.8 },
    model: { width: m, activation },
    dynamics: { kind: 'online-sgd', stepSize: 0.05, steps: 10 }
  })
  const cfg = dynamicsConfig(spec)
  const gd = createFullBatchGd(cfg, gemmThreadsOf(workerThreadHost, threads))!
  made.push(gd)
  gd.setTrainSet(makeTask(spec.task, seed).sample(new Rng(seed, 'test'), n))
  // let the helpers boot (tens of ms) so they are there to take the forward
  if (threads > 1) await new Promise((resolve) => setTimeout(resolve, 300))
  const { mem, dp, w, a, b } = jsLayout(initParticles(spec.model, d, seed), m, d)
  const at = [w, a, b, dp] as const
  return { gd, mem, at, tasks: Math.ceil(Math.ceil(m / 8) / 8) }
}

/** Particles that give other outputs: a step's worth of change everywhere. */
function disturb(mem: Float32Array): void {
  for (let i = 0; i < mem.length; i++) mem[i] = mem[i] * 0.75 + 0.01 * Math.sin(i)
}

describe('full-batch forward begun beside the caller (outputsBegin)', () => {
  it.each([
    [1, 2000, 800, 40, 'truncated-relu'],
    [2, 2000, 800, 40, 'truncated-relu'],
    [2, 1001, 45, 13, 'relu'],
    [2, 300, 300, 16, 'relu']
  ])(
    '%i thread(s), n = %i, m = %i, d = %i, %s: bit-identical to outputs although the particles change before collect',
    async (threads, n, m, d, act) => {
      const { gd, mem, at } = await setup(threads, n, m, d, act)
      const expected = gd.outputs(mem, ...at)
      // the same numbers from a one-thread object: outputs itself does not depend on threads
      const single = await setup(1, n, m, d, act)
      expect(single.gd.outputs(single.mem, ...single.at)).toEqual(expected)
      const pending = gd.outputsBegin(mem, ...at)
      disturb(mem)
      const got = pending.collect()
      expect(got).toEqual(expected)
      expect(pending.collect()).toBe(got)
      // the disturbed particles do give other outputs, so the check above could fail
      expect(gd.outputs(mem, ...at)).not.toEqual(expected)
      expect(expected.every(Number.isFinite)).toBe(true)
    }
  )

  // the forward is handed over without waking the helper while it still waits in 1 ms slices
  // (just after another operation); after 50 ms idle it sleeps until notified, and the hand-off
  // must wake it
  it.each([
    ['just after another operation', 0],
    ['after the helper went to sleep', 200]
  ])(
    '2 threads, %s: the helper runs the whole forward while the caller works',
    async (_w, idleMs) => {
      const { gd, mem, at, tasks } = await setup(2, 2000, 800, 40)
      const expected = gd.outputs(mem, ...at)
      if (idleMs > 0) await new Promise((resolve) => setTimeout(resolve, idleMs))
      const before = gd.tasksByThread()
      const pending = gd.outputsBegin(mem, ...at)
      disturb(mem)
      // the caller takes no task before collect: wait (up to 10 s on a loaded machine) for the helper
      const t0 = Date.now()
      while (gd.tasksByThread()[1] - before[1] < tasks && Date.now() - t0 < 10_000)
        await new Promise((resolve) => setTimeout(resolve, 5))
      const after = gd.tasksByThread()
      expect(after[1] - before[1]).toBe(tasks)
      expect(after[0]).toBe(before[0])
      expect(pending.collect()).toEqual(expected)
    }
  )

  // rows wider than the panels' dp (a caller whose w rows carry more than the padding): the
  // forward packs on the stepping thread instead of staging a plain copy for the helpers
  it('2 threads, w rows wider than dp: packed here, the same outputs as the js layout', async () => {
    const { gd, mem, at } = await setup(2, 1001, 45, 13)
    const [w, a, b, dp] = at
    const m = 45
    const stride = dp + 5
    // the gaps between rows hold values that would change every output if they were read
    const wide = new Float32Array(m * stride + 2 * m).fill(1e3)
    for (let i = 0; i < m; i++) wide.set(mem.subarray(w + i * dp, w + i * dp + 13), i * stride)
    wide.set(mem.subarray(a, a + m), m * stride)
    wide.set(mem.subarray(b, b + m), m * stride + m)
    const wideAt = [0, m * stride, m * stride + m, stride] as const
    const expected = gd.outputs(mem, ...at)
    const pending = gd.outputsBegin(wide, ...wideAt)
    disturb(wide)
    expect(pending.collect()).toEqual(expected)
    // and the rows are read from this layout: the disturbed particles give other outputs
    expect(gd.outputs(wide, ...wideAt)).not.toEqual(expected)
  })

  it('outputs while a forward is pending: both answer for their own particles', async () => {
    const { gd, mem, at } = await setup(2, 1001, 45, 13)
    const first = gd.outputs(mem, ...at)
    const pending = gd.outputsBegin(mem, ...at)
    disturb(mem)
    const second = gd.outputs(mem, ...at)
    expect(second).not.toEqual(first)
    expect(pending.collect()).toEqual(first)
    // and a second begin after a collect starts from the particles as they are then
    expect(gd.outputsBegin(mem, ...at).collect()).toEqual(second)
  })
})
