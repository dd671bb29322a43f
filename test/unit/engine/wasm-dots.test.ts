import '../../../src-main/wasm-flags'
import { describe, expect, it } from 'vitest'
import { hasRelaxedSimd, type MaddKind } from '@shared/engine/backends/wasm-features'
import { createWasmDots, wasmDotsBytes } from '@shared/engine/backends/wasm-dots'
import { Rng } from '@shared/science/rng'

const seed = Date.now() >>> 0
console.log(`wasm-dots.test: input seed ${seed}`)

/** A memory image: w (m×dp), x (dp), out (m), b (m), a (m), float32, rows padded with zeros. */
function setup(m: number, d: number, kind: MaddKind) {
  const dp = Math.ceil(d / 8) * 8
  const W = 0
  const X = m * dp
  const OUT = X + dp
  const B = OUT + m
  const A = B + m
  const wd = createWasmDots((A + m) * 4, kind)
  if (!wd) throw new Error('no wasm SIMD here')
  const f = new Float32Array(wd.memory.buffer)
  const rng = new Rng(seed, `${m}x${d}`)
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < d; j++) f[W + i * dp + j] = rng.normal() / Math.sqrt(d)
    f[B + i] = 0.5 * rng.normal()
    f[A + i] = rng.normal()
  }
  for (let j = 0; j < d; j++) f[X + j] = 1.5 * rng.normal()
  const dot = (i: number) => {
    let s = 0
    for (let j = 0; j < d; j++) s += f[W + i * dp + j] * f[X + j]
    return s
  }
  return { wd, f, dp, W, X, OUT, B, A, dot, blocks: dp / 8 }
}

const sigma = (t: number) => (t <= 0.5 ? -2.5 : t >= 1.5 ? 7.5 : -2.5 + 10 * (t - 0.5))

// the fused path where the runtime has relaxed SIMD (Node 20 with the CLI's flag, Electron 45)
const KINDS: MaddKind[] = hasRelaxedSimd() ? ['plain', 'fma'] : ['plain']

describe.each(KINDS)('hand-assembled wasm SIMD module, %s multiply-add', (kind) => {
  it('is valid WebAssembly and instantiates with that multiply-add', () => {
    expect(WebAssembly.validate(wasmDotsBytes(kind))).toBe(true)
    expect(createWasmDots(65536, kind)!.madd).toBe(kind)
  })

  it.each([
    [1, 1],
    [13, 5],
    [800, 40],
    [7, 17]
  ])('dots: %i rows × d=%i match float64 dot products', (m, d) => {
    const s = setup(m, d, kind)
    s.wd.dots(s.W * 4, s.X * 4, s.OUT * 4, m, s.blocks)
    for (let i = 0; i < m; i++) expect(Math.abs(s.f[s.OUT + i] - s.dot(i))).toBeLessThan(1e-5)
  })

  // quads of particles share each block of x; m % 4 rows go one at a time
  it.each([
    [1, 8],
    [3, 5],
    [4, 16],
    [9, 3],
    [14, 17],
    [800, 40]
  ])('forwardPwl: %i particles × d=%i give pre = b + ⟨w,x⟩ and Σ a σ(pre)', (m, d) => {
    const s = setup(m, d, kind)
    const f = s.wd.forwardPwl(
      s.W * 4,
      s.X * 4,
      s.OUT * 4,
      m,
      s.blocks,
      s.B * 4,
      s.A * 4,
      0.5,
      1.5,
      -2.5,
      10
    )
    let ref = 0
    let scale = 0
    for (let i = 0; i < m; i++) {
      const t = s.f[s.B + i] + s.dot(i)
      expect(Math.abs(s.f[s.OUT + i] - t)).toBeLessThan(1e-5)
      ref += s.f[s.A + i] * sigma(s.f[s.OUT + i])
      scale += Math.abs(s.f[s.A + i] * sigma(t))
    }
    expect(Math.abs(f - ref)).toBeLessThan(1e-6 * scale)
  })

  it.each([7, 1, 6, 0])('updatePwl (flags %i) moves a, b, w as the step formula says', (flags) => {
    const m = 50
    const d = 11
    const s = setup(m, d, kind)
    const pre = s.OUT
    for (let i = 0; i < m; i++) s.f[pre + i] = 2 * (i / m) // half the particles in (0.5, 1.5)
    const before = Float32Array.from(s.f)
    const gr = 0.013
    s.wd.updatePwl(
      s.W * 4,
      s.X * 4,
      pre * 4,
      s.A * 4,
      s.B * 4,
      m,
      s.blocks,
      gr,
      0.5,
      1.5,
      -2.5,
      10,
      flags
    )
    let moved = 0
    for (let i = 0; i < m; i++) {
      const t = before[pre + i]
      const ai = before[s.A + i]
      const a = flags & 1 ? ai + gr * sigma(t) : ai
      expect(s.f[s.A + i]).toBeCloseTo(a, 6)
      const c = t > 0.5 && t < 1.5 ? gr * ai * 10 : 0
      if (c !== 0) moved++
      expect(s.f[s.B + i]).toBeCloseTo(flags & 2 ? before[s.B + i] + c : before[s.B + i], 6)
      for (let j = 0; j < s.dp; j++) {
        const w0 = before[s.W + i * s.dp + j]
        const w = flags & 4 ? w0 + c * before[s.X + j] : w0
        expect(s.f[s.W + i * s.dp + j]).toBeCloseTo(w, 6)
      }
    }
    expect(moved).toBeGreaterThan(10)
  })
  it.each([7, 5, 4, 3])(
    'updateNoisyPwl (flags %i) is the Langevin step decay·θ + gradient + temp·g of float64',
    (flags) => {
      const m = 50
      const d = 11
      const s = setup(m, d, kind)
      const pre = s.OUT
      // normals after everything: g_a (m), g_b (m), g_w (m×d unpadded) and 8 floats of slack
      const NA = Math.ceil((s.A + m) / 4) * 4
      const NB = NA + m
      const NW = NB + m
      const bytes = (NW + m * d + 8) * 4
      if (bytes > s.wd.memory.buffer.byteLength)
        s.wd.memory.grow(Math.ceil((bytes - s.wd.memory.buffer.byteLength) / 65536))
      const f = new Float32Array(s.wd.memory.buffer)
      const rng = new Rng(seed, `noisy${flags}`)
      for (let i = 0; i < m; i++) f[pre + i] = 2 * (i / m)
      for (let k = NA; k < NW + m * d + 8; k++) f[k] = rng.normal()
      const before = Float32Array.from(f)
      const [gr, decay, temp] = [0.013, 0.98, 0.05]
      // prettier-ignore
      s.wd.updateNoisyPwl(
        s.W * 4, s.X * 4, pre * 4, s.A * 4, s.B * 4, m, s.blocks, gr, 0.5, 1.5, -2.5, 10, flags,
        decay, temp, NA * 4, NB * 4, NW * 4, d
      )
      // float32 inputs, a few float32 roundings per coordinate
      const close = (got: number, want: number, scale: number) =>
        expect(Math.abs(got - want)).toBeLessThan(1e-6 * (1 + scale))
      for (let i = 0; i < m; i++) {
        const t = before[pre + i]
        const ai = before[s.A + i]
        const a = flags & 1 ? decay * ai + gr * sigma(t) + temp * before[NA + i] : ai
        close(f[s.A + i], a, Math.abs(a))
        const c = t > 0.5 && t < 1.5 ? gr * ai * 10 : 0
        const b0 = before[s.B + i]
        const b = flags & 2 ? decay * b0 + c + temp * before[NB + i] : b0
        close(f[s.B + i], b, Math.abs(b))
        for (let j = 0; j < d; j++) {
          const w0 = before[s.W + i * s.dp + j]
          const w =
            flags & 4 ? decay * w0 + c * before[s.X + j] + temp * before[NW + i * d + j] : w0
          close(f[s.W + i * s.dp + j], w, Math.abs(w))
        }
      }
    }
  )
})
