import { GPU } from 'gpu.js'
import { afterAll, describe, expect, it } from 'vitest'
import { KERNEL_FUNCTIONS, kernels } from '@shared/engine/kernels'
import type { KernelSpec, StepConstants } from '@shared/engine/kernels/kernel-spec'
import { Rng } from '@shared/science/rng'
import { LANGEVIN_NOISE_FACTOR } from '@shared/science/sgd-step'
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
const base: StepConstants = {
  m: 37,
  d: 5,
  batch: 3,
  alpha: 1.7,
  lambda: 0.3,
  invBeta: 0.01,
  noiseFactor: LANGEVIN_NOISE_FACTOR,
  act: 6,
  kt0: 0.5,
  ks0: -2.5,
  kt1: 1.5,
  ks1: 7.5,
  trainA: 1,
  trainB: 1,
  trainW: 1,
  deviceNoise: 1,
  seedLo: 0xbeef,
  seedHi: 0x1234,
  residualInside: 0
}

/** max |got − ref| / max |ref|: float32 arithmetic against float64, at the scale of the output. */
function relErr(got: ArrayLike<number>, ref: Float64Array): number {
  let err = 0
  let scale = 0
  for (let i = 0; i < ref.length; i++) {
    err = Math.max(err, Math.abs(got[i] - ref[i]))
    scale = Math.max(scale, Math.abs(ref[i]))
  }
  return err / (scale || 1)
}

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
