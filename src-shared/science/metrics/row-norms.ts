/** Euclidean norms of the m rows of a row-major m×d matrix, e.g. ‖w_i‖ of the particles. */
export function rowNorms(w: Float64Array, m: number, d: number): Float64Array {
  const out = new Float64Array(m)
  for (let i = 0; i < m; i++) {
    let s = 0
    for (let j = 0; j < d; j++) s += w[i * d + j] ** 2
    out[i] = Math.sqrt(s)
  }
  return out
}
