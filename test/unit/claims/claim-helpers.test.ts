import { describe, expect, it } from 'vitest'
import { histogramBimodality } from '@shared/claims/histogram-bimodality'
import { logLogSlope, monotoneDecrease, tailResidualStd } from '@shared/claims/common-claims'
import { linearFit, noiseLevel } from '@shared/claims/series-stats'
import { Rng } from '@shared/science/rng'
import { histogram } from '@shared/science/metrics/histogram'
import { linearConvergenceFit } from '@shared/claims/two-timescale-kernel-claims'

/** Histogram counts (40 bins) of n draws from `draw`. */
function counts(n: number, draw: (rng: Rng) => number, seed = 1): number[] {
  const rng = new Rng(seed, 'test')
  return histogram(
    Array.from({ length: n }, () => draw(rng)),
    { bins: 40 }
  ).counts
}

describe('histogramBimodality', () => {
  it('finds two separated radii at N = 100 and N = 800', () => {
    for (const n of [100, 800])
      for (const seed of [1, 2, 3]) {
        const t = histogramBimodality(
          counts(n, (r) => (r.uniform() < 0.3 ? 0.5 : 3) + 0.25 * r.normal(), seed)
        )
        expect(t.bimodal).toBe(true)
        expect(t.minorMass).toBeGreaterThan(0.2)
      }
  })

  it('calls normal, uniform and skewed (exponential) samples unimodal', () => {
    for (const seed of [1, 2, 3, 4, 5])
      for (const n of [100, 800]) {
        expect(histogramBimodality(counts(n, (r) => r.normal(), seed)).bimodal).toBe(false)
        expect(histogramBimodality(counts(n, (r) => r.uniform(), seed)).bimodal).toBe(false)
        expect(
          histogramBimodality(counts(n, (r) => -Math.log(1 - r.uniform()), seed)).bimodal
        ).toBe(false)
      }
  })

  it('ignores a second mode with under 5% of the particles, and tiny samples', () => {
    const t = histogramBimodality(
      counts(800, (r) => (r.uniform() < 0.02 ? 4 : 1) + 0.2 * r.normal())
    )
    expect(t.bimodal).toBe(false)
    expect(histogramBimodality([5, 0, 0, 5]).bimodal).toBe(false)
  })
})

describe('series helpers', () => {
  it('linearFit recovers a line and logLogSlope a power law', () => {
    const f = linearFit([0, 1, 2, 3], [1, 3, 5, 7])
    expect(f.slope).toBeCloseTo(2, 12)
    expect(f.intercept).toBeCloseTo(1, 12)
    expect(f.r2).toBeCloseTo(1, 12)
    expect(logLogSlope([10, 100, 1000], [1, 1 / Math.sqrt(10), 0.1])).toBeCloseTo(-0.5, 12)
  })

  it('noiseLevel sees white noise and not a smooth trend', () => {
    const rng = new Rng(3, 'test')
    const noisy = Array.from({ length: 400 }, (_, i) => -0.01 * i + 0.2 * rng.normal())
    expect(noiseLevel(noisy)).toBeGreaterThan(0.15)
    expect(noiseLevel(noisy)).toBeLessThan(0.25)
    expect(noiseLevel(Array.from({ length: 50 }, (_, i) => Math.exp(-i / 10)))).toBeLessThan(0.01)
    expect(tailResidualStd(noisy)).toBeGreaterThan(0.15)
  })

  it('monotoneDecrease accepts a noisy decay with a noisy plateau and rejects a rebound', () => {
    const rng = new Rng(5, 'test')
    const decay = Array.from(
      { length: 60 },
      (_, i) => 0.5 + Math.exp(-i / 8) + 0.005 * rng.normal()
    )
    expect(monotoneDecrease(decay, true).met).toBe(true)
    expect(monotoneDecrease(decay, false).met).toBe(null)
    const rebound = decay.map((v, i) => (i > 40 ? v + 0.02 * (i - 40) : v))
    expect(monotoneDecrease(rebound, false).met).toBe(false)
    const rising = decay.map((v) => -v)
    expect(monotoneDecrease(rising, true).met).toBe(false)
  })

  it('linearConvergenceFit recognises exponential decay and rejects stalling curves', () => {
    const t = Array.from({ length: 40 }, (_, i) => i)
    const expo = linearConvergenceFit(
      t,
      t.map((x) => 0.3 + Math.exp(-x / 6))
    )
    expect(expo!.rate).toBeCloseTo(1 / 6, 2)
    expect(expo!.r2).toBeGreaterThan(0.99)
    // stuck on a plateau, then a drop: not a straight line on a log scale
    const stalled = linearConvergenceFit(
      t,
      t.map((x) => 1 - 0.9 / (1 + Math.exp(-(x - 15) / 2)))
    )
    expect(stalled!.r2).toBeLessThan(0.95)
    expect(linearConvergenceFit(t.slice(0, 5), [1, 0.5, 0.25, 0.2, 0.2])).toBeNull()
  })
})
