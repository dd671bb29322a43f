import { gaussHermite, normalPdf, type GaussRule } from './gaussian-quadrature'

/** Gauss–Legendre nodes and weights on [−1, 1] (Newton on P_n, Numerical Recipes `gauleg`). */
export function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n)
  const weights = new Float64Array(n)
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5))
    let pp = 0
    for (let it = 0; it < 100; it++) {
      let p1 = 1
      let p2 = 0
      for (let j = 0; j < n; j++) {
        const p3 = p2
        p2 = p1
        p1 = ((2 * j + 1) * z * p2 - j * p3) / (j + 1)
      }
      pp = (n * (z * p1 - p2)) / (z * z - 1)
      const z1 = z
      z = z1 - p1 / pp
      if (Math.abs(z - z1) < 1e-15) break
    }
    nodes[i] = -z
    nodes[n - 1 - i] = z
    weights[i] = 2 / ((1 - z * z) * pp * pp)
    weights[n - 1 - i] = weights[i]
  }
  return { nodes, weights }
}

/**
 * A rule E f(G) ≈ Σ weights[i] f(nodes[i]), G ~ N(0, 1), for an f with kinks at `breaks`:
 * Gauss–Hermite (order `order`) when there are none, else composite Gauss–Legendre (6 points per
 * panel; panel edges at ±1, ±2, ±3, ±4.5, ±7 and at the breaks; weights times φ). A kink costs
 * Gauss–Hermite its spectral accuracy (error ~ order^(−3/2)); the composite rule is accurate to
 * ~1e-9 for bounded smooth pieces (~1e-8 for e^g-growing ones). The mass beyond |g| = 7 (2.6e-12) is dropped.
 */
export function gaussianLineRule(breaks: readonly number[], order = 48): GaussRule {
  const inside = breaks.filter((b) => Math.abs(b) < 7)
  if (inside.length === 0) return gaussHermite(order)
  const fixed = [-7, -4.5, -3, -2, -1, 0, 1, 2, 3, 4.5, 7]
  const edges = [...new Set([...fixed, ...inside])].sort((a, b) => a - b)
  const gl = gaussLegendre(6)
  const nodes: number[] = []
  const weights: number[] = []
  for (let e = 0; e + 1 < edges.length; e++) {
    const panels = 1
    const h = edges[e + 1] - edges[e]
    for (let p = 0; p < panels; p++) {
      const mid = edges[e] + (p + 0.5) * h
      for (let k = 0; k < gl.nodes.length; k++) {
        const g = mid + 0.5 * h * gl.nodes[k]
        nodes.push(g)
        weights.push(0.5 * h * gl.weights[k] * normalPdf(g))
      }
    }
  }
  return { nodes: Float64Array.from(nodes), weights: Float64Array.from(weights) }
}
