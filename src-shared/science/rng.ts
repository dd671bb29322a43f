/**
 * Seeded random streams that do not depend on the backend: xoshiro128** seeded through splitmix32,
 * one independent stream per (seed, stream name). Normals by Box–Muller from two uniforms.
 */
export class Rng {
  private s0: number
  private s1: number
  private s2: number
  private s3: number
  private spare: number | null = null

  /** A generator for `seed` and a named stream ('init', 'data', 'test', 'noise', …). */
  constructor(seed: number, stream = '') {
    let h = (seed >>> 0) ^ 0x9e3779b9
    for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x85ebca6b)
    const next = () => {
      h = (h + 0x9e3779b9) | 0
      let z = h
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.s0 = next()
    this.s1 = next()
    this.s2 = next()
    this.s3 = next()
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1
  }

  /** A uniform 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0
    const t = this.s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= this.s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = rotl(this.s3, 11)
    return result
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    return (this.nextU32() * 2 ** 21 + (this.nextU32() >>> 11)) / 2 ** 53
  }

  /** Standard normal N(0, 1). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare
      this.spare = null
      return s
    }
    let u = 0
    while (u === 0) u = this.uniform()
    const v = this.uniform()
    const r = Math.sqrt(-2 * Math.log(u))
    this.spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }

  /** ±1 with probability ½ each. */
  sign(): number {
    return this.nextU32() & 1 ? 1 : -1
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n)
  }

  /** Fills `out` with N(mean, std²) draws and returns it. */
  fillNormal(out: Float64Array | Float32Array, mean = 0, std = 1): typeof out {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal()
    return out
  }

  /** The state, to checkpoint a stream (4 words + the cached normal). */
  save(): number[] {
    return [this.s0, this.s1, this.s2, this.s3, this.spare ?? NaN]
  }

  /** Restores a state from save(). */
  restore(st: readonly number[]): void {
    ;[this.s0, this.s1, this.s2, this.s3] = st.slice(0, 4).map((v) => v | 0)
    this.spare = Number.isNaN(st[4]) ? null : st[4]
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}
