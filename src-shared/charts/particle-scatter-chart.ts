import type { ChartConfiguration } from 'chart.js'
import { seriesColor, type ChartTheme } from './chart-theme'
import type { XYPoint } from './xy-point'

/** Particle parameters as flat arrays: a, b of length m, w row-major m×d. */
export interface ParticleArrays {
  m: number
  d: number
  a: ArrayLike<number>
  b: ArrayLike<number>
  w: ArrayLike<number>
}

/**
 * Which two coordinates of each particle θ_i = (a_i, b_i, w_i) the scatter shows. 's-r' is the
 * single-index projection (docs/science.md#pde): s = ⟨w, w*⟩/‖w*‖ along the planted direction (given as
 * the unit vector `unit`) and r = ‖P⊥w‖ across it.
 */
export type ParticleCoords =
  | { kind: 'w'; j: number; k: number }
  | { kind: 'a-norm' }
  | { kind: 'b-norm' }
  | { kind: 's-r'; unit: ArrayLike<number> }

/** Axis titles of a coordinate choice (0-based j, k shown 1-based as in the maths). */
export function coordTitles(c: ParticleCoords): { x: string; y: string } {
  if (c.kind === 'w') return { x: `w_${c.j + 1}`, y: `w_${c.k + 1}` }
  if (c.kind === 's-r') return { x: 's = ⟨wᵢ, w*⟩/‖w*‖', y: 'r = ‖P⊥wᵢ‖' }
  return { x: '‖wᵢ‖', y: c.kind === 'a-norm' ? 'aᵢ' : 'bᵢ' }
}

/** The unit vector w* / ‖w*‖ of a planted direction (for the 's-r' coordinates). */
export function unitDirection(planted: ArrayLike<number>): Float64Array {
  let n = 0
  for (let j = 0; j < planted.length; j++) n += planted[j] ** 2
  return Float64Array.from(planted, (v) => v / Math.sqrt(n))
}

/**
 * Writes the coordinates `c` of particle i into `out` (no allocation: called per particle per
 * redraw). Out-of-range w coordinates give NaN, which chart.js skips.
 */
export function particleXY(
  p: ParticleArrays,
  i: number,
  c: ParticleCoords,
  out: { x: number; y: number }
): void {
  if (c.kind === 'w') {
    out.x = c.j < p.d ? p.w[i * p.d + c.j] : NaN
    out.y = c.k < p.d ? p.w[i * p.d + c.k] : NaN
  } else if (c.kind === 's-r') {
    let dot = 0
    let norm2 = 0
    for (let j = 0; j < p.d; j++) {
      const v = p.w[i * p.d + j]
      dot += v * (c.unit[j] ?? 0)
      norm2 += v * v
    }
    out.x = dot
    // cancellation can leave a tiny negative number when w_i ∥ w*
    out.y = Math.sqrt(Math.max(0, norm2 - dot * dot))
  } else {
    out.x = particleNorm(p, i)
    out.y = c.kind === 'a-norm' ? p.a[i] : p.b[i]
  }
}

/** ‖w_i‖ of particle i. */
export function particleNorm(p: ParticleArrays, i: number): number {
  let s = 0
  for (let k = 0; k < p.d; k++) s += p.w[i * p.d + k] ** 2
  return Math.sqrt(s)
}

/**
 * Writes one point per particle into `points`, reusing its objects (the array is resized to m).
 * Out-of-range coordinates give NaN points, which chart.js skips. The cloud is not sorted: the scatter
 * config lets chart.js parse it (see particleScatterConfig).
 */
export function writeParticlePoints(points: XYPoint[], p: ParticleArrays, c: ParticleCoords): void {
  for (let i = 0; i < p.m; i++) {
    const pt = points[i] ?? { x: NaN, y: NaN }
    particleXY(p, i, c, pt)
    points[i] = pt
  }
  points.length = p.m
}

/**
 * A scatter config with one empty dataset for the particle cloud. Parsing stays on: with
 * `parsing: false` chart.js assumes x-sorted data (x range from the first and last point, visible
 * points by binary search) and would draw only part of a cloud; parsing is O(M), sorting O(M log M).
 */
export function particleScatterConfig(
  theme: ChartTheme,
  c: ParticleCoords,
  m = 1000
): ChartConfiguration<'scatter', XYPoint[]> {
  const t = coordTitles(c)
  return {
    type: 'scatter',
    data: {
      datasets: [
        {
          label: 'particles',
          data: [],
          backgroundColor: withAlpha(seriesColor(theme, 0), m > 5000 ? 0.35 : 0.7),
          borderWidth: 0,
          pointRadius: particleRadius(m)
        }
      ]
    },
    options: {
      animation: false,
      parsing: { xAxisKey: 'x', yAxisKey: 'y' },
      normalized: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: t.x, color: theme.text },
          ticks: { color: theme.text, maxRotation: 0 },
          grid: { color: theme.grid }
        },
        y: {
          type: 'linear',
          title: { display: true, text: t.y, color: theme.text },
          ticks: { color: theme.text },
          grid: { color: theme.grid }
        }
      },
      plugins: { legend: { display: false }, tooltip: { enabled: false } }
    }
  }
}

/** Dot radius in CSS pixels: big enough to see a few hundred particles, small for a dense cloud. */
export function particleRadius(m: number): number {
  return m <= 500 ? 3 : m <= 5000 ? 2 : 1.2
}

/** '#rrggbb' with an alpha → 'rgba(…)'; other colour strings pass through. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!m) return hex
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${alpha})`
}
