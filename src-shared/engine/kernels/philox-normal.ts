import type { IKernelFunctionThis } from 'gpu.js'
import {
  NOISE_KEY1,
  noiseCounter,
  philox4x32,
  philoxNormal as referenceNormal
} from '../../science/philox'
import type { KernelSpec, StepConstants } from './kernel-spec'

/**
 * science/philox.ts's normal for (seed, step, particle, coordinate) as a gpu.js helper function, so
 * the step kernels draw their Langevin noise in place and nothing is drawn on the host.
 *
 * Why 16-bit limbs in floats: gpu.js keeps kernel numbers in float32 on webasm and webgpu and
 * passes bitwise operators through i32 with saturating conversion, so a uint32 word or a 32×32-bit
 * product cannot live in one variable. Every value here is an integer below 2²⁴ (exact in float32,
 * float64 and i32 alike): words are (low, high) 16-bit halves, the multipliers are split into
 * bytes (16-bit × 8-bit products stay below 2²⁴), and the 64-bit product is summed in 16-bit
 * columns with explicit carries. So the integer part is bit-identical on cpu, webasm and webgpu and
 * equal to philox4x32; only the Box–Muller step (log, cos, sin) rounds differently per mode.
 *
 * Arguments: the seed as 16-bit halves (keyLo, keyHi: not `seedLo`, since gpu.js cpu mode lets a
 * kernel constant of that name shadow a parameter); the step as stepLo + 65536·stepHi (stepLo may exceed
 * 65535: a pipeline passes the chunk's base and adds its step offset); particle < 2²⁴;
 * coord < 2¹⁸ (w: j < d, b: d, a: d + 1). raw ≥ 0 returns half `raw` of the output words
 * (x0 low, x0 high, x1 low, …; the tests' bit check), raw < 0 the normal.
 */
export function philoxNormal(
  keyLo: number,
  keyHi: number,
  stepLo: number,
  stepHi: number,
  particle: number,
  coord: number,
  raw: number
): number {
  const q = Math.floor(coord / 4)
  let x0l = q - Math.floor(q / 65536) * 65536
  let x0h = Math.floor(q / 65536)
  let x1l = particle - Math.floor(particle / 65536) * 65536
  let x1h = Math.floor(particle / 65536)
  const carry = Math.floor(stepLo / 65536)
  let x2l = stepLo - carry * 65536
  const sh = stepHi + carry
  let x2h = sh - Math.floor(sh / 65536) * 65536
  let x3l = Math.floor(sh / 65536)
  let x3h = 0
  let k0l = keyLo
  let k0h = keyHi
  let k1l = 19522
  let k1h = 19782
  let p = 0
  let t = 0
  let a0 = 0
  let a1 = 0
  let a2 = 0
  let a3 = 0
  let b0 = 0
  let b1 = 0
  let b2 = 0
  let b3 = 0
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      // key += (W0, W1) mod 2³², W0 = 0x9E3779B9, W1 = 0xBB67AE85
      k0l = k0l + 31161
      k0h = k0h + 40503 + Math.floor(k0l / 65536)
      k0l = k0l - Math.floor(k0l / 65536) * 65536
      k0h = k0h - Math.floor(k0h / 65536) * 65536
      k1l = k1l + 44677
      k1h = k1h + 47975 + Math.floor(k1l / 65536)
      k1l = k1l - Math.floor(k1l / 65536) * 65536
      k1h = k1h - Math.floor(k1h / 65536) * 65536
    }
    // (a3 a2 a1 a0) = M0 · x0, M0 = 0xD2511F53 = bytes 83, 31, 81, 210 (low first)
    p = x0l * 83
    t = Math.floor(p / 65536)
    a0 = p - t * 65536
    a1 = t
    p = x0l * 31
    t = Math.floor(p / 256)
    a0 = a0 + (p - t * 256) * 256
    a1 = a1 + t
    p = x0l * 81
    t = Math.floor(p / 65536)
    a1 = a1 + p - t * 65536
    a2 = t
    p = x0l * 210
    t = Math.floor(p / 256)
    a1 = a1 + (p - t * 256) * 256
    a2 = a2 + t
    p = x0h * 83
    t = Math.floor(p / 65536)
    a1 = a1 + p - t * 65536
    a2 = a2 + t
    p = x0h * 31
    t = Math.floor(p / 256)
    a1 = a1 + (p - t * 256) * 256
    a2 = a2 + t
    p = x0h * 81
    t = Math.floor(p / 65536)
    a2 = a2 + p - t * 65536
    a3 = t
    p = x0h * 210
    t = Math.floor(p / 256)
    a2 = a2 + (p - t * 256) * 256
    a3 = a3 + t
    t = Math.floor(a0 / 65536)
    a0 = a0 - t * 65536
    a1 = a1 + t
    t = Math.floor(a1 / 65536)
    a1 = a1 - t * 65536
    a2 = a2 + t
    t = Math.floor(a2 / 65536)
    a2 = a2 - t * 65536
    a3 = a3 + t
    // (b3 b2 b1 b0) = M1 · x2, M1 = 0xCD9E8D57 = bytes 87, 141, 158, 205
    p = x2l * 87
    t = Math.floor(p / 65536)
    b0 = p - t * 65536
    b1 = t
    p = x2l * 141
    t = Math.floor(p / 256)
    b0 = b0 + (p - t * 256) * 256
    b1 = b1 + t
    p = x2l * 158
    t = Math.floor(p / 65536)
    b1 = b1 + p - t * 65536
    b2 = t
    p = x2l * 205
    t = Math.floor(p / 256)
    b1 = b1 + (p - t * 256) * 256
    b2 = b2 + t
    p = x2h * 87
    t = Math.floor(p / 65536)
    b1 = b1 + p - t * 65536
    b2 = b2 + t
    p = x2h * 141
    t = Math.floor(p / 256)
    b1 = b1 + (p - t * 256) * 256
    b2 = b2 + t
    p = x2h * 158
    t = Math.floor(p / 65536)
    b2 = b2 + p - t * 65536
    b3 = t
    p = x2h * 205
    t = Math.floor(p / 256)
    b2 = b2 + (p - t * 256) * 256
    b3 = b3 + t
    t = Math.floor(b0 / 65536)
    b0 = b0 - t * 65536
    b1 = b1 + t
    t = Math.floor(b1 / 65536)
    b1 = b1 - t * 65536
    b2 = b2 + t
    t = Math.floor(b2 / 65536)
    b2 = b2 - t * 65536
    b3 = b3 + t
    // x ← (hi1 ⊕ x1 ⊕ k0, lo1, hi0 ⊕ x3 ⊕ k1, lo0)
    x0l = b2 ^ x1l ^ k0l
    x0h = b3 ^ x1h ^ k0h
    x1l = b0
    x1h = b1
    x2l = a2 ^ x3l ^ k1l
    x2h = a3 ^ x3h ^ k1h
    x3l = a0
    x3h = a1
  }
  if (raw >= 0) {
    if (raw === 0) return x0l
    if (raw === 1) return x0h
    if (raw === 2) return x1l
    if (raw === 3) return x1h
    if (raw === 4) return x2l
    if (raw === 5) return x2h
    if (raw === 6) return x3l
    return x3h
  }
  // uniforms (k + ½)/2²³ from the top 23 bits of a word; Box–Muller on the lane's pair
  const lane = coord - q * 4
  let u0 = (x0h * 128 + Math.floor(x0l / 512) + 0.5) / 8388608
  let u1 = (x1h * 128 + Math.floor(x1l / 512) + 0.5) / 8388608
  if (lane >= 2) {
    u0 = (x2h * 128 + Math.floor(x2l / 512) + 0.5) / 8388608
    u1 = (x3h * 128 + Math.floor(x3l / 512) + 0.5) / 8388608
  }
  // −ln u: near u = 1 from the series of −ln(1 − v), v = 1 − u exact (WGSL's log only promises an
  // absolute error of 2⁻²¹ on [½, 2], which the square root would blow up for small radii)
  const v = 1 - u0
  let nlog = -Math.log(u0)
  if (v < 0.0625) nlog = v * (1 + v * (0.5 + v * (1 / 3 + v * (0.25 + v * (0.2 + v / 6)))))
  const radius = Math.sqrt(2 * nlog)
  // cos φ and sin φ, φ = 2πu − π, from the half angle's Taylor polynomials (|φ/2| ≤ π/2: error
  // below 1e-11): WGSL only promises an absolute error of 2⁻¹¹ for sin and cos, and SwiftShader
  // uses that room; plain arithmetic rounds the same way on every mode
  const h = 3.141592653589793 * u1 - 1.5707963267948966
  const h2 = h * h
  const sinH =
    h *
    (1 +
      h2 *
        (-1 / 6 +
          h2 *
            (1 / 120 +
              h2 *
                (-1 / 5040 +
                  h2 *
                    (1 / 362880 +
                      h2 * (-1 / 39916800 + h2 * (1 / 6227020800 + h2 * (-1 / 1307674368000))))))))
  const cosH =
    1 +
    h2 *
      (-1 / 2 +
        h2 *
          (1 / 24 +
            h2 *
              (-1 / 720 +
                h2 *
                  (1 / 40320 +
                    h2 *
                      (-1 / 3628800 +
                        h2 * (1 / 479001600 + h2 * (-1 / 87178291200 + h2 / 20922789888000)))))))
  if (lane === 0 || lane === 2) return radius * (cosH * cosH - sinH * sinH)
  return radius * 2 * sinH * cosH
}

type Inputs = {
  step: Float32Array
  particle: Float32Array
  coord: Float32Array
  keyLo: number
  keyHi: number
}

/** The seed the kernel test's samples use: both halves above 2¹⁵. */
const TEST_SEED = 0x9a3c51e7

/**
 * The helper as a kernel of its own, for the registry: out[e] = the normal for (seed, step[e],
 * particle[e], coord[e]), steps < 2³² split into 16-bit halves in the kernel. Its float64
 * reference is science/philox.ts.
 */
function body(
  this: IKernelFunctionThis<StepConstants>,
  step: number[],
  particle: number[],
  coord: number[],
  keyLo: number,
  keyHi: number
): number {
  const e = this.thread.x
  const s = step[e]
  const hi = Math.floor(s / 65536)
  return philoxNormal(keyLo, keyHi, s - hi * 65536, hi, particle[e], coord[e], -1)
}

/** Sample counters: small, large (> 2²⁴ steps through the halves) and every lane. */
function sampleInputs(): Inputs {
  const n = 64
  const step = new Float32Array(n)
  const particle = new Float32Array(n)
  const coord = new Float32Array(n)
  for (let e = 0; e < n; e++) {
    // float32-exact steps: multiples of 2^8 below 2^32 once e is large
    step[e] = e < 32 ? e * 977 : ((e * 16_777_259) % 2 ** 24) * 256
    particle[e] = (e * 7919) % 5000
    coord[e] = e % 11
  }
  return { step, particle, coord, keyLo: TEST_SEED & 0xffff, keyHi: TEST_SEED >>> 16 }
}

export const philoxNormals: KernelSpec<Inputs> = {
  name: 'philoxNormal',
  body: body as KernelSpec['body'],
  args: ['step', 'particle', 'coord', 'keyLo', 'keyHi'],
  output: () => [64],
  reference: (v) =>
    Float64Array.from(v.step, (s, e) => referenceNormal(TEST_SEED, s, v.particle[e], v.coord[e])),
  // log/cos/sin in float32 on webasm and webgpu, against float64: ~1e-6 at |z| ≤ 5.8
  relTol: 1e-5,
  sampleInputs
}

/** The 8 halves (low first) of the reference words, for the bit check. */
export function referenceHalves(seed: number, step: number, particle: number, coord: number) {
  const w = philox4x32(noiseCounter(step, particle, coord), [seed >>> 0, NOISE_KEY1])
  return Array.from(w).flatMap((v) => [v & 0xffff, v >>> 16])
}
