import type { GPU } from 'gpu.js'
import { LANGEVIN_NOISE_FACTOR } from '../../science/sgd-step'
import { Rng } from '../../science/rng'
import { KERNEL_FUNCTIONS, kernels } from './index'
import type { KernelSpec, StepConstants } from './kernel-spec'
import { philoxNormal, referenceHalves } from './philox-normal'

/** One kernel checked against its float64 reference on one gpu.js mode. */
export interface KernelCheck {
  kernel: string
  case: string
  /** max |got − ref| / max |ref| (for the Philox words: the number of differing words). */
  error: number
  tolerance: number
  ok: boolean
  /** The mode the kernel actually ran on (gpu.js may degrade). */
  ran: string
}

/** Small sizes with every shape feature: d not a multiple of 4, batch > 1, noise, λ. */
export const KERNEL_CHECK_BASE: StepConstants = {
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
const CASES: [string, Partial<StepConstants>][] = [
  ['truncated ReLU', {}],
  ['relu', { act: 0 }],
  ['tanh, host noise, b frozen', { act: 1, deviceNoise: 0, trainB: 0 }],
  ['batch 1, residual in the update', { batch: 1, residualInside: 1 }]
]

/** max |got − ref| / max |ref|: float32 arithmetic against float64, at the scale of the output. */
export function relErr(got: ArrayLike<number>, ref: Float64Array): number {
  let err = 0
  let scale = 0
  for (let i = 0; i < ref.length; i++) {
    err = Math.max(err, Math.abs(got[i] - ref[i]))
    scale = Math.max(scale, Math.abs(ref[i]))
  }
  return err / (scale || 1)
}

const modeOf = (k: unknown) =>
  (k as { kernel?: { constructor?: { mode?: string } } }).kernel?.constructor?.mode ?? '?'

/**
 * Every kernel of the registry against its float64 reference on `gpu`'s mode, and the in-kernel
 * Philox words against the uint32 reference bit for bit: the check `mflab bench --check` runs on
 * a machine's GPU before timing it (the unit tests run the same records on the modes they have).
 */
export async function checkKernels(gpu: GPU, seed = 1): Promise<KernelCheck[]> {
  const rows: KernelCheck[] = []
  for (const k of kernels as readonly KernelSpec[])
    for (const [name, over] of CASES) {
      const c = { ...KERNEL_CHECK_BASE, ...over }
      const inputs = k.sampleInputs(new Rng(seed, `${k.name}:${name}`), c)
      const kernel = gpu.createKernel(k.body, {
        output: k.output(c),
        constants: { ...c },
        functions: KERNEL_FUNCTIONS
      } as Parameters<GPU['createKernel']>[1])
      const got = (await kernel(...k.args.map((a) => inputs[a]))) as Float32Array
      const error = relErr(got, k.reference(inputs, c))
      rows.push({
        kernel: k.name,
        case: name,
        error,
        tolerance: k.relTol,
        ok: error < k.relTol,
        ran: modeOf(kernel)
      })
      kernel.destroy?.()
    }
  const cells = 512
  const words = gpu.createKernel(
    function (this: { thread: { x: number } }, base: number) {
      const e = this.thread.x
      const cell = Math.floor(e / 8)
      return philoxNormal(
        4660,
        48879,
        base + cell,
        7,
        cell * 31,
        cell - Math.floor(cell / 13) * 13,
        e - cell * 8
      )
    } as unknown as Parameters<GPU['createKernel']>[0],
    { output: [cells * 8], functions: [philoxNormal] } as Parameters<GPU['createKernel']>[1]
  )
  const got = (await words(65000)) as Float32Array
  let differ = 0
  for (let cell = 0; cell < cells; cell++) {
    const want = referenceHalves(0xbeef1234, 7 * 65536 + 65000 + cell, cell * 31, cell % 13)
    for (let h = 0; h < 8; h++) if (got[cell * 8 + h] !== want[h]) differ++
  }
  rows.push({
    kernel: 'philox words',
    case: `${cells} blocks`,
    error: differ,
    tolerance: 1,
    ok: differ === 0,
    ran: modeOf(words)
  })
  words.destroy?.()
  return rows
}
