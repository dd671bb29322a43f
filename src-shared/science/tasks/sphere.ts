import type { Rng } from '../rng'

/**
 * Fills out[offset … offset + d − 1] with a point uniform on the sphere of radius `radius` in R^d.
 */
export function drawOnSphere(
  rng: Rng,
  out: Float64Array,
  offset: number,
  d: number,
  radius: number
): void {
  let norm2 = 0
  // A zero vector has probability 0 but would divide by zero: redraw.
  while (norm2 === 0) {
    norm2 = 0
    for (let j = 0; j < d; j++) {
      const g = rng.normal()
      out[offset + j] = g
      norm2 += g * g
    }
  }
  const scale = radius / Math.sqrt(norm2)
  for (let j = 0; j < d; j++) out[offset + j] *= scale
}
