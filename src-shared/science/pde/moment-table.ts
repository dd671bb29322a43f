import type { GaussianMoments } from './gaussian-moments'

/**
 * α_k(s) and α_k′(s) for k = 0, 2, 4, …, 2J, tabulated on a uniform grid s ∈ [0, sMax] and read
 * back by cubic Hermite interpolation (values from α and α′, slopes from α′ and a central
 * difference of α′). The closed forms cost a few erf/exp calls each; the particle scheme calls them
 * ~10⁸ times, the table once per grid point. Beyond sMax it falls back to the exact functions.
 */
export class EvenMomentTable {
  readonly orders: number
  readonly sMax: number
  private readonly h: number
  private readonly n: number
  private readonly val: Float64Array[]
  private readonly der: Float64Array[]
  private readonly der2: Float64Array[]

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
    this.val = []
    this.der = []
    this.der2 = []
    for (let j = 0; j < orders; j++) {
      const k = 2 * j
      const v = new Float64Array(points + 1)
      const d1 = new Float64Array(points + 1)
      const d2 = new Float64Array(points + 1)
      for (let i = 0; i <= points; i++) {
        const s = i * this.h
        v[i] = moments.hermite(k, s)
        d1[i] = moments.hermiteDerivative(k, s)
        const eps = Math.max(1e-6 * s, 1e-7)
        const lo = Math.max(s - eps, 0)
        d2[i] =
          (moments.hermiteDerivative(k, s + eps) - moments.hermiteDerivative(k, lo)) /
          (s + eps - lo)
      }
      this.val.push(v)
      this.der.push(d1)
      this.der2.push(d2)
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
}
