/**
 * A fast stream of standard normals for the Langevin noise of the particle dynamics: four
 * interleaved xoshiro128** generators (one per SIMD lane) and Box–Muller in float32, so a
 * WebAssembly f32x4 kernel (engine/backends/wasm-normals.ts) can draw four pairs at a time. This
 * file is its definition and its plain-JS twin: every float operation is rounded to float32
 * (Math.fround) in the same order as the kernel, so both give the same numbers bit for bit, and a
 * run's noise does not depend on whether wasm SIMD is there.
 *
 * One group of 8 normals per step of the four generators: lane l draws u1, u2 (32 bits each) and
 * gives z0 = r·cos θ (output 8g + l) and z1 = r·sin θ (output 8g + 4 + l), with
 * - r = √(−2 ln x), x = (⌊u1 / 2⁸⌋ + 1)·2⁻²⁴ ∈ (0, 1]; ln x = e·ln 2 + 2 atanh((m − 1)/(m + 1)) for
 *   x = 2ᵉ·m, m ∈ (√½, √2] (odd series to s⁷: error < 3·10⁻⁸, below float32 rounding);
 * - θ uniform on the circle: the top 3 bits of u2 pick the octant (swap cos and sin, and the two
 *   signs), the next 24 bits a uniform angle φ ∈ [0, π/4), cos φ and sin φ by Taylor series to φ⁸
 *   and φ⁹ (error < 3·10⁻⁸).
 * The float32 uniform caps |z| at √(2·24 ln 2) ≈ 5.77: the law beyond 5.77σ (probability 8·10⁻⁹)
 * is cut, far below what a Langevin step resolves. A fill draws whole groups; the normals of the
 * last group that `out` has no room for are dropped, so a fill of n costs ⌈n/8⌉ groups and the
 * stream's state after a fill depends only on the fills' lengths.
 */
export class NormalStream {
  /** xoshiro128** states, word-major: s0 of lanes 0..3, then s1, s2, s3 (int32). */
  readonly state = new Int32Array(16)
  /**
   * Fills `count` normals (a multiple of 8) into the stream's own buffer and returns them; a
   * faster filler (wasm) may be installed with {@link NormalStream.accelerate}.
   */
  private filler: ((state: Int32Array, count: number) => Float32Array) | null = null
  private buffer = new Float32Array(0)

  /** The stream for `seed` and a stream name, seeded like science/rng.ts (splitmix32 of both). */
  constructor(seed: number, stream = '') {
    let h = (seed >>> 0) ^ 0x9e3779b9
    for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x85ebca6b)
    // a distinct sequence from Rng's for the same name: 16 words, mixed once more
    h = Math.imul(h ^ 0x5bd1e995, 0x27d4eb2d)
    for (let k = 0; k < 16; k++) {
      h = (h + 0x9e3779b9) | 0
      let z = h
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      this.state[k] = z ^ (z >>> 16)
    }
    for (let l = 0; l < 4; l++)
      if ((this.state[l] | this.state[4 + l] | this.state[8 + l] | this.state[12 + l]) === 0)
        this.state[l] = 1
  }

  /**
   * Uses `fill` (same contract as {@link fillNormalGroups}, returning a view of its own memory) to
   * draw; it must give the same numbers as the JS twin (the wasm kernel's tests check it).
   */
  accelerate(fill: (state: Int32Array, count: number) => Float32Array): this {
    this.filler = fill
    return this
  }

  /** Whether an accelerated filler draws the numbers. */
  get accelerated(): boolean {
    return this.filler !== null
  }

  /**
   * The next ⌈n/8⌉ groups as a float32 view of length ≥ n, valid until the next call (it may be
   * the wasm kernel's memory: read it, do not keep it).
   */
  next(n: number): Float32Array {
    const count = Math.ceil(n / 8) * 8
    if (this.filler) return this.filler(this.state, count)
    if (this.buffer.length < count) this.buffer = new Float32Array(count)
    fillNormalGroups(this.state, this.buffer, count)
    return this.buffer
  }

  /** Fills `out` with the next out.length normals (see the class comment for partial groups). */
  fillNormal(out: Float32Array | Float64Array): typeof out {
    const z = this.next(out.length)
    for (let i = 0; i < out.length; i++) out[i] = z[i]
    return out
  }

  /** The state, to checkpoint the stream (16 words). */
  save(): number[] {
    return Array.from(this.state)
  }

  /**
   * Restores a state from save(). A checkpoint of a version whose noise came from science/rng.ts
   * (5 numbers) restarts the stream from a seed mixed from those words: such a run resumes with
   * fresh noise of the same law, deterministically.
   */
  restore(st: readonly number[]): void {
    if (st.length === 16) {
      for (let k = 0; k < 16; k++) this.state[k] = st[k] | 0
      return
    }
    let h = 0x2545f491
    for (const v of st) h = Math.imul(h ^ (Number.isFinite(v) ? v | 0 : 0x7fc00000), 0x85ebca6b)
    this.state.set(new NormalStream(h >>> 0, 'resumed').state)
  }
}

/** Float32 constants of the kernel (the wasm module embeds the same values). */
export const NORMAL_CONSTANTS = {
  sqrt2: Math.fround(Math.SQRT2),
  ln2: Math.fround(Math.LN2),
  // 2 atanh s = 2s + (2/3)s³ + (2/5)s⁵ + (2/7)s⁷
  log: [2, 2 / 3, 2 / 5, 2 / 7].map(Math.fround),
  // sin φ = φ(1 − φ²/3! + φ⁴/5! − φ⁶/7! + φ⁸/9!), cos φ = 1 − φ²/2! + φ⁴/4! − φ⁶/6! + φ⁸/8!
  sin: [1, -1 / 6, 1 / 120, -1 / 5040, 1 / 362880].map(Math.fround),
  cos: [1, -1 / 2, 1 / 24, -1 / 720, 1 / 40320].map(Math.fround),
  // 24-bit integer → φ ∈ [0, π/4)
  angle: Math.fround(Math.PI / 4 / 2 ** 24),
  unit: 2 ** -24
} as const

const f32 = new Float32Array(1)
const i32 = new Int32Array(f32.buffer)

/**
 * The JS twin of the wasm kernel: `count` (a multiple of 8) normals into out[0..count), advancing
 * `state` (16 words, see NormalStream.state).
 */
export function fillNormalGroups(
  state: Int32Array,
  out: Float32Array | Float64Array,
  count: number
): void {
  const fr = Math.fround
  const C = NORMAL_CONSTANTS
  const [l0, l1, l2, l3] = C.log
  const [s0c, s1c, s2c, s3c, s4c] = C.sin
  const [c0c, c1c, c2c, c3c, c4c] = C.cos
  for (let g = 0; g < count; g += 8)
    for (let lane = 0; lane < 4; lane++) {
      const u1 = nextLane(state, lane)
      const u2 = nextLane(state, lane)
      // x = (u1 >>> 8) + 1) · 2⁻²⁴, exact in float32; split x = 2^e · m
      f32[0] = ((u1 >>> 8) + 1) * C.unit
      const bits = i32[0]
      let e = (bits >> 23) - 127
      i32[0] = (bits & 0x7fffff) | 0x3f800000
      let m = f32[0]
      if (m > C.sqrt2) {
        m = fr(m * 0.5)
        e += 1
      }
      const s = fr(fr(m - 1) / fr(m + 1))
      const z = fr(s * s)
      const p = fr(s * fr(l0 + fr(z * fr(l1 + fr(z * fr(l2 + fr(z * l3)))))))
      const lnx = fr(fr(e * C.ln2) + p)
      const r = fr(Math.sqrt(fr(lnx * -2)))
      // φ from bits 5..28 of u2, the octant from bits 29..31
      const phi = fr(((u2 & 0x1fffffff) >>> 5) * C.angle)
      const q = fr(phi * phi)
      const sn = fr(
        phi * fr(s0c + fr(q * fr(s1c + fr(q * fr(s2c + fr(q * fr(s3c + fr(q * s4c))))))))
      )
      const cs = fr(c0c + fr(q * fr(c1c + fr(q * fr(c2c + fr(q * fr(c3c + fr(q * c4c))))))))
      const swap = (u2 >>> 29) & 1
      let x0 = swap ? sn : cs
      let x1 = swap ? cs : sn
      if ((u2 >>> 30) & 1) x0 = -x0
      if (u2 >>> 31) x1 = -x1
      out[g + lane] = fr(r * x0)
      out[g + 4 + lane] = fr(r * x1)
    }
}

/** One xoshiro128** output of lane `l` (int32 bits), advancing its state. */
function nextLane(st: Int32Array, l: number): number {
  const s0 = st[l]
  const s1 = st[4 + l]
  const s2 = st[8 + l]
  const s3 = st[12 + l]
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9)
  const t = s1 << 9
  const n2 = s2 ^ s0
  const n3 = s3 ^ s1
  st[4 + l] = s1 ^ n2
  st[l] = s0 ^ n3
  st[8 + l] = n2 ^ t
  st[12 + l] = rotl(n3, 11)
  return result
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}
