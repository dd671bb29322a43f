/**
 * Philox-4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a
 * counter-based generator, so the normal for (seed, step, particle, coordinate) is a pure function
 * of those four numbers. That is what lets the gpu.js kernels draw their Langevin noise in place
 * (engine/kernels/philox-normal.ts computes the same words with float-exact 16-bit limbs) and a
 * resumed run continue bit for bit from nothing but its step count.
 *
 * This file is the exact uint32 reference (known-answer tested against Random123's vectors) and
 * the float64 reference of the normals the kernels produce.
 */

/** The Philox-4x32 multipliers and Weyl key increments (Random123). */
export const PHILOX_M0 = 0xd2511f53
export const PHILOX_M1 = 0xcd9e8d57
export const PHILOX_W0 = 0x9e3779b9
export const PHILOX_W1 = 0xbb67ae85
/** Rounds of the standard Philox-4x32-10. */
export const PHILOX_ROUNDS = 10

/** The second key word of the engine's noise stream ('MFLB'); the first is the run's seed. */
export const NOISE_KEY1 = 0x4d464c42

/** High 32 bits of the 64-bit product of two uint32 (exact, through 16-bit halves). */
function mulhi32(a: number, b: number): number {
  const al = a & 0xffff
  const ah = a >>> 16
  const bl = b & 0xffff
  const bh = b >>> 16
  const ll = al * bl
  const lh = al * bh
  const hl = ah * bl
  const hh = ah * bh
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)
  return (hh + Math.floor(lh / 65536) + Math.floor(hl / 65536) + Math.floor(mid / 65536)) >>> 0
}

/** Philox-4x32-10 of counter (c0 … c3) under key (k0, k1): four uint32 words. */
export function philox4x32(
  ctr: readonly [number, number, number, number],
  key: readonly [number, number]
): Uint32Array {
  let [x0, x1, x2, x3] = ctr.map((v) => v >>> 0)
  let k0 = key[0] >>> 0
  let k1 = key[1] >>> 0
  for (let r = 0; r < PHILOX_ROUNDS; r++) {
    if (r > 0) {
      k0 = (k0 + PHILOX_W0) >>> 0
      k1 = (k1 + PHILOX_W1) >>> 0
    }
    const hi0 = mulhi32(PHILOX_M0, x0)
    const lo0 = Math.imul(PHILOX_M0, x0) >>> 0
    const hi1 = mulhi32(PHILOX_M1, x2)
    const lo1 = Math.imul(PHILOX_M1, x2) >>> 0
    ;[x0, x1, x2, x3] = [(hi1 ^ x1 ^ k0) >>> 0, lo1, (hi0 ^ x3 ^ k1) >>> 0, lo0]
  }
  return Uint32Array.of(x0, x1, x2, x3)
}

/**
 * The counter of the normal for (step, particle, coordinate): one Philox block serves four
 * consecutive coordinates, c = (⌊coord/4⌋, particle, step mod 2³², ⌊step/2³²⌋).
 */
export function noiseCounter(
  step: number,
  particle: number,
  coord: number
): [number, number, number, number] {
  return [Math.floor(coord / 4), particle, step % 2 ** 32, Math.floor(step / 2 ** 32)]
}

/**
 * A uniform on (0, 1) from the top 23 bits of a word: (k + ½)/2²³. 23 bits keep k + ½ exact in
 * float32, so the kernels and this reference see the same uniform; the price is a normal tail cut
 * at √(2·24·ln 2) ≈ 5.77 (probability ≈ 8e-9 per draw).
 */
export function wordUniform(word: number): number {
  return (Math.floor((word >>> 0) / 512) + 0.5) / 2 ** 23
}

/**
 * The standard normal the engine's kernels draw for (seed, step, particle, coordinate), in
 * float64: Box–Muller on the block's words, coordinate lane ℓ = coord mod 4 taking
 * r₀₁·cos φ₁, r₀₁·sin φ₁, r₂₃·cos φ₃, r₂₃·sin φ₃ with r = √(−2 ln u) and φ = 2πu − π (the
 * angle in [−π, π), where WGSL's sin and cos are accurate).
 */
export function philoxNormal(seed: number, step: number, particle: number, coord: number): number {
  const w = philox4x32(noiseCounter(step, particle, coord), [seed >>> 0, NOISE_KEY1])
  const lane = coord % 4
  const pair = lane < 2 ? 0 : 2
  const r = Math.sqrt(-2 * Math.log(wordUniform(w[pair])))
  const angle = 2 * Math.PI * wordUniform(w[pair + 1]) - Math.PI
  return lane % 2 === 0 ? r * Math.cos(angle) : r * Math.sin(angle)
}
