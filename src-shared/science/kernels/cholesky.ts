/** A matrix the factorisation needs positive definite is not (numerically). */
export class LinearAlgebraError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LinearAlgebraError'
  }
}

/**
 * Cholesky factor L (row-major n×n, lower triangular) of a symmetric positive-definite A = L Lᵀ.
 * Throws LinearAlgebraError when A is not numerically positive definite.
 */
export function cholesky(a: ArrayLike<number>, n: number): Float64Array {
  const L = new Float64Array(n * n)
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j]
    for (let k = 0; k < j; k++) s -= L[j * n + k] ** 2
    if (!(s > 0))
      throw new LinearAlgebraError(`cholesky: matrix not positive definite (pivot ${j} = ${s})`)
    const ljj = Math.sqrt(s)
    L[j * n + j] = ljj
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j]
      for (let k = 0; k < j; k++) t -= L[i * n + k] * L[j * n + k]
      L[i * n + j] = t / ljj
    }
  }
  return L
}

/** Solves A x = b given the Cholesky factor L of A (forward then back substitution). */
export function choleskySolve(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = b[i]
    for (let k = 0; k < i; k++) s -= L[i * n + k] * y[k]
    y[i] = s / L[i * n + i]
  }
  const x = new Float64Array(n)
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k]
    x[i] = s / L[i * n + i]
  }
  return x
}

/** tr(A⁻¹) = ‖L⁻¹‖_F² from the Cholesky factor L of A (column-by-column forward substitution). */
export function choleskyInverseTrace(L: Float64Array, n: number): number {
  let total = 0
  const y = new Float64Array(n)
  for (let c = 0; c < n; c++) {
    // y = L⁻¹ e_c has zeros above row c
    for (let i = c; i < n; i++) {
      let s = i === c ? 1 : 0
      for (let k = c; k < i; k++) s -= L[i * n + k] * y[k]
      y[i] = s / L[i * n + i]
      total += y[i] * y[i]
    }
  }
  return total
}
