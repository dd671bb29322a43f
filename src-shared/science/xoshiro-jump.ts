/**
 * Jump-ahead for the xoshiro128** lanes of the normal stream (normal-stream.ts): the state moves
 * by a linear map T over GF(2) (the ** scrambler only reads it), so T^D = Σ aᵢ Tⁱ with
 * Σ aᵢ xⁱ = x^D mod P(x), P the characteristic polynomial of T (degree 128). A jump by D is then
 * 128 steps of the generator and the xor of the states where aᵢ = 1, whatever D is; this is
 * Vigna's jump() with a polynomial for any distance instead of the fixed 2⁶⁴.
 *
 * Used to split one step's draw between two threads: the second thread starts where the first
 * one's groups end, and both give the numbers one thread would (engine/backends/normals-ahead.ts).
 *
 * P comes from Berlekamp–Massey on one output bit of the state sequence (T's characteristic
 * polynomial is primitive, so every non-zero sequence has it as minimal polynomial); the test
 * checks x^(2⁶⁴) mod P against the published jump constants of xoshiro128.
 */

let charPoly: bigint | null = null

/** P(x), the characteristic polynomial of the xoshiro128 state map (bit i: coefficient of xⁱ). */
export function xoshiro128CharPoly(): bigint {
  if (charPoly !== null) return charPoly
  const st = new Int32Array(16)
  st[0] = 0x12345679
  st[4] = 0x2468ace1 | 0
  st[8] = 0x0badf00d
  st[12] = 0x5eed1e55
  const n = 256
  const seq: number[] = []
  // one generator step is a jump by x¹ (bit 1 of word 0), whatever P is
  const step = Int32Array.of(2, 0, 0, 0)
  const scratch = new Int32Array(16)
  for (let i = 0; i < n; i++) {
    seq.push(st[0] & 1)
    jumpLanes(st, step, scratch)
  }
  // Berlekamp–Massey over GF(2): connection polynomial c (c₀ = 1), seq[i] = Σ_{j≥1} c_j seq[i−j]
  const c = [1]
  let b = [1]
  let len = 0
  let m = 1
  for (let i = 0; i < n; i++) {
    let disc = seq[i]
    for (let j = 1; j <= len; j++) disc ^= (c[j] ?? 0) & seq[i - j]
    if (disc === 0) {
      m++
      continue
    }
    const t = c.slice()
    const need = b.length + m
    while (c.length < need) c.push(0)
    for (let j = 0; j < b.length; j++) c[j + m] ^= b[j]
    if (2 * len <= i) {
      len = i + 1 - len
      b = t
      m = 1
    } else m++
  }
  if (len !== 128) throw new Error(`xoshiro128: minimal polynomial of degree ${len}, not 128`)
  // P(x) = x^128 · c(1/x)
  let p = BigInt(0)
  for (let j = 0; j <= 128; j++) if (c[j]) p |= BigInt(1) << BigInt(128 - j)
  charPoly = p
  return p
}

const ONE = BigInt(1)
const TOP = ONE << BigInt(128)

/** a·b mod P over GF(2) (a, b of degree < 128). */
function mulMod(a: bigint, b: bigint, p: bigint): bigint {
  let r = BigInt(0)
  for (let i = 127; i >= 0; i--) {
    r <<= ONE
    if (r & TOP) r ^= p
    if ((b >> BigInt(i)) & ONE) r ^= a
  }
  return r
}

/**
 * The jump polynomial for a distance of `distance` generator steps (any non-negative integer or
 * bigint): x^distance mod P as 4 words, bit b of word i the coefficient of x^(32i + b) (the layout
 * of xoshiro's published JUMP constants).
 */
export function jumpPolynomial(distance: number | bigint): Int32Array {
  const d = BigInt(distance)
  if (d < BigInt(0)) throw new RangeError('jumpPolynomial: negative distance')
  const p = xoshiro128CharPoly()
  let result = ONE
  let base = BigInt(2) // x
  for (let e = d; e > BigInt(0); e >>= ONE) {
    if (e & ONE) result = mulMod(result, base, p)
    base = mulMod(base, base, p)
  }
  const words = new Int32Array(4)
  for (let i = 0; i < 4; i++) words[i] = Number((result >> BigInt(32 * i)) & BigInt(0xffffffff)) | 0
  return words
}

/**
 * Moves all four lanes of `state` (16 words, word-major) forward by the distance of `poly`
 * (from {@link jumpPolynomial}), in place; `scratch` (16 words) is overwritten. Self-contained
 * (no references outside its body): it is also shipped as source to a helper thread.
 */
export function jumpLanes(state: Int32Array, poly: Int32Array, scratch: Int32Array): void {
  scratch.fill(0)
  for (let i = 0; i < 4; i++) {
    const word = poly[i]
    for (let bit = 0; bit < 32; bit++) {
      if ((word >>> bit) & 1) for (let k = 0; k < 16; k++) scratch[k] ^= state[k]
      for (let l = 0; l < 4; l++) {
        const s0 = state[l]
        const s1 = state[4 + l]
        const s2 = state[8 + l] ^ s0
        const s3 = state[12 + l] ^ s1
        state[4 + l] = s1 ^ s2
        state[l] = s0 ^ s3
        state[8 + l] = s2 ^ (s1 << 9)
        state[12 + l] = (s3 << 11) | (s3 >>> 21)
      }
    }
  }
  state.set(scratch)
}
