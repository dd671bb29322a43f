import { Rng } from '../rng'

/** Eigen-decomposition of a symmetric n×n matrix: values ascending, column j ↔ values[j]. */
export interface SymmetricEigen {
  n: number
  /** Eigenvalues in ascending order. */
  values: Float64Array
  /** Row-major n×n; column j (vectors[i·n + j], i < n) is the unit eigenvector of values[j]. */
  vectors: Float64Array
}

/**
 * Cyclic Jacobi eigen-solver for a symmetric matrix (row-major n×n, only read): simple, and
 * accurate to a few ulps of ‖A‖. Cost ~10·n³, so meant for n up to a few hundred; beyond that use
 * `minEigenvalue`.
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
  const A = Float64Array.from(a)
  const V = new Float64Array(n * n)
  for (let i = 0; i < n; i++) V[i * n + i] = 1
  let norm = 0
  for (let i = 0; i < n * n; i++) norm += A[i] * A[i]
  const eps = 1e-30 * norm
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q] ** 2
    if (off <= eps || off === 0) break
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q]
        if (apq === 0) continue
        const theta = (A[q * n + q] - A[p * n + p]) / (2 * apq)
        // the smaller root of t² + 2θt − 1 = 0 keeps the rotation angle ≤ π/4
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p]
          const akq = A[k * n + q]
          A[k * n + p] = c * akp - s * akq
          A[k * n + q] = s * akp + c * akq
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k]
          const aqk = A[q * n + k]
          A[p * n + k] = c * apk - s * aqk
          A[q * n + k] = s * apk + c * aqk
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p]
          const vkq = V[k * n + q]
          V[k * n + p] = c * vkp - s * vkq
          V[k * n + q] = s * vkp + c * vkq
        }
      }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => A[i * n + i] - A[j * n + j])
  const values = Float64Array.from(order, (i) => A[i * n + i])
  const vectors = new Float64Array(n * n)
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) vectors[i * n + j] = V[i * n + order[j]]
  return { n, values, vectors }
}

/** Options of `minEigenvalue`. */
export interface MinEigenOptions {
  /** 'auto' (Jacobi up to n = 120, Lanczos above), 'jacobi' or 'lanczos'. */
  method?: 'auto' | 'jacobi' | 'lanczos'
  /** Stop when the residual ‖A v − θ v‖ ≤ tol · ‖A‖ (Lanczos). Default 1e-10. */
  tol?: number
}

/**
 * The smallest eigenvalue λ_min of a symmetric matrix (row-major n×n), e.g. λ_min(H(t)) of the NTK
 * Gram (docs/science.md#observables). Large n: Lanczos with full re-orthogonalisation from a fixed pseudo-random
 * start, restarted orthogonally on breakdown, until the smallest Ritz pair's residual is below
 * tol·‖A‖ (exact after n steps in exact arithmetic). Cost O(k·n² + k²·n) for k iterations, fine for
 * n ≤ 2000.
 */
export function minEigenvalue(a: ArrayLike<number>, n: number, opts: MinEigenOptions = {}): number {
  const method = opts.method ?? 'auto'
  if (method === 'jacobi' || (method === 'auto' && n <= 120)) return symmetricEigen(a, n).values[0]
  return lanczosMin(a, n, opts.tol ?? 1e-10)
}

function lanczosMin(a: ArrayLike<number>, n: number, tol: number): number {
  const rng = new Rng(0x5eed, 'lanczos')
  const Q: Float64Array[] = []
  const alpha: number[] = []
  const beta: number[] = []
  const fresh = () => {
    const v = new Float64Array(n)
    rng.fillNormal(v)
    orthogonalise(v, Q)
    orthogonalise(v, Q)
    const s = norm2(v)
    return v.map((x) => x / s)
  }
  let q = fresh()
  let theta = Infinity
  let normA = 0
  for (let k = 0; k < n; k++) {
    Q.push(q)
    const w = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      let s = 0
      for (let j = 0; j < n; j++) s += a[i * n + j] * q[j]
      w[i] = s
    }
    let ak = 0
    for (let i = 0; i < n; i++) ak += w[i] * q[i]
    alpha.push(ak)
    // full re-orthogonalisation (twice is enough) replaces the three-term recurrence
    orthogonalise(w, Q)
    orthogonalise(w, Q)
    let bk = norm2(w)
    const ritz = tridiagonalMin(alpha, beta)
    theta = ritz.value
    normA = Math.max(normA, ritz.spread, Math.abs(theta))
    if (k === n - 1) break
    if (k >= 1 && Math.abs(bk * ritz.lastComponent) <= tol * normA) break
    if (bk <= 1e-12 * normA) {
      // invariant subspace: continue in its orthogonal complement (T gets a zero coupling)
      q = fresh()
      bk = 0
    } else q = w.map((v) => v / bk)
    beta.push(bk)
  }
  return theta
}

/**
 * Smallest eigenvalue of the symmetric tridiagonal T (diagonal alpha, off-diagonal beta) by Sturm
 * bisection, and the last component of its unit eigenvector by inverse iteration just below it
 * (T − σI is then positive definite, so the LDLᵀ recursion is stable). `spread` bounds ‖T‖.
 */
function tridiagonalMin(
  alpha: number[],
  beta: number[]
): { value: number; lastComponent: number; spread: number } {
  const k = alpha.length
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < k; i++) {
    const r = (i > 0 ? Math.abs(beta[i - 1]) : 0) + (i + 1 < k ? Math.abs(beta[i]) : 0)
    lo = Math.min(lo, alpha[i] - r)
    hi = Math.max(hi, alpha[i] + r)
  }
  const spread = Math.max(Math.abs(lo), Math.abs(hi), 1e-300)
  // number of eigenvalues < x = number of negative pivots of T − xI
  const below = (x: number) => {
    let count = 0
    let d = 1
    for (let i = 0; i < k; i++) {
      d = alpha[i] - x - (i > 0 ? (beta[i - 1] * beta[i - 1]) / d : 0)
      if (d === 0) d = 1e-300
      if (d < 0) count++
    }
    return count
  }
  let a = lo
  let b = hi
  for (let it = 0; it < 200 && b - a > 4e-16 * spread; it++) {
    const mid = 0.5 * (a + b)
    if (below(mid) >= 1) b = mid
    else a = mid
  }
  const value = 0.5 * (a + b)
  if (k === 1) return { value, lastComponent: 1, spread }
  // solve (T − σI) x = e (all ones) with σ slightly below λ_min, twice, normalise
  const sigma = value - 1e-9 * spread
  let x = new Float64Array(k).fill(1)
  for (let rep = 0; rep < 2; rep++) {
    const d = new Float64Array(k)
    const y = new Float64Array(k)
    for (let i = 0; i < k; i++) {
      const l = i > 0 ? beta[i - 1] / d[i - 1] : 0
      d[i] = alpha[i] - sigma - (i > 0 ? l * beta[i - 1] : 0)
      y[i] = x[i] - (i > 0 ? l * y[i - 1] : 0)
    }
    const z = new Float64Array(k)
    for (let i = k - 1; i >= 0; i--) z[i] = (y[i] - (i + 1 < k ? beta[i] * z[i + 1] : 0)) / d[i]
    const s = norm2(z)
    x = z.map((v) => v / s)
  }
  return { value, lastComponent: x[k - 1], spread }
}

function orthogonalise(v: Float64Array, basis: Float64Array[]): void {
  for (const b of basis) {
    let dot = 0
    for (let i = 0; i < v.length; i++) dot += v[i] * b[i]
    for (let i = 0; i < v.length; i++) v[i] -= dot * b[i]
  }
}

function norm2(v: Float64Array): number {
  let s = 0
  for (let i = 0; i < v.length; i++) s += v[i] * v[i]
  return Math.sqrt(s)
}
