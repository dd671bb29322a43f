import { describe, expect, it } from 'vitest'
import {
  fitInverseSqrtWidth,
  fitLine,
  sampleStats,
  seedBand,
  studyStatus,
  summarizeStudy
} from '@shared/study/study-summary'
import { completedStudy } from './make-study'

describe('sampleStats', () => {
  it('mean, sample sd (n − 1), standard error sd/√n, extremes', () => {
    const s = sampleStats([1, 2, 3, 4])
    expect(s.n).toBe(4)
    expect(s.mean).toBeCloseTo(2.5, 14)
    expect(s.sd).toBeCloseTo(Math.sqrt(5 / 3), 14)
    expect(s.stdErr).toBeCloseTo(Math.sqrt(5 / 3) / 2, 14)
    expect([s.min, s.max]).toEqual([1, 4])
  })

  it('leaves out non-finite values; one value has no spread; none has no mean', () => {
    const s = sampleStats([NaN, 5, Infinity])
    expect(s.n).toBe(1)
    expect(s.mean).toBe(5)
    expect(s.sd).toBeNaN()
    expect(s.stdErr).toBeNaN()
    expect(sampleStats([]).mean).toBeNaN()
  })
})

describe('fitLine', () => {
  it('recovers an exact line with R² = 1', () => {
    const xs = [0.1, 0.5, 0.9, 2]
    const f = fitLine(
      xs,
      xs.map((x) => 3 * x - 2)
    )!
    expect(f.slope).toBeCloseTo(3, 12)
    expect(f.intercept).toBeCloseTo(-2, 12)
    expect(f.r2).toBeCloseTo(1, 12)
    expect(f.n).toBe(4)
  })

  it('matches the closed form on noisy points, R² below 1', () => {
    const xs = [0, 1, 2, 3]
    const ys = [1, 3, 2, 5]
    const f = fitLine(xs, ys)!
    // slope = Sxy/Sxx = (−1.5·−1.75 − 0.5·0.25 + 0.5·−0.75 + 1.5·2.25)/5 = 5.5/5
    expect(f.slope).toBeCloseTo(1.1, 12)
    expect(f.intercept).toBeCloseTo(2.75 - 1.1 * 1.5, 12)
    const ssRes = ys.reduce((s, y, i) => s + (y - (f.slope * xs[i] + f.intercept)) ** 2, 0)
    expect(f.r2).toBeCloseTo(1 - ssRes / 8.75, 12)
    expect(f.r2).toBeLessThan(1)
  })

  it('needs two distinct x', () => {
    expect(fitLine([1], [2])).toBeNull()
    expect(fitLine([2, 2, 2], [1, 2, 3])).toBeNull()
  })
})

describe('study summaries', () => {
  const c = 2.4
  const b = 0.15
  const noise = (seed: number) => (seed - 2) * 0.01
  const study = completedStudy(
    [25, 100, 400],
    [1, 2, 3],
    (m, seed) => c / Math.sqrt(m as number) + b + noise(seed)
  )

  it('per value: mean and standard error across seeds of the final risk', () => {
    const s = summarizeStudy(study)
    expect(s.map((v) => v.value)).toEqual([25, 100, 400])
    for (const v of s) {
      expect(v.n).toBe(3)
      expect(v.planned).toBe(3)
      expect(v.mean).toBeCloseTo(c / Math.sqrt(v.value as number) + b, 12)
      expect(v.sd).toBeCloseTo(0.01, 12)
      expect(v.stdErr).toBeCloseTo(0.01 / Math.sqrt(3), 12)
    }
  })

  it('fits c/√M + b through the width sweep (seed noise cancels, R² near 1)', () => {
    const f = fitInverseSqrtWidth(study)!
    expect(f.slope).toBeCloseTo(c, 10)
    expect(f.intercept).toBeCloseTo(b, 10)
    expect(f.n).toBe(9)
    expect(f.r2).toBeGreaterThan(0.99)
    expect(f.r2).toBeLessThan(1)
  })

  it('counts only completed runs, and fits only width sweeps', () => {
    const partial = completedStudy([25, 100], [1, 2], () => 0.5)
    partial.runs[0].session = { ...partial.runs[0].session, status: 'stopped' }
    partial.runs[3].session = { ...partial.runs[3].session, status: 'failed' }
    const s = summarizeStudy(partial)
    expect(s.map((v) => v.n)).toEqual([1, 1])
    expect(studyStatus(partial)).toBe('failed')
    expect(studyStatus(study)).toBe('completed')
    const beta = completedStudy([10, 100], [1], () => 0.3, 'dynamics.lambda')
    expect(fitInverseSqrtWidth(beta)).toBeNull()
  })

  it('seed band: pointwise mean, min and max of the series across seeds', () => {
    const runs = study.runs.filter((r) => r.value === 100)
    const band = seedBand(runs)!
    expect(band.seeds).toBe(3)
    expect(Array.from(band.step)).toEqual([0, 1000, 2000])
    const finals = runs.map((r) => r.session.summary.risk)
    expect(band.mean[2]).toBeCloseTo(finals.reduce((s, x) => s + x, 0) / 3, 12)
    expect(band.min[2]).toBe(Math.min(...finals))
    expect(band.max[2]).toBe(Math.max(...finals))
    expect(band.min[0]).toBe(1.7)
    expect(seedBand(runs, 'nope')).toBeNull()
  })
})
