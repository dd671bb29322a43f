import { describe, expect, it } from 'vitest'
import { histogram } from '@shared/science/metrics/histogram'
import { quantiles } from '@shared/science/metrics/quantiles'
import { rowNorms } from '@shared/science/metrics/row-norms'
import { Rng } from '@shared/science/rng'

describe('histogram', () => {
  it('counts with fixed edges, half-open bins, a closed last bin and out-of-range tallies', () => {
    const h = histogram([0, 0.5, 1, 1.5, 2, 2, -1, 3, NaN], { edges: [0, 1, 2] })
    expect(h.counts).toEqual([2, 4])
    expect([h.below, h.above]).toEqual([1, 1])
  })

  it('automatic edges span [min, max] and every value lands in its bin', () => {
    const rng = new Rng(1, 'h')
    const v = Array.from({ length: 1000 }, () => rng.normal())
    const h = histogram(v, { bins: 7 })
    expect(h.edges[0]).toBe(Math.min(...v))
    expect(h.edges[7]).toBe(Math.max(...v))
    expect(h.counts.reduce((a, b) => a + b)).toBe(1000)
    // each count equals a direct count of its bin
    for (let b = 0; b < 7; b++) {
      const inBin = v.filter(
        (x) => x >= h.edges[b] && (b === 6 ? x <= h.edges[7] : x < h.edges[b + 1])
      )
      expect(h.counts[b]).toBe(inBin.length)
    }
  })

  it('uses a range when given and widens a degenerate one', () => {
    expect(histogram([0.1, 0.9], { bins: 2, range: [0, 2] }).counts).toEqual([2, 0])
    expect(histogram([3, 3, 3], { bins: 2 })).toMatchObject({
      edges: [2.5, 3, 3.5],
      counts: [0, 3]
    })
    expect(() => histogram([1], { edges: [0, 0] })).toThrow(/increase/)
  })

  it('bins the row norms ‖w_i‖ of a particle matrix', () => {
    const w = new Float64Array([3, 4, 0, 1, 6, 8])
    expect(Array.from(rowNorms(w, 3, 2))).toEqual([5, 1, 10])
    expect(histogram(rowNorms(w, 3, 2), { edges: [0, 2, 6, 11] }).counts).toEqual([1, 1, 1])
  })
})

describe('quantiles', () => {
  it('interpolates linearly between order statistics (type 7)', () => {
    expect(quantiles([4, 1, 3, 2], [0, 0.5, 1, 1 / 3])).toEqual([1, 2.5, 4, 2])
    expect(quantiles([5], [0.3])).toEqual([5])
    expect(quantiles([], [0.5])).toEqual([NaN])
    expect(quantiles([1, NaN, 3], [0.5])).toEqual([2])
    expect(() => quantiles([1], [1.5])).toThrow(RangeError)
  })

  it('finds the quartiles of a standard normal sample', () => {
    const rng = new Rng(3, 'q')
    const v = new Float64Array(20000).map(() => rng.normal())
    const [q1, med, q3] = quantiles(v, [0.25, 0.5, 0.75])
    // sd of a sample p-quantile ≈ √(p(1−p)/n)/φ(z_p): 0.0089 for quartiles, 0.0089 for the median
    expect(Math.abs(q1 + 0.6744897501960817)).toBeLessThan(0.045)
    expect(Math.abs(med)).toBeLessThan(0.045)
    expect(Math.abs(q3 - 0.6744897501960817)).toBeLessThan(0.045)
  })
})
