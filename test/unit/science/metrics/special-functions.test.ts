import { describe, expect, it } from 'vitest'
import { digamma, logGamma, logUnitBallVolume } from '@shared/science/metrics/special-functions'

const EULER_GAMMA = 0.5772156649015329

describe('special functions', () => {
  it('logGamma matches log (n−1)! and Γ(½) = √π', () => {
    let logFact = 0
    for (let n = 1; n < 30; n++) {
      expect(logGamma(n)).toBeCloseTo(logFact, 11)
      logFact += Math.log(n)
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13)
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 12)
    expect(() => logGamma(0)).toThrow(RangeError)
  })

  it('digamma matches ψ(1) = −γ, ψ(½) = −γ − 2 log 2 and ψ(x + 1) = ψ(x) + 1/x', () => {
    expect(digamma(1)).toBeCloseTo(-EULER_GAMMA, 13)
    expect(digamma(0.5)).toBeCloseTo(-EULER_GAMMA - 2 * Math.log(2), 13)
    for (const x of [0.3, 2.7, 9.5, 150]) expect(digamma(x + 1)).toBeCloseTo(digamma(x) + 1 / x, 12)
    expect(digamma(1e6)).toBeCloseTo(Math.log(1e6) - 0.5e-6, 12)
  })

  it('logUnitBallVolume is log 2, log π, log 4π/3 in D = 1, 2, 3', () => {
    expect(logUnitBallVolume(1)).toBeCloseTo(Math.log(2), 13)
    expect(logUnitBallVolume(2)).toBeCloseTo(Math.log(Math.PI), 13)
    expect(logUnitBallVolume(3)).toBeCloseTo(Math.log((4 * Math.PI) / 3), 13)
  })
})
