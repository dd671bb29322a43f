import type { Particles } from '@shared/science/particles'

/**
 * Particles as the js backend lays them out in its memory: w in rows of dp = 8·⌈d/8⌉ floats
 * (zero-padded), then a (m), then b (m). Offsets are in floats.
 */
export function jsLayout(p: Particles, m: number, d: number) {
  const dp = Math.ceil(d / 8) * 8
  const mem = new Float32Array(m * dp + 2 * m)
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < d; j++) mem[i * dp + j] = p.w[i * d + j]
    mem[m * dp + i] = p.a[i]
    mem[m * dp + m + i] = p.b[i]
  }
  return { mem, dp, w: 0, a: m * dp, b: m * dp + m }
}
