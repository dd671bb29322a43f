import type { NormHistogram } from '../engine/simulation-types'

/**
 * The law of the neurons over time, the mean-field picture: the density of ‖wᵢ‖ as a heatmap with
 * time across and ‖w‖ up, built from a run's histograms, and the PDE's density (where the run
 * records it) as contour lines over it.
 */
export interface LawGrid {
  /** Time of each column (one per histogram). */
  times: number[]
  /** Edges of the common ‖w‖ bins (bins + 1), from 0 to the largest edge of any histogram. */
  edges: number[]
  /** density[c][j]: fraction of the particles in bin j at column c. */
  density: number[][]
  /** The PDE's fractions on the same bins, or null when the histograms carry none. */
  pde: number[][] | null
}

/** Spreads counts on `from` edges onto `to` edges in proportion to overlap, as fractions of the total. */
export function rebin(
  from: readonly number[],
  counts: readonly number[],
  to: readonly number[]
): number[] {
  const out = new Array<number>(to.length - 1).fill(0)
  const total = counts.reduce((s, c) => s + c, 0)
  if (!(total > 0)) return out
  for (let i = 0; i < counts.length; i++) {
    const lo = from[i]
    const hi = from[i + 1]
    const width = hi - lo
    if (!(counts[i] > 0)) continue
    for (let j = 0; j < out.length; j++) {
      const overlap = Math.min(hi, to[j + 1]) - Math.max(lo, to[j])
      if (overlap > 0) out[j] += (counts[i] / total) * (width > 0 ? overlap / width : 1)
    }
  }
  return out
}

/** The law over time from histograms (in step order), `timeOf` mapping a step to its time. */
export function lawGrid(
  histograms: readonly NormHistogram[],
  timeOf: (step: number) => number,
  bins = 40
): LawGrid {
  const top = Math.max(0, ...histograms.map((h) => h.edges[h.edges.length - 1] ?? 0))
  const edges = Array.from({ length: bins + 1 }, (_, j) => (top * j) / bins)
  const withPde = histograms.length > 0 && histograms.every((h) => h.pdeCounts?.length)
  return {
    times: histograms.map((h) => timeOf(h.step)),
    edges,
    density: histograms.map((h) => rebin(h.edges, h.counts, edges)),
    pde: withPde ? histograms.map((h) => rebin(h.edges, h.pdeCounts!, edges)) : null
  }
}

/** A contour segment in grid units: x = column index, y = bin index (bin centres at integers). */
export interface Segment {
  x1: number
  y1: number
  x2: number
  y2: number
}

/**
 * Marching squares over values[c][j] at `level`: the segments where the interpolated surface
 * crosses it (saddles split the default way).
 */
export function contourSegments(values: readonly (readonly number[])[], level: number): Segment[] {
  const out: Segment[] = []
  const t = (a: number, b: number) => (a === b ? 0.5 : (level - a) / (b - a))
  for (let c = 0; c + 1 < values.length; c++)
    for (let j = 0; j + 1 < values[c].length; j++) {
      const v00 = values[c][j]
      const v10 = values[c + 1][j]
      const v11 = values[c + 1][j + 1]
      const v01 = values[c][j + 1]
      // crossing points on the four edges of the cell, where the level lies between the corners
      const pts: [number, number][] = []
      if (v00 < level !== v10 < level) pts.push([c + t(v00, v10), j])
      if (v10 < level !== v11 < level) pts.push([c + 1, j + t(v10, v11)])
      if (v01 < level !== v11 < level) pts.push([c + t(v01, v11), j + 1])
      if (v00 < level !== v01 < level) pts.push([c, j + t(v00, v01)])
      for (let k = 0; k + 1 < pts.length; k += 2)
        out.push({ x1: pts[k][0], y1: pts[k][1], x2: pts[k + 1][0], y2: pts[k + 1][1] })
    }
  return out
}

/** The levels the PDE's density is contoured at: a quarter, half and three quarters of its peak. */
export function pdeLevels(pde: readonly (readonly number[])[]): number[] {
  const peak = Math.max(0, ...pde.flat())
  return peak > 0 ? [0.25, 0.5, 0.75].map((f) => f * peak) : []
}

/**
 * Each column scaled to its own peak: a law that spreads out over time stays visible beside the
 * concentrated one it started as (the picture compares shapes, not heights).
 */
export function perColumnPeak(values: readonly (readonly number[])[]): number[][] {
  return values.map((col) => {
    const peak = Math.max(0, ...col)
    return col.map((v) => (peak > 0 ? v / peak : 0))
  })
}

/** A colour of a sequential light-to-dark blue scale for v in [0, 1] (0: the background). */
export function heatColor(v: number): string {
  const x = Math.max(0, Math.min(1, v))
  const from = [247, 251, 255]
  const to = [8, 48, 107]
  const c = from.map((f, i) => Math.round(f + (to[i] - f) * Math.sqrt(x)))
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`
}

/** Pixel geometry of a drawn grid. */
export interface LawLayout {
  width: number
  height: number
  left: number
  right: number
  top: number
  bottom: number
}

/** The grid's frame: margins for the axis labels around the cells. */
export function lawLayout(width: number, height: number): LawLayout {
  return { width, height, left: 56, right: width - 12, top: 12, bottom: height - 40 }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
const fmt = (v: number) => String(Number(v.toPrecision(3)))

/**
 * The law over time as a standalone SVG: heatmap and PDE contours (dashed), each time's density
 * scaled to its peak, with axes and titles.
 */
export function lawHeatmapSvg(grid: LawGrid, width = 800, height = 400): string {
  const L = lawLayout(width, height)
  const cols = grid.density.length
  const bins = grid.edges.length - 1
  const cw = (L.right - L.left) / Math.max(1, cols)
  const bh = (L.bottom - L.top) / Math.max(1, bins)
  const parts: string[] = []
  perColumnPeak(grid.density).forEach((col, c) =>
    col.forEach((v, j) => {
      if (v <= 0) return
      const x = L.left + c * cw
      const y = L.bottom - (j + 1) * bh
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(cw + 0.5).toFixed(1)}" height="${(bh + 0.5).toFixed(1)}" fill="${heatColor(v)}"/>`
      )
    })
  )
  const pde = grid.pde ? perColumnPeak(grid.pde) : null
  if (pde)
    for (const level of pdeLevels(pde))
      for (const s of contourSegments(pde, level)) {
        const px = (x: number) => (L.left + (x + 0.5) * cw).toFixed(1)
        const py = (y: number) => (L.bottom - (y + 0.5) * bh).toFixed(1)
        parts.push(
          `<line x1="${px(s.x1)}" y1="${py(s.y1)}" x2="${px(s.x2)}" y2="${py(s.y2)}" stroke="#CC79A7" stroke-width="1.5" stroke-dasharray="4 3"/>`
        )
      }
  const t0 = grid.times[0] ?? 0
  const t1 = grid.times[grid.times.length - 1] ?? 0
  const top = grid.edges[grid.edges.length - 1] ?? 0
  const text = (x: number, y: number, s: string, anchor = 'middle') =>
    `<text x="${x}" y="${y}" font-size="12" font-family="sans-serif" text-anchor="${anchor}">${esc(s)}</text>`
  parts.push(
    `<rect x="${L.left}" y="${L.top}" width="${L.right - L.left}" height="${L.bottom - L.top}" fill="none" stroke="#59636e"/>`,
    text(L.left, L.bottom + 16, fmt(t0)),
    text(L.right, L.bottom + 16, fmt(t1)),
    text((L.left + L.right) / 2, L.bottom + 32, 'time t'),
    text(L.left - 6, L.bottom, '0', 'end'),
    text(L.left - 6, L.top + 10, fmt(top), 'end'),
    `<text transform="translate(16 ${(L.top + L.bottom) / 2}) rotate(-90)" font-size="12" font-family="sans-serif" text-anchor="middle">‖wᵢ‖</text>`
  )
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>${parts.join('')}</svg>\n`
  )
}
