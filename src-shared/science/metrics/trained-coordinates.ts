import type { Particles } from '../particles'

/**
 * Which parameter groups of θ_i = (a_i, b_i, w_i) a metric looks at (the trained ones, usually).
 */
export interface ParameterGroups {
  a: boolean
  b: boolean
  w: boolean
}

/** Number of coordinates per particle in the chosen groups: [a] + [b] + d·[w]. */
export function groupDim(d: number, groups: ParameterGroups): number {
  return (groups.a ? 1 : 0) + (groups.b ? 1 : 0) + (groups.w ? d : 0)
}

/**
 * The particles as points in R^D, D = groupDim(d, groups): row-major M×D with the columns a, b,
 * w_1..w_d (those of the chosen groups, in that order). The cloud whose entropy the free energy
 * needs.
 */
export function trainedCoordinates(p: Particles, groups: ParameterGroups): Float64Array {
  const { m, d } = p
  const dim = groupDim(d, groups)
  const out = new Float64Array(m * dim)
  for (let i = 0; i < m; i++) {
    let c = i * dim
    if (groups.a) out[c++] = p.a[i]
    if (groups.b) out[c++] = p.b[i]
    if (groups.w) for (let j = 0; j < d; j++) out[c++] = p.w[i * d + j]
  }
  return out
}
