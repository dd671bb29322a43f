import { describe, expect, it } from 'vitest'
import { HAIRLINE_ABOVE_POINTS, liveLineWidth } from '../../../src-renderer/src/charts/line-width'

describe('liveLineWidth', () => {
  it('keeps the configured width for a short line', () => {
    expect(liveLineWidth(1.5, 10, 1)).toBe(1.5)
    expect(liveLineWidth(1.5, HAIRLINE_ABOVE_POINTS, 2)).toBe(1.5)
  })

  it('draws a long line one device pixel wide, never wider than configured', () => {
    expect(liveLineWidth(1.5, HAIRLINE_ABOVE_POINTS + 1, 1)).toBe(1)
    expect(liveLineWidth(1.5, 10_000, 2)).toBe(0.5)
    expect(liveLineWidth(0.75, 10_000, 1)).toBe(0.75)
    // a zoomed-out page (ratio < 1) or a missing ratio still gets a 1 px line
    expect(liveLineWidth(1.5, 10_000, 0.5)).toBe(1)
    expect(liveLineWidth(1.5, 10_000, NaN)).toBe(1)
  })
})
