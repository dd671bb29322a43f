import type { GaussianMoments } from './gaussian-moments'

/**
 * α_k(s) and α_k′(s) for k = 0, 2, 4, …, 2J, tabulated on a uniform grid s ∈ [0, sMax] and read
 * back by cubic Hermite interpolation (values from α and α′, slopes from α′ and a central
 * difference of α′). The closed forms cost a few erf/exp calls each; the particle scheme calls them
 * ~10⁸ times, the table once per grid point. Beyond sMax it falls back to the exact functions.
 * Grid points are filled in on first use, as one range that grows (a run's radii cover a small
 * part of [0, sMax]); each point's numbers do not depend on when it is filled.
 *
 * The particle scheme's loops (`locate`, `sumValues`, `addSlopeCombination`) read the same cubics
 * from their power form a₀ + a₁u + a₂u² + a₃u³ per grid interval, all orders of an interval side
 * by side: a few loads and one Horner step per order instead of the basis weights over three
 * grids (the same interpolant up to rounding, ~1e-16; test/unit/science/pde/radial-pde-fast.test.ts
 * holds the scheme to the basis form).
 */
export class EvenMomentTable {
  readonly orders: number
  readonly sMax: number
  private readonly h: number
  private readonly n: number
  private readonly val: Float64Array[] = []
  private readonly der: Float64Array[] = []
  private readonly der2: Float64Array[] = []
  /** Power-form cubics of α_{2j} on interval i at [4·(i·orders + j) + p], p = 0..3. */
  private readonly valuePoly: Float64Array
  /** Power-form cubics of α′_{2j}, same layout. */
  private readonly slopePoly: Float64Array
  /** sumValues' per-interval bins Σu^p (all zeros between calls). */
  private readonly bins: Float64Array
  /** addSlopeCombination's weighted cubic per interval, valid where `combined` holds its epoch. */
  private readonly cubics: Float64Array
  /** The addSlopeCombination call (epoch) that last wrote each interval's cubic. */
  private readonly combined: Int32Array
  private epoch = 0
  /** Intervals [filledLo, filledHi) have their grid points and power forms filled in. */
  private filledLo = 0
  private filledHi = 0

  /**
   * @param moments the exact moments
   * @param orders J + 1: tabulates α_0, α_2, …, α_{2J}
   * @param sMax upper end of the grid; `points` grid intervals
   */
  constructor(
    private readonly moments: GaussianMoments,
    orders: number,
    sMax: number,
    points = 2048
  ) {
    this.orders = orders
    this.sMax = sMax
    this.n = points
    this.h = sMax / points
    for (let j = 0; j < orders; j++) {
      this.val.push(new Float64Array(points + 1))
      this.der.push(new Float64Array(points + 1))
      this.der2.push(new Float64Array(points + 1))
    }
    this.valuePoly = new Float64Array(4 * orders * points)
    this.slopePoly = new Float64Array(4 * orders * points)
    this.bins = new Float64Array(4 * points)
    this.cubics = new Float64Array(4 * points)
    this.combined = new Int32Array(points)
  }

  /** Fills in intervals lo..hi (and the grid points at their ends) where not yet filled. */
  private fill(lo: number, hi: number): void {
    if (lo >= this.filledLo && hi < this.filledHi) return
    if (this.filledHi === this.filledLo) {
      this.fillIntervals(lo, hi + 1, true)
      this.filledLo = lo
      this.filledHi = hi + 1
      return
    }
    if (lo < this.filledLo) {
      this.fillIntervals(lo, this.filledLo, false)
      this.filledLo = lo
    }
    if (hi >= this.filledHi) {
      this.fillIntervals(this.filledHi, hi + 1, false)
      this.filledHi = hi + 1
    }
  }

  /**
   * Grid points and power forms of intervals [from, to), next to the filled range (its end point
   * there is filled already) unless `fresh`.
   */
  private fillIntervals(from: number, to: number, fresh: boolean): void {
    const { moments, h, orders } = this
    const first = fresh || from < this.filledLo ? from : from + 1
    const last = fresh || from >= this.filledHi ? to : to - 1
    for (let j = 0; j < orders; j++) {
      const k = 2 * j
      const v = this.val[j]
      const d1 = this.der[j]
      const d2 = this.der2[j]
      for (let i = first; i <= last; i++) {
        const s = i * h
        v[i] = moments.hermite(k, s)
        d1[i] = moments.hermiteDerivative(k, s)
        const eps = Math.max(1e-6 * s, 1e-7)
        const lo = Math.max(s - eps, 0)
        d2[i] =
          (moments.hermiteDerivative(k, s + eps) - moments.hermiteDerivative(k, lo)) /
          (s + eps - lo)
      }
    }
    for (let i = from; i < to; i++)
      for (let j = 0; j < orders; j++) {
        const o = 4 * (i * orders + j)
        powerForm(this.val[j], this.der[j], i, h, this.valuePoly, o)
        powerForm(this.der[j], this.der2[j], i, h, this.slopePoly, o)
      }
  }

  /** Writes α_{2j}(s) to value[offset + j] and α_{2j}′(s) to slope[offset + j], j < orders. */
  evaluate(s: number, value: Float64Array, slope: Float64Array, offset = 0): void {
    if (!(s < this.sMax) || s < 0) {
      for (let j = 0; j < this.orders; j++) {
        value[offset + j] = this.moments.hermite(2 * j, s)
        slope[offset + j] = this.moments.hermiteDerivative(2 * j, s)
      }
      return
    }
    const x = s / this.h
    const i = Math.min(Math.floor(x), this.n - 1)
    this.fill(i, i)
    const u = x - i
    const h = this.h
    const u2 = u * u
    const u3 = u2 * u
    const h00 = 2 * u3 - 3 * u2 + 1
    const h10 = u3 - 2 * u2 + u
    const h01 = -2 * u3 + 3 * u2
    const h11 = u3 - u2
    for (let j = 0; j < this.orders; j++) {
      const v = this.val[j]
      const d1 = this.der[j]
      const d2 = this.der2[j]
      value[offset + j] = h00 * v[i] + h10 * h * d1[i] + h01 * v[i + 1] + h11 * h * d1[i + 1]
      slope[offset + j] = h00 * d1[i] + h10 * h * d2[i] + h01 * d1[i + 1] + h11 * h * d2[i + 1]
    }
  }

  /**
   * Finds the grid interval and offset of every s = scale·x_k (into `at`, reused between calls),
   * for `sumValues` and `addSlopeCombination` on the same points.
   */
  locate(scale: number, x: ArrayLike<number>, at: TablePoints): void {
    const n = x.length
    at.resize(n)
    const { index, offset } = at
    const sMax = this.sMax
    const inv = 1 / this.h
    const last = this.n - 1
    let lo = this.n
    let hi = -1
    for (let k = 0; k < n; k++) {
      const s = scale * x[k]
      if (!(s < sMax) || s < 0) {
        index[k] = -1
        offset[k] = s
        continue
      }
      const y = s * inv
      const i = Math.min(Math.floor(y), last)
      index[k] = i
      offset[k] = y - i
      if (i < lo) lo = i
      if (i > hi) hi = i
    }
    at.lo = lo
    at.hi = hi
    if (hi >= lo) this.fill(lo, hi)
  }

  /**
   * Adds Σ_k α_{2j}(s_k) over the located points to sums[o + j] for every order j (the particle
   * scheme's mean field, before dividing by N). The points are binned by grid interval first
   * (Σu^p, p = 0..3, per interval), so each order costs one 4-term product per occupied interval,
   * not per point.
   */
  sumValues(at: TablePoints, sums: Float64Array, o = 0): void {
    const J = this.orders
    const P = this.valuePoly
    const B = this.bins
    const { index, offset } = at
    // points come mostly sorted: add up a run of one interval in registers, then into B
    let cur = -1
    let b0 = 0
    let b1 = 0
    let b2 = 0
    let b3 = 0
    for (let k = 0; k < at.count; k++) {
      const i = index[k]
      if (i < 0) {
        for (let j = 0; j < J; j++) sums[o + j] += this.moments.hermite(2 * j, offset[k])
        continue
      }
      if (i !== cur) {
        if (cur >= 0) {
          B[4 * cur] += b0
          B[4 * cur + 1] += b1
          B[4 * cur + 2] += b2
          B[4 * cur + 3] += b3
        }
        cur = i
        b0 = b1 = b2 = b3 = 0
      }
      const u = offset[k]
      const u2 = u * u
      b0 += 1
      b1 += u
      b2 += u2
      b3 += u2 * u
    }
    if (cur >= 0) {
      B[4 * cur] += b0
      B[4 * cur + 1] += b1
      B[4 * cur + 2] += b2
      B[4 * cur + 3] += b3
    }
    for (let i = at.lo; i <= at.hi; i++) {
      const c0 = B[4 * i]
      if (c0 === 0) continue
      const c1 = B[4 * i + 1]
      const c2 = B[4 * i + 2]
      const c3 = B[4 * i + 3]
      B[4 * i] = B[4 * i + 1] = B[4 * i + 2] = B[4 * i + 3] = 0
      let p = 4 * i * J
      for (let j = 0; j < J; j++, p += 4)
        sums[o + j] += P[p] * c0 + P[p + 1] * c1 + P[p + 2] * c2 + P[p + 3] * c3
    }
  }

  /**
   * Adds factor · Σ_j weights[j] α′_{2j}(s_k) to out[k] for every located point (the particle
   * scheme's drift): the weighted cubics are summed once per grid interval that holds a point,
   * then each point costs one Horner step.
   */
  addSlopeCombination(
    at: TablePoints,
    weights: Float64Array,
    factor: number,
    out: Float64Array
  ): void {
    const J = this.orders
    const P = this.slopePoly
    const C = this.cubics
    const mark = this.combined
    const { index, offset } = at
    // C[4i..4i+3] holds this call's weighted cubic of interval i where mark[i] = epoch
    if (++this.epoch === 0x7fffffff) {
      mark.fill(0)
      this.epoch = 1
    }
    const epoch = this.epoch
    for (let k = 0; k < at.count; k++) {
      const i = index[k]
      const u = offset[k]
      if (i < 0) {
        let g = 0
        for (let j = 0; j < J; j++) g += weights[j] * this.moments.hermiteDerivative(2 * j, u)
        out[k] += factor * g
        continue
      }
      if (mark[i] !== epoch) {
        let p0 = 0
        let p1 = 0
        let p2 = 0
        let p3 = 0
        let p = 4 * i * J
        for (let j = 0; j < J; j++, p += 4) {
          const w = weights[j]
          p0 += w * P[p]
          p1 += w * P[p + 1]
          p2 += w * P[p + 2]
          p3 += w * P[p + 3]
        }
        C[4 * i] = p0
        C[4 * i + 1] = p1
        C[4 * i + 2] = p2
        C[4 * i + 3] = p3
        mark[i] = epoch
      }
      out[k] += factor * (C[4 * i] + u * (C[4 * i + 1] + u * (C[4 * i + 2] + u * C[4 * i + 3])))
    }
  }
}

/**
 * Points located on an EvenMomentTable's grid (`locate`): interval index (−1 beyond the grid, then
 * `offset` holds s itself) and offset u ∈ [0, 1] within it. Buffers grow as needed and are reused.
 */
export class TablePoints {
  index = new Int32Array(0)
  offset = new Float64Array(0)
  count = 0
  /** The lowest and highest interval any point is in (lo > hi: none). */
  lo = 0
  hi = -1

  resize(n: number): void {
    if (this.index.length < n) {
      this.index = new Int32Array(n)
      this.offset = new Float64Array(n)
    }
    this.count = n
  }
}

/**
 * The cubic Hermite interpolant of (f, f′) on [t_i, t_i + h] in power form of u = (s − t_i)/h,
 * written to out[o..o+3]: a₀ = f_i, a₁ = h f′_i, a₂ = 3(f_{i+1} − f_i) − h(2f′_i + f′_{i+1}),
 * a₃ = 2(f_i − f_{i+1}) + h(f′_i + f′_{i+1}).
 */
function powerForm(
  f: Float64Array,
  df: Float64Array,
  i: number,
  h: number,
  out: Float64Array,
  o: number
): void {
  const jump = f[i + 1] - f[i]
  out[o] = f[i]
  out[o + 1] = h * df[i]
  out[o + 2] = 3 * jump - h * (2 * df[i] + df[i + 1])
  out[o + 3] = -2 * jump + h * (df[i] + df[i + 1])
}
