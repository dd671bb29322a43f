import {
  particleXY,
  type ParticleArrays,
  type ParticleCoords
} from '@shared/charts/particle-scatter-chart'
import type { XYPoint } from '@shared/charts/xy-point'

/**
 * Most particles the live scatter draws. chart.js draws each point as its own arc (≈ 1–2 µs each on
 * a loaded machine), so 5000 keeps an update well inside a 16 ms frame; a wider network shows an
 * evenly strided subset, an unbiased sample since the particles are exchangeable.
 */
export const SCATTER_MAX_POINTS = 5000

/**
 * The scatter's point array, rewritten in place from each particle snapshot and sorted by x, so the
 * chart can run with `parsing: false` (chart.js then takes the x range from the first and last
 * point and finds visible points by binary search, which needs x-sorted data). Points with a NaN x
 * go last; chart.js skips non-finite values.
 */
export class ScatterPoints {
  private xs = new Float64Array(0)
  private ys = new Float64Array(0)
  private keys = new Float64Array(0)
  private keyBits = new Uint32Array(0)
  /** Particles drawn by the last `write` (≤ SCATTER_MAX_POINTS). */
  drawn = 0

  /** `points` is the dataset's own array (its objects are reused). */
  private readonly xy = { x: NaN, y: NaN }

  constructor(readonly points: XYPoint[]) {}

  /** Writes min(m, max) points of snapshot `p` in coordinates `c`, sorted by x; returns that count. */
  write(p: ParticleArrays, c: ParticleCoords, max = SCATTER_MAX_POINTS): number {
    const n = Math.min(p.m, Math.max(1, max))
    if (this.xs.length < n) {
      this.xs = new Float64Array(n)
      this.ys = new Float64Array(n)
      this.keys = new Float64Array(n)
      this.keyBits = new Uint32Array(this.keys.buffer)
    }
    const { xs, ys, keys } = this
    for (let k = 0; k < n; k++) {
      const i = n === p.m ? k : Math.floor((k * p.m) / n)
      particleXY(p, i, c, this.xy)
      const { x, y } = this.xy
      xs[k] = x
      ys[k] = y
      keys[k] = x
    }
    // Argsort without a comparator (a native numeric sort is ~10× faster): each key is x with its
    // index k in the lowest mantissa bits, which moves x by < 2⁻³⁹ relative (ties stay ties). The low
    // 32-bit word comes first on little-endian machines, the only ones Chromium and Electron run on.
    const lo = this.keyBits
    const mask = (1 << Math.max(1, Math.ceil(Math.log2(n)))) - 1
    for (let k = 0; k < n; k++) lo[2 * k] = (lo[2 * k] & ~mask) | k
    keys.subarray(0, n).sort()
    const pts = this.points
    for (let j = 0; j < n; j++) {
      const k = lo[2 * j] & mask
      const pt = pts[j]
      if (pt) {
        pt.x = xs[k]
        pt.y = ys[k]
      } else pts.push({ x: xs[k], y: ys[k] })
    }
    pts.length = n
    this.drawn = n
    return n
  }

  /** Empties the point array. */
  clear(): void {
    this.points.length = 0
    this.drawn = 0
  }
}
