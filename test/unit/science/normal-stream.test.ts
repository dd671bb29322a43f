import { describe, expect, it } from 'vitest'
import { createWasmNormals, wasmNormalsBytes } from '@shared/engine/backends/wasm-normals'
import { erf } from '@shared/science/activations'
import { fillNormalGroups, NormalStream } from '@shared/science/normal-stream'

/** N normals of (seed, name) from the wasm kernel (the step noise's path). */
function draw(seed: number, name: string, n: number): Float32Array {
  const k = createWasmNormals()!
  return new NormalStream(seed, name)
    .accelerate((s, c) => k.fill(s, c))
    .next(n)
    .slice(0, n)
}

describe('the normal stream: wasm kernel and JS twin', () => {
  it('the kernel is valid WebAssembly SIMD', () => {
    expect(WebAssembly.validate(wasmNormalsBytes())).toBe(true)
  })

  it.each([1, 7, 12345])(
    'seed %i: the wasm kernel gives the JS twin’s numbers bit for bit',
    (seed) => {
      const js = new NormalStream(seed, 'noise')
      const k = createWasmNormals()!
      const wasm = new NormalStream(seed, 'noise').accelerate((s, c) => k.fill(s, c))
      for (const n of [8, 800, 33_600, 3]) {
        const a = Float32Array.from(js.next(n).subarray(0, n))
        const b = Float32Array.from(wasm.next(n).subarray(0, n))
        expect(new Uint32Array(b.buffer)).toEqual(new Uint32Array(a.buffer))
        expect(Array.from(wasm.state)).toEqual(Array.from(js.state))
      }
    }
  )

  it('save and restore replay the stream; a fill drops the unused rest of its last group', () => {
    const s = new NormalStream(3, 'noise')
    const st = s.save()
    const first = s.fillNormal(new Float64Array(5))
    const after5 = s.save()
    s.restore(st)
    const eight = s.fillNormal(new Float64Array(8))
    expect(Array.from(eight.subarray(0, 5))).toEqual(Array.from(first))
    expect(s.save()).toEqual(after5)
  })

  it('streams of other seeds and names differ', () => {
    const a = draw(1, 'noise', 64)
    expect(draw(2, 'noise', 64)).not.toEqual(a)
    expect(draw(1, 'other', 64)).not.toEqual(a)
    expect(draw(1, 'noise', 64)).toEqual(a)
  })
})

describe('the normal stream: statistics (fixed seeds, 2·10⁶ draws)', () => {
  const N = 2_000_000
  const z = draw(20261205, 'noise', N)

  it('has mean 0, variance 1, skewness 0 and kurtosis 3 within 5 standard errors', () => {
    let m1 = 0
    let m2 = 0
    let m3 = 0
    let m4 = 0
    for (const v of z) {
      m1 += v
      m2 += v * v
      m3 += v * v * v
      m4 += v * v * v * v
    }
    ;[m1, m2, m3, m4] = [m1 / N, m2 / N, m3 / N, m4 / N]
    // standard errors of the sample moments of N(0, 1): √(1/N), √(2/N), √(15/N), √(96/N)
    expect(Math.abs(m1)).toBeLessThan(5 * Math.sqrt(1 / N))
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / N))
    expect(Math.abs(m3)).toBeLessThan(5 * Math.sqrt(15 / N))
    expect(Math.abs(m4 - 3)).toBeLessThan(5 * Math.sqrt(96 / N))
  })

  it('passes Kolmogorov–Smirnov against Φ at the 1 % level', () => {
    const s = Float64Array.from(z).sort()
    let D = 0
    for (let i = 0; i < N; i++) {
      const F = 0.5 * (1 + erf(s[i] / Math.SQRT2))
      D = Math.max(D, Math.abs(F - i / N), Math.abs(F - (i + 1) / N))
    }
    expect(D * Math.sqrt(N)).toBeLessThan(1.63)
  })

  it('has the normal tail masses beyond 2σ, 3σ and 4σ', () => {
    for (const t of [2, 3, 4]) {
      const p = 1 - erf(t / Math.SQRT2)
      let k = 0
      for (const v of z) if (Math.abs(v) > t) k++
      expect(Math.abs(k - N * p)).toBeLessThan(5 * Math.sqrt(N * p) + 1)
    }
  })

  it('has no correlation between neighbours, the pair of one draw, or lanes', () => {
    // lags 1 (lanes), 4 (cos/sin of one Box–Muller pair) and 8 (the next draw of a lane)
    for (const lag of [1, 4, 8]) {
      let c = 0
      for (let i = 0; i + lag < N; i++) c += z[i] * z[i + lag]
      expect(Math.abs(c / (N - lag))).toBeLessThan(5 / Math.sqrt(N))
    }
    // squares: the radius r is shared by a pair, so z0² and z1² are dependent only through r
    let c = 0
    for (let i = 0; i + 8 <= N; i += 8)
      for (let l = 0; l < 4; l++) c += (z[i + l] ** 2 - 1) * (z[i + 4 + l] ** 2 - 1)
    // for Box–Muller, E[(z0² − 1)(z1² − 1)] = E[r⁴ cos² sin²] − 1 = 8·(1/8) − 1 = 0
    expect(Math.abs(c / (N / 2))).toBeLessThan(5 * Math.sqrt(4 / (N / 2)))
  })

  it('the JS twin alone (no wasm) draws the same law', () => {
    const n = 200_000
    const out = new Float64Array(n)
    fillNormalGroups(new NormalStream(99, 'noise').state, out, n)
    let m2 = 0
    for (const v of out) m2 += v * v
    expect(Math.abs(m2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n))
  })
})
