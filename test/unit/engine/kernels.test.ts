import { GPU } from 'gpu.js'
import { afterAll, describe, expect, it } from 'vitest'
import { KERNEL_FUNCTIONS, kernels } from '@shared/engine/kernels'
import { KERNEL_CHECK_BASE, relErr } from '@shared/engine/kernels/kernel-check'
import type { KernelSpec, StepConstants } from '@shared/engine/kernels/kernel-spec'
import { Rng } from '@shared/science/rng'
import { gpuModesHere } from './gpu-modes'

const here = await gpuModesHere()
for (const s of here.skipped) console.log(`kernels.test: skipping ${s}`)

const seed = Date.now() >>> 0
console.log(`kernels.test: input seed ${seed}`)

/** Small sizes with every shape feature: d not a multiple of 4, batch > 1, a noisy step with λ. */
const ACTIVATIONS: [string, Partial<StepConstants>][] = [
  ['truncated ReLU', { act: 6, kt0: 0.5, ks0: -2.5, kt1: 1.5, ks1: 7.5 }],
  ['tanh', { act: 1 }],
  ['relu', { act: 0 }],
  ['erf', { act: 3 }],
  ['tanh, host noise, b frozen', { act: 1, deviceNoise: 0, trainB: 0 }],
  ['tanh, batch 1, residual in the update', { act: 1, batch: 1, residualInside: 1 }],
  [
    'truncated ReLU, batch 1, residual in the update, host noise, a frozen',
    { batch: 1, residualInside: 1, deviceNoise: 0, trainA: 0 }
  ]
]
// the constants `mflab bench --check` uses; the cases above vary σ, noise and batch
const base = KERNEL_CHECK_BASE

const gpus: GPU[] = []
afterAll(async () => {
  for (const g of gpus) await g.destroy()
})

describe.each(here.modes)('gpu.js %s', (mode) => {
  const gpu = new GPU({ mode })
  gpus.push(gpu)
  const cases = kernels.flatMap((k) => ACTIVATIONS.map(([an, c]) => [k.name, an, k, c] as const))
  it.each(cases)('%s (%s) matches its float64 reference', async (_n, _a, k: KernelSpec, over) => {
    const c = { ...base, ...over }
    const inputs = k.sampleInputs(new Rng(seed, `${k.name}:${c.act}`), c)
    const kernel = gpu.createKernel(k.body, {
      output: k.output(c),
      constants: { ...c },
      functions: KERNEL_FUNCTIONS
    } as Parameters<GPU['createKernel']>[1])
    const got = (await kernel(...k.args.map((a) => inputs[a]))) as Float32Array
    const ref = k.reference(inputs, c)
    expect(got.length).toBe(ref.length)
    expect(relErr(got, ref)).toBeLessThan(k.relTol)
    const ran = (kernel as unknown as { kernel: { constructor: { mode?: string } } }).kernel
      .constructor.mode
    if (ran) expect(ran).toBe(mode)
  })
})
