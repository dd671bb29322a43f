import { describe, expect, it } from 'vitest'
import { fillNormalGroups, NormalStream } from '@shared/science/normal-stream'
import { jumpLanes, jumpPolynomial, xoshiro128CharPoly } from '@shared/science/xoshiro-jump'

const seed = Date.now() % 100000
console.log(`xoshiro-jump.test: seed ${seed}`)

describe('xoshiro128 jump-ahead', () => {
  it('the characteristic polynomial has degree 128 and x^(2^64) mod P is the published JUMP', () => {
    const p = xoshiro128CharPoly()
    expect(p >> BigInt(128)).toBe(BigInt(1))
    // xoshiro128** 1.1 (Blackman & Vigna): JUMP = { 0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b }
    const jump = Array.from(jumpPolynomial(BigInt(2) ** BigInt(64)), (w) => w >>> 0)
    expect(jump).toEqual([0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b])
    // and 2^96 is LONG_JUMP = { 0xb523952e, 0x0b6f099f, 0xccf5a0ef, 0x1c580662 }
    const long = Array.from(jumpPolynomial(BigInt(2) ** BigInt(96)), (w) => w >>> 0)
    expect(long).toEqual([0xb523952e, 0x0b6f099f, 0xccf5a0ef, 0x1c580662])
  })

  it.each([0, 1, 2, 127, 128, 4099, 2 * 1680])(
    'a jump by %i normal-stream steps lands where drawing lands',
    (distance) => {
      const stream = new NormalStream(seed, `jump ${distance}`)
      const jumped = Int32Array.from(stream.state)
      jumpLanes(jumped, jumpPolynomial(distance), new Int32Array(16))
      // every group advances each lane by 2 (u1, u2): draw distance/2 groups, then one more step
      const st = Int32Array.from(stream.state)
      const groups = Math.floor(distance / 2)
      if (groups > 0) fillNormalGroups(st, new Float32Array(groups * 8), groups * 8)
      if (distance % 2) {
        // one odd step: a group advances by 2, so compare against jumping the remainder from st
        jumpLanes(st, jumpPolynomial(1), new Int32Array(16))
      }
      expect(Array.from(jumped)).toEqual(Array.from(st))
    }
  )

  it('a draw split at any group boundary by a jump gives the same normals as one draw', () => {
    const groups = 37
    const whole = new NormalStream(seed, 'split')
    const one = new Float32Array(groups * 8)
    const st = Int32Array.from(whole.state)
    fillNormalGroups(st, one, groups * 8)
    for (const first of [0, 1, 18, 36, 37]) {
      const a = Int32Array.from(whole.state)
      const b = Int32Array.from(whole.state)
      jumpLanes(b, jumpPolynomial(2 * first), new Int32Array(16))
      const out = new Float32Array(groups * 8)
      fillNormalGroups(a, out.subarray(0, first * 8), first * 8)
      fillNormalGroups(b, out.subarray(first * 8), (groups - first) * 8)
      expect(out).toEqual(one)
      // the second part ends where the whole draw ends
      expect(Array.from(b)).toEqual(Array.from(st))
      // and the first part ends where the second began
      if (first > 0) {
        const c = Int32Array.from(whole.state)
        jumpLanes(c, jumpPolynomial(2 * first), new Int32Array(16))
        expect(Array.from(a)).toEqual(Array.from(c))
      }
    }
  })
})
