import { describe, expect, it } from 'vitest'
import { makeActivation } from '@shared/science/activations'
import { Rng } from '@shared/science/rng'
import type { ActivationSpec } from '@shared/spec/experiment-spec'
import { gaussianMoments, quadratureMoments, rampMean } from '@shared/science/pde/gaussian-moments'
import { gaussHermite, hermiteHe, normalPdf } from '@shared/science/pde/gaussian-quadrature'

const TRUNCATED: ActivationSpec = { kind: 'truncated-relu', t1: 0.5, t2: 1.5, s1: -2.5, s2: 7.5 }

/**
 * E f(G) by composite Simpson on [−12, 12], split at `breaks` (where f has kinks or jumps) so that
 * each piece is smooth: error ~1e-10 at this grid.
 */
function simpson(f: (g: number) => number, breaks: number[] = [], n = 40_000): number {
  const cuts = [-12, ...breaks.filter((b) => Math.abs(b) < 12).sort((a, b) => a - b), 12]
  let total = 0
  for (let c = 0; c + 1 < cuts.length; c++) {
    const [a, b] = [cuts[c], cuts[c + 1]]
    const h = (b - a) / n
    // evaluate just inside the piece so one-sided values are used at the kinks
    const at = (g: number) => f(Math.min(Math.max(g, a + 1e-13), b - 1e-13)) * normalPdf(g)
    let s = at(a) + at(b)
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * at(a + i * h)
    total += (s * h) / 3
  }
  return total
}

describe('Gaussian moments of activations (docs/science.md#pde)', () => {
  it('Gauss–Hermite rule integrates Gaussian moments exactly', () => {
    const { nodes, weights } = gaussHermite(40)
    const moment = (p: number) => nodes.reduce((s, x, i) => s + weights[i] * x ** p, 0)
    expect(moment(0)).toBeCloseTo(1, 12)
    expect(moment(2)).toBeCloseTo(1, 12)
    expect(moment(4)).toBeCloseTo(3, 11)
    expect(moment(6)).toBeCloseTo(15, 10)
    expect(() => gaussHermite(500)).toThrow()
  })

  it('h_a(s) = E(sG − a)₊ and the truncated-ReLU closed form match Simpson quadrature', () => {
    const m = gaussianMoments(TRUNCATED)
    const act = makeActivation(TRUNCATED)
    expect(m.method).toBe('closed-form')
    for (const s of [0.05, 0.3, 0.8, 1.44, 3, 7]) {
      for (const a of [-1, 0, 0.5, 1.5])
        expect(rampMean(a, s)).toBeCloseTo(
          simpson((g) => Math.max(s * g - a, 0), [a / s]),
          9
        )
      const kinks = [0.5 / s, 1.5 / s]
      expect(m.mean(s)).toBeCloseTo(
        simpson((g) => act.value(s * g), kinks),
        9
      )
      expect(m.meanDerivative(s)).toBeCloseTo(
        simpson((g) => g * act.derivative(s * g), kinks),
        9
      )
      expect(m.meanSquare(s)).toBeCloseTo(
        simpson((g) => act.value(s * g) ** 2, kinks),
        9
      )
      for (const k of [1, 2, 3, 4, 6])
        expect(m.hermite(k, s)).toBeCloseTo(
          simpson((g) => act.value(s * g) * hermiteHe(k, g), kinks),
          9
        )
    }
    expect(m.mean(0)).toBe(-2.5)
  })

  it('closed-form s-derivatives agree with central differences', () => {
    const m = gaussianMoments(TRUNCATED)
    const eps = 1e-6
    for (const s of [0.2, 0.9, 2.5])
      for (const k of [0, 1, 2, 4, 8]) {
        const fd = (m.hermite(k, s + eps) - m.hermite(k, s - eps)) / (2 * eps)
        expect(m.hermiteDerivative(k, s)).toBeCloseTo(fd, 5)
      }
  })

  it('E σ(sG) agrees with Monte Carlo within 4 standard errors', () => {
    const rng = new Rng(7, 'mc')
    const act = makeActivation(TRUNCATED)
    const m = gaussianMoments(TRUNCATED)
    const n = 200_000
    for (const s of [0.5, 1.44]) {
      let sum = 0
      let sum2 = 0
      for (let i = 0; i < n; i++) {
        const v = act.value(s * rng.normal())
        sum += v
        sum2 += v * v
      }
      const mean = sum / n
      const se = Math.sqrt((sum2 / n - mean * mean) / n)
      expect(Math.abs(m.mean(s) - mean)).toBeLessThan(4 * se)
    }
  })

  it('ReLU: E σ(sG) = s/√(2π), α_2 = s φ(0); Gauss–Hermite tanh moments ≈ Simpson', () => {
    const relu = gaussianMoments({ kind: 'relu' })
    expect(relu.mean(1.7)).toBeCloseTo(1.7 / Math.sqrt(2 * Math.PI), 14)
    expect(relu.hermite(2, 1.7)).toBeCloseTo(1.7 * normalPdf(0), 14)
    expect(relu.meanSquare(1.7)).toBeCloseTo(1.7 ** 2 / 2, 12)
    const tanh = quadratureMoments({ kind: 'tanh' })
    for (const s of [0.5, 2])
      for (const k of [0, 1, 2, 3]) {
        expect(tanh.hermite(k, s)).toBeCloseTo(
          simpson((g) => Math.tanh(s * g) * hermiteHe(k, g)),
          6
        )
        expect(tanh.hermiteDerivative(k, s)).toBeCloseTo(
          simpson((g) => g * (1 - Math.tanh(s * g) ** 2) * hermiteHe(k, g)),
          6
        )
      }
  })
})
