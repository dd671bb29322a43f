import { GPU } from 'gpu.js'
import { afterAll, describe, expect, it } from 'vitest'
import { philoxNormal, referenceHalves } from '@shared/engine/kernels/philox-normal'
import { makeActivation } from '@shared/science/activations'
import { philox4x32, philoxNormal as referenceNormal } from '@shared/science/philox'
import { meanError, moments, varianceError, Z } from '../science/sampling-bounds'
import { gpuModesHere } from './gpu-modes'

const here = await gpuModesHere()
for (const s of here.skipped) console.log(`philox-noise.test: skipping ${s}`)

const hex = (w: Uint32Array) => Array.from(w, (v) => v.toString(16).padStart(8, '0')).join(' ')

describe('Philox-4x32-10 reference', () => {
  it("matches Random123's known-answer vectors", () => {
    expect(hex(philox4x32([0, 0, 0, 0], [0, 0]))).toBe('6627e8d5 e169c58d bc57ac4c 9b00dbd8')
    const ones = 0xffffffff
    expect(hex(philox4x32([ones, ones, ones, ones], [ones, ones]))).toBe(
      '408f276d 41c83b0e a20bc7c6 6d5451fd'
    )
    expect(
      hex(philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0]))
    ).toBe('d16cfe09 94fdcceb 5001e420 24126ea1')
  })

  it('the float-limb helper, run as plain JS, gives the reference words and normals', () => {
    const seed = 0xfedc1234
    for (const [step, particle, coord] of [
      [0, 0, 0],
      [65535, 65536, 7],
      [2 ** 31 + 12345, 16_000_000, 4097],
      [2 ** 40 - 1, 3, 2]
    ]) {
      const lo = step % 65536
      const hi = Math.floor(step / 65536)
      const got = Array.from({ length: 8 }, (_, r) =>
        philoxNormal(seed & 0xffff, seed >>> 16, lo, hi, particle, coord, r)
      )
      expect(got).toEqual(referenceHalves(seed, step, particle, coord))
      const z = philoxNormal(seed & 0xffff, seed >>> 16, lo, hi, particle, coord, -1)
      expect(z).toBeCloseTo(referenceNormal(seed, step, particle, coord), 12)
    }
  })
})

/** Φ(x), from the science erf. */
const erf = makeActivation({ kind: 'erf' })
const Phi = (x: number) => 0.5 * (1 + erf.value(x / Math.SQRT2))

/** Kolmogorov–Smirnov distance of the sample to N(0, 1). */
function ksDistance(values: Float32Array): number {
  const v = Float64Array.from(values).sort()
  let dist = 0
  for (let i = 0; i < v.length; i++) {
    const f = Phi(v[i])
    dist = Math.max(dist, Math.abs(f - i / v.length), Math.abs((i + 1) / v.length - f))
  }
  return dist
}

/** Pearson correlation of x[k] and y[k]. */
function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const mx = moments(x).mean
  const my = moments(y).mean
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let k = 0; k < x.length; k++) {
    sxy += (x[k] - mx) * (y[k] - my)
    sxx += (x[k] - mx) ** 2
    syy += (y[k] - my) ** 2
  }
  return sxy / Math.sqrt(sxx * syy)
}

// a grid of STEPS × PARTICLES × COORDS normals: index ((s·P) + i)·C + c
const STEPS = 16
const PARTICLES = 257
const COORDS = 42
const N = STEPS * PARTICLES * COORDS
const SEED = 20251205

const gpus: GPU[] = []
afterAll(async () => {
  for (const g of gpus) await g.destroy()
})

describe.each(here.modes)('in-kernel Philox normals on gpu.js %s', (mode) => {
  const gpu = new GPU({ mode })
  gpus.push(gpu)
  const opts = {
    output: [N],
    constants: { p: PARTICLES, c: COORDS, seedLo: SEED & 0xffff, seedHi: SEED >>> 16 },
    functions: [philoxNormal]
  } as Parameters<GPU['createKernel']>[1]
  type This = {
    thread: { x: number }
    constants: { p: number; c: number; seedLo: number; seedHi: number }
  }

  it('the integer words are bit-identical to the uint32 reference', async () => {
    const k = gpu.createKernel(
      function (this: This, stepBase: number) {
        const e = this.thread.x
        const r = e - Math.floor(e / 8) * 8
        const cell = Math.floor(e / 8)
        const coord = cell - Math.floor(cell / this.constants.c) * this.constants.c
        const particle = Math.floor(cell / this.constants.c)
        return philoxNormal(
          this.constants.seedLo,
          this.constants.seedHi,
          stepBase + particle,
          3,
          particle,
          coord,
          r
        )
      } as unknown as Parameters<GPU['createKernel']>[0],
      { ...opts, output: [8 * 40 * COORDS] }
    )
    const got = (await k(65500)) as Float32Array
    for (let cell = 0; cell < 40 * COORDS; cell++) {
      const particle = Math.floor(cell / COORDS)
      const step = 3 * 65536 + 65500 + particle
      const want = referenceHalves(SEED, step, particle, cell % COORDS)
      expect(Array.from(got.subarray(cell * 8, cell * 8 + 8))).toEqual(want)
    }
  })

  const normals = async (): Promise<Float32Array> => {
    const k = gpu.createKernel(
      function (this: This) {
        const e = this.thread.x
        const perStep = this.constants.p * this.constants.c
        const s = Math.floor(e / perStep)
        const rest = e - s * perStep
        const i = Math.floor(rest / this.constants.c)
        return philoxNormal(
          this.constants.seedLo,
          this.constants.seedHi,
          s,
          0,
          i,
          rest - i * this.constants.c,
          -1
        )
      } as unknown as Parameters<GPU['createKernel']>[0],
      opts
    )
    return (await k()) as Float32Array
  }

  it('normals: float64 reference within float32 rounding, N(0,1) mean, variance and KS', async () => {
    const z = await normals()
    for (let e = 0; e < N; e += 997) {
      const s = Math.floor(e / (PARTICLES * COORDS))
      const rest = e % (PARTICLES * COORDS)
      const ref = referenceNormal(SEED, s, Math.floor(rest / COORDS), rest % COORDS)
      expect(Math.abs(z[e] - ref)).toBeLessThan(1e-5 * Math.max(1, Math.abs(ref)))
    }
    const m = moments(z)
    expect(Math.abs(m.mean)).toBeLessThan(Z * meanError(1, N))
    expect(Math.abs(m.variance - 1)).toBeLessThan(Z * varianceError(1, N))
    // KS: P(√n·D > 1.95) ≈ 0.001 for a correct sampler; the stream is fixed, so this is decided once
    expect(Math.sqrt(N) * ksDistance(z)).toBeLessThan(1.95)
  })

  it('no correlation between consecutive steps, particles or coordinates', async () => {
    const z = await normals()
    const at = (s: number, i: number, c: number) => z[(s * PARTICLES + i) * COORDS + c]
    const pairs = (shift: [number, number, number]) => {
      const x: number[] = []
      const y: number[] = []
      for (let s = 0; s + shift[0] < STEPS; s++)
        for (let i = 0; i + shift[1] < PARTICLES; i++)
          for (let c = 0; c + shift[2] < COORDS; c++) {
            x.push(at(s, i, c))
            y.push(at(s + shift[0], i + shift[1], c + shift[2]))
          }
      return correlation(x, y) * Math.sqrt(x.length)
    }
    // √n·ρ is ≈ N(0, 1) for independent pairs; the lanes of one Box–Muller pair (c, c+1) are
    // uncorrelated too (cos and sin of one angle)
    for (const shift of [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 2],
      [0, 0, 4]
    ] as [number, number, number][])
      expect(Math.abs(pairs(shift)), `shift ${shift}`).toBeLessThan(Z)
  })
})
