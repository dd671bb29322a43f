import { describe, expect, it } from 'vitest'
import {
  contourSegments,
  lawGrid,
  lawHeatmapSvg,
  pdeLevels,
  rebin
} from '@shared/charts/law-heatmap'

describe('the law over time', () => {
  it('rebins counts by overlap, as fractions that sum to one', () => {
    const out = rebin([0, 1, 2], [1, 3], [0, 0.5, 1, 1.5, 2])
    expect(out).toEqual([0.125, 0.125, 0.375, 0.375])
  })

  it('puts every histogram on common bins with its time, and the PDE beside it', () => {
    const h = (step: number, top: number) => ({
      step,
      edges: [0, top / 2, top],
      counts: [1, 1],
      pdeCounts: [2, 0]
    })
    const grid = lawGrid([h(0, 1), h(100, 2)], (s) => s / 10, 4)
    expect(grid.times).toEqual([0, 10])
    expect(grid.edges).toEqual([0, 0.5, 1, 1.5, 2])
    // at step 0 all mass lies below 1; at step 100 it is spread evenly over [0, 2]
    expect(grid.density[0]).toEqual([0.5, 0.5, 0, 0])
    expect(grid.density[1]).toEqual([0.25, 0.25, 0.25, 0.25])
    expect(grid.pde![1]).toEqual([0.5, 0.5, 0, 0])
  })

  it('contours a level where the surface crosses it', () => {
    // a ramp in j: the level 1.5 lies between bins 1 and 2 in every column
    const ramp = [
      [0, 1, 2, 3],
      [0, 1, 2, 3]
    ]
    const segs = contourSegments(ramp, 1.5)
    expect(segs).toHaveLength(1)
    expect(segs[0]).toMatchObject({ y1: 1.5, y2: 1.5 })
    expect(contourSegments(ramp, 5)).toEqual([])
    expect(pdeLevels(ramp)).toEqual([0.75, 1.5, 2.25])
  })

  it('draws an SVG with the heatmap cells and the dashed PDE contours', () => {
    const h = (step: number) => ({
      step,
      edges: [0, 1, 2],
      counts: [3, 1],
      pdeCounts: [3, 1]
    })
    const svg = lawHeatmapSvg(lawGrid([h(0), h(10), h(20)], (s) => s, 2))
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg.match(/<rect /g)!.length).toBeGreaterThan(6)
    expect(svg).toContain('stroke-dasharray')
  })
})
