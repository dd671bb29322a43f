/** Coordinates of particles relative to a planted direction w* (docs/science.md#observables, seed 004). */
export interface PlantedProjection {
  /** s_i = ⟨w_i, w*⟩/‖w*‖, the signed component along w*. */
  s: Float64Array
  /** r_i = ‖P⊥ w_i‖ = √(‖w_i‖² − s_i²), the norm of the part orthogonal to w*. */
  r: Float64Array
}

/**
 * (s, r) of each row w_i of the row-major m×d matrix w, for the planted vector wStar (length d, ≠
 * 0).
 */
export function plantedProjection(
  w: Float64Array,
  m: number,
  d: number,
  wStar: Float64Array
): PlantedProjection {
  const unit = unitVector(wStar)
  const s = new Float64Array(m)
  const r = new Float64Array(m)
  for (let i = 0; i < m; i++) {
    let dot = 0
    let norm2 = 0
    for (let j = 0; j < d; j++) {
      const v = w[i * d + j]
      dot += v * unit[j]
      norm2 += v * v
    }
    s[i] = dot
    // Cancellation can leave a tiny negative number when w_i ∥ w*.
    r[i] = Math.sqrt(Math.max(0, norm2 - dot * dot))
  }
  return { s, r }
}

/**
 * max_i |cos(w_i, w*)| over the m rows of w: the best alignment of any neuron with w*. Of order
 * 1/√d for random directions (the lazy regime, seed 004). Rows with w_i = 0 count as cos = 0.
 */
export function maxAbsCosine(w: Float64Array, m: number, d: number, wStar: Float64Array): number {
  const { s, r } = plantedProjection(w, m, d, wStar)
  let best = 0
  for (let i = 0; i < m; i++) {
    const norm = Math.hypot(s[i], r[i])
    if (norm > 0) best = Math.max(best, Math.abs(s[i]) / norm)
  }
  return best
}

function unitVector(v: Float64Array): Float64Array {
  let n2 = 0
  for (let j = 0; j < v.length; j++) n2 += v[j] * v[j]
  if (!(n2 > 0)) throw new RangeError('the planted vector w* must be non-zero')
  const inv = 1 / Math.sqrt(n2)
  return v.map((x) => x * inv)
}
