import '../../../src-main/wasm-flags'
import { describe, expect, it } from 'vitest'
import { hasRelaxedSimd, type MaddKind } from '@shared/engine/backends/wasm-features'
import { createWasmGemm, wasmGemmBytes } from '@shared/engine/backends/wasm-gemm'
import { Rng } from '@shared/science/rng'

const seed = Date.now() >>> 0
console.log(`wasm-gemm.test: input seed ${seed}`)

// float32 products of length K summed in float32: error ≤ ~K·2⁻²⁴ relative to Σ|terms|
const TOL = 2e-6

/** σ(t) = c0 + κ·clamp(t, lo, hi) in float64, and σ′. */
function clampSigma(lo: number, hi: number, kappa: number, c0: number) {
  return {
    value: (t: number) => c0 + kappa * Math.min(hi, Math.max(lo, t)),
    deriv: (t: number) => (t > lo && t < hi ? kappa : 0)
  }
}

const activations: [string, number, number, number, number][] = [
  ['relu', 0, Infinity, 1, 0],
  ['truncated ReLU', 0.5, 1.5, 10, -7.5],
  ['identity', -Infinity, Infinity, 1, 0]
]

// the fused path where the runtime has relaxed SIMD (Node 20 with the CLI's flag, Electron 45)
const KINDS: MaddKind[] = hasRelaxedSimd() ? ['plain', 'fma'] : ['plain']

describe('relaxed SIMD', () => {
  it('is on in Node once the CLI flag is set, so the fused kernels are tested here', () => {
    expect(hasRelaxedSimd()).toBe(true)
  })
})

describe.each(KINDS)('hand-assembled wasm GEMM module, %s multiply-add', (kind) => {
  it('is valid WebAssembly and instantiates with that multiply-add', () => {
    expect(WebAssembly.validate(wasmGemmBytes(false, kind))).toBe(true)
    expect(createWasmGemm(65536, false, kind)!.madd).toBe(kind)
  })

  it.each([
    [1, 1, 8, 0],
    [3, 2, 16, 1],
    [5, 3, 64, 2]
  ])(
    'forward: %i sample quads × %i particle octets × dp=%i (σ #%i) match float64',
    (nq, no, dp, which) => {
      const [, lo, hi, kappa, c0] = activations[which]
      const sg = clampSigma(lo, hi, kappa, c0)
      const n = 4 * nq
      const m = 8 * no
      const ps = n + 4 // a stride larger than the samples, to check it is honoured
      const [XP, WP, B, A, FV] = [
        0,
        n * dp,
        n * dp + m * dp,
        n * dp + m * dp + m,
        n * dp + m * dp + 2 * m
      ]
      const PRE = FV + n * 4
      const g = createWasmGemm((PRE + 2 * no * ps * 4) * 4, false, kind)!
      const f = new Float32Array(g.memory.buffer)
      const rng = new Rng(seed, `fwd${nq}x${no}x${dp}`)
      const x = Array.from({ length: n * dp }, () => rng.normal())
      const w = Array.from({ length: m * dp }, () => rng.normal() / Math.sqrt(dp))
      for (let k = 0; k < n; k++)
        for (let j = 0; j < dp; j++) f[XP + ((k >> 2) * dp + j) * 4 + (k & 3)] = x[k * dp + j]
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < dp; j++) f[WP + ((i >> 3) * dp + j) * 8 + (i & 7)] = w[i * dp + j]
        f[B + i] = 0.5 * rng.normal()
        f[A + i] = rng.normal()
      }
      for (let k = 0; k < n * 4; k++) f[FV + k] = k // fv accumulates onto what is there
      g.forward(XP * 4, WP * 4, B * 4, A * 4, PRE * 4, FV * 4, nq, no, ps, dp, lo, hi, kappa, c0)
      for (let k = 0; k < n; k++) {
        let fk = 0
        let fabs = 0
        for (let i = 0; i < m; i++) {
          let t = f[B + i]
          let tabs = Math.abs(t)
          for (let j = 0; j < dp; j++) {
            t +=
              f[XP + ((k >> 2) * dp + j) * 4 + (k & 3)] * f[WP + ((i >> 3) * dp + j) * 8 + (i & 7)]
            tabs += Math.abs(x[k * dp + j] * w[i * dp + j])
          }
          const got = f[PRE + ((2 * (i >> 3) + ((i & 7) >> 2)) * ps + k) * 4 + (i & 3)]
          expect(Math.abs(got - t)).toBeLessThanOrEqual(TOL * dp * tabs + 1e-30)
          fk += f[A + i] * sg.value(t)
          fabs += Math.abs(f[A + i]) * (Math.abs(sg.value(t)) + Math.abs(kappa) * tabs)
        }
        const lanes = [0, 1, 2, 3].map((l) => f[FV + k * 4 + l] - (k * 4 + l))
        const sum = lanes[0] + lanes[1] + lanes[2] + lanes[3]
        expect(Math.abs(sum - fk)).toBeLessThanOrEqual(TOL * (m + dp) * fabs + 4 * TOL * n * 4)
      }
    }
  )

  it.each([
    [1, 8, 8, 0],
    [3, 16, 40, 1],
    [4, 264, 64, 0],
    [2, 24, 13, 2]
  ])(
    'masks, tables and sweep: %i particle quads × %i samples × d=%i (σ #%i) give ga, gb and Σ_k r σ′ x as float64 does',
    (ng, ns, d, which) => {
      const [, lo, hi, kappa, c0] = activations[which]
      const sg = clampSigma(lo, hi, kappa, c0)
      const m = 4 * ng
      const npan = Math.ceil(d / 32)
      const dpt = npan * 32
      const ngr = ns / 8
      const PRE = 0
      const Rr = PRE + m * ns
      const A = Rr + ns
      const XR = A + m
      const GA = XR + ns * dpt
      const GB = GA + m
      const BITS = GB + m
      const GW = BITS + ng * ngr * 4
      const TAB = GW + m * dpt
      const g = createWasmGemm((TAB + ngr * npan * 256 * 32) * 4, false, kind)!
      const f = new Float32Array(g.memory.buffer)
      const bits = new Int32Array(g.memory.buffer)
      const rng = new Rng(seed, `bwd${ng}x${ns}x${d}`)
      const pre = (i: number, k: number) => PRE + ((i >> 2) * ns + k) * 4 + (i & 3)
      const xAt = (k: number, j: number) => XR + k * dpt + j
      for (let i = 0; i < m; i++) {
        for (let k = 0; k < ns; k++) f[pre(i, k)] = 1 + 1.5 * rng.normal()
        f[A + i] = rng.normal()
        f[GA + i] = rng.normal()
        f[GB + i] = rng.normal()
        for (let j = 0; j < dpt; j++) f[GW + i * dpt + j] = rng.normal()
      }
      for (let k = 0; k < ns; k++) {
        f[Rr + k] = rng.normal()
        for (let j = 0; j < d; j++) f[xAt(k, j)] = rng.normal() // columns d..dpt stay 0
      }
      const before = f.slice()
      g.masks(PRE * 4, Rr * 4, A * 4, GA * 4, GB * 4, BITS * 4, ng, ns, lo, hi, kappa, c0)
      g.tables(XR * 4, Rr * 4, TAB * 4, ngr, dpt, npan)
      // two calls over particle ranges, as two tasks would run them
      const half = Math.floor(m / 2)
      if (half > 0) g.sweep(TAB * 4, BITS * 4, GW * 4, 0, half, ngr, npan, dpt * 4)
      g.sweep(TAB * 4, BITS * 4, GW * 4, half, m - half, ngr, npan, dpt * 4)
      for (let i = 0; i < m; i++) {
        let ga = before[GA + i]
        let gaAbs = Math.abs(ga)
        let gb = before[GB + i]
        let gbAbs = Math.abs(gb)
        const gw = Array.from({ length: dpt }, (_, j) => before[GW + i * dpt + j])
        const gwAbs = gw.map(Math.abs)
        for (let k = 0; k < ns; k++) {
          const t = before[pre(i, k)]
          const r = before[Rr + k]
          const active = t > lo && t < hi
          const bit = (bits[BITS + ((i >> 2) * ngr + (k >> 3)) * 4 + (i & 3)] >> (k & 7)) & 1
          expect(bit).toBe(active ? 1 : 0)
          ga += r * sg.value(t)
          gaAbs += Math.abs(r * sg.value(t))
          const c = r * before[A + i] * sg.deriv(t)
          gb += c
          gbAbs += Math.abs(c)
          if (!active) continue
          for (let j = 0; j < d; j++) {
            gw[j] += r * before[xAt(k, j)]
            gwAbs[j] += Math.abs(r * before[xAt(k, j)])
          }
        }
        expect(Math.abs(f[GA + i] - ga)).toBeLessThanOrEqual(TOL * ns * gaAbs)
        expect(Math.abs(f[GB + i] - gb)).toBeLessThanOrEqual(TOL * ns * gbAbs)
        for (let j = 0; j < dpt; j++)
          expect(Math.abs(f[GW + i * dpt + j] - gw[j])).toBeLessThanOrEqual(TOL * ns * gwAbs[j])
      }
      // the inputs are untouched
      for (let q = 0; q < GA; q++) expect(f[q]).toBe(before[q])
    }
  )
})
