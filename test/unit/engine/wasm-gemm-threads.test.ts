// the kernels as the CLI runs them: with relaxed SIMD's fused multiply-add where Node has it
import '../../../src-main/wasm-flags'
import { describe, expect, it } from 'vitest'
import { createFullBatchGd } from '@shared/engine/backends/gd-full-batch'
import { gemmThreadsOf } from '@shared/engine/backends/gemm-threads'
import { dynamicsConfig } from '@shared/engine/simulation'
import { initParticles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'
import { makeTask } from '@shared/science/tasks/make-task'
import { experimentSpec } from '@shared/spec/experiment-spec'
import { workerThreadHost } from '../../../src-main/compute/gemm-thread-host'
import { jsLayout } from './js-layout'

const seed = Date.now() % 100000
console.log(`wasm-gemm-threads.test: seed ${seed}`)

/** Runs `steps` noiseless GD steps of the fused path on a fresh copy of the same particles. */
async function run(threads: number, n: number, m: number, d: number, steps: number) {
  const spec = experimentSpec.parse({
    seed,
    task: { kind: 'two-gaussians', dim: d, delta: 0.8 },
    model: { width: m, activation: { kind: 'relu' } },
    dynamics: { kind: 'gd', stepSize: 0.05, steps, lambda: 1e-3 }
  })
  const cfg = dynamicsConfig(spec)
  const gd = createFullBatchGd(cfg, gemmThreadsOf(workerThreadHost, threads))!
  gd.setTrainSet(makeTask(spec.task, seed).sample(new Rng(seed, 'data'), n))
  // let the helpers boot (tens of ms) so they take part even in these short runs
  if (threads > 1) await new Promise((resolve) => setTimeout(resolve, 300))
  const p = initParticles(spec.model, d, seed)
  const { mem, dp, w, a, b } = jsLayout(p, m, d)
  const gain = (2 * 0.05) / cfg.alpha / n
  for (let s = 0; s < steps; s++) gd.step(mem, w, a, b, dp, gain, 1 - 2 * 0.05 * 1e-3, 0, null)
  const threadsUsed = gd.threads
  const tasks = gd.tasksByThread()
  expect(tasks.length).toBe(threadsUsed)
  expect(tasks.reduce((x, y) => x + y, 0)).toBeGreaterThan(0)
  expect(Array.from(mem.subarray(0, 4))).not.toEqual(Array.from(p.w.subarray(0, 4), Math.fround))
  gd.dispose()
  return { mem, threadsUsed, tasks }
}

describe('full-batch GD kernels on worker_threads helpers', () => {
  it.each([
    [300, 45, 13],
    [64, 300, 16]
  ])('n = %i, m = %i, d = %i: 3 threads give bit-identical steps to 1', async (n, m, d) => {
    const one = await run(1, n, m, d, 4)
    const three = await run(3, n, m, d, 4)
    expect(one.threadsUsed).toBe(1)
    expect(three.threadsUsed).toBe(3)
    expect(three.mem).toEqual(one.mem)
    console.log(`tasks per thread: ${three.tasks.join(', ')}`)
  })

  it('helpers take part: n = m = 1024, d = 64, 2 threads, bit-identical to 1', async () => {
    // each kernel call here lasts milliseconds, far longer than a helper takes to wake up
    const one = await run(1, 1024, 1024, 64, 2)
    const two = await run(2, 1024, 1024, 64, 2)
    console.log(`tasks per thread: ${two.tasks.join(', ')}`)
    expect(two.tasks[1]).toBeGreaterThan(0)
    expect(two.mem).toEqual(one.mem)
  })

  it('many short operations of changing task counts: every task runs exactly once', async () => {
    // tiny kernels, so helpers keep arriving late, still looking for work in an operation that
    // has ended while the next one (with another task count) is published: each task must still
    // run once, and the caller must not wait for a done count that went past its task count
    const steps = 1500
    const one = await run(1, 40, 200, 9, steps)
    const three = await run(3, 40, 200, 9, steps)
    const sum = (t: number[]) => t.reduce((x, y) => x + y, 0)
    console.log(`tasks per thread: ${three.tasks.join(', ')}`)
    expect(sum(three.tasks)).toBe(sum(one.tasks))
    expect(three.mem).toEqual(one.mem)
  }, 60_000)
})
