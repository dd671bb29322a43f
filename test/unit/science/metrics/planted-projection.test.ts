import { describe, expect, it } from 'vitest'
import { maxAbsCosine, plantedProjection } from '@shared/science/metrics/planted-projection'
import { particleMovement, relativeMovement } from '@shared/science/metrics/relative-movement'
import { allocParticles, cloneParticles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'

describe('(s, r) projections on w*', () => {
  it('splits each w_i into the component along w* and the orthogonal norm', () => {
    const wStar = new Float64Array([0, 2, 0]) // any length: only the direction matters
    const w = new Float64Array([1, 3, 0, 0, -2, 0, 3, 0, 4])
    const { s, r } = plantedProjection(w, 3, 3, wStar)
    expect(Array.from(s)).toEqual([3, -2, 0])
    expect(Array.from(r)).toEqual([1, 0, 5])
  })

  it('keeps s² + r² = ‖w_i‖² for random vectors', () => {
    const rng = new Rng(2, 'p')
    const d = 9
    const w = rng.fillNormal(new Float64Array(5 * d)) as Float64Array
    const wStar = rng.fillNormal(new Float64Array(d)) as Float64Array
    const { s, r } = plantedProjection(w, 5, d, wStar)
    for (let i = 0; i < 5; i++) {
      const n2 = w.subarray(i * d, i * d + d).reduce((a, v) => a + v * v, 0)
      expect(s[i] ** 2 + r[i] ** 2).toBeCloseTo(n2, 12)
    }
  })

  it('max |cos| is 1 for an aligned neuron, ignores zero rows, ≈ 1/√d for random ones', () => {
    const wStar = new Float64Array([1, 1])
    expect(maxAbsCosine(new Float64Array([0, 0, -2, -2, 1, 0]), 3, 2, wStar)).toBeCloseTo(1, 14)
    expect(maxAbsCosine(new Float64Array([0, 0]), 1, 2, wStar)).toBe(0)
    const d = 400
    const rng = new Rng(4, 'c')
    const w = rng.fillNormal(new Float64Array(d)) as Float64Array
    const star = rng.fillNormal(new Float64Array(d)) as Float64Array
    // one random neuron: cos·√d is close to N(0, 1), so |cos| < 5/√d
    expect(maxAbsCosine(w, 1, d, star)).toBeLessThan(5 / Math.sqrt(d))
    expect(() => maxAbsCosine(w, 1, d, new Float64Array(d))).toThrow(/non-zero/)
  })
})

describe('relative movement', () => {
  it('is ‖θ − θ0‖/‖θ0‖', () => {
    expect(relativeMovement([3, 4], [0, 4])).toBeCloseTo(3 / 4, 15)
    expect(relativeMovement([0, 0], [0, 0])).toBe(0)
    expect(relativeMovement([1, 0], [0, 0])).toBe(Infinity)
    expect(() => relativeMovement([1], [1, 2])).toThrow(RangeError)
  })

  it('looks only at the chosen parameter groups of the particles', () => {
    const p0 = allocParticles(2, 2)
    p0.a.set([1, 1])
    p0.w.set([1, 0, 0, 1])
    const p = cloneParticles(p0)
    p.a[0] = 4 // a moves by 3
    p.w[1] = 2 // w moves by 2
    expect(particleMovement(p, p0, { a: false, b: false, w: true })).toBeCloseTo(2 / Math.SQRT2, 14)
    expect(particleMovement(p, p0)).toBeCloseTo(Math.sqrt(13) / 2, 14)
  })
})
