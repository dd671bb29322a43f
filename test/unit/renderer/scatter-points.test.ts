import { describe, expect, it } from 'vitest'
import { ScatterPoints } from '../../../src-renderer/src/charts/scatter-points'
import type { XYPoint } from '@shared/charts/xy-point'
import { Rng } from '@shared/science/rng'

function snapshot(m: number, d: number, seed: number) {
  const rng = new Rng(seed, 'scatter')
  const w = new Float32Array(m * d)
  for (let i = 0; i < w.length; i++) w[i] = rng.normal() * (rng.uniform() < 0.1 ? 0 : 1)
  return { m, d, a: new Float32Array(m).fill(1), b: new Float32Array(m), w }
}

describe('live scatter points', () => {
  it('are sorted by x and keep each particle’s (x, y) pair, with NaN x last', () => {
    const seed = Date.now() % 100000
    const p = snapshot(3000, 3, seed)
    p.w[7 * 3] = NaN
    const pts: XYPoint[] = []
    const sp = new ScatterPoints(pts)
    expect(sp.write(p, { kind: 'w', j: 0, k: 2 })).toBe(3000)
    const pairs = new Set(Array.from({ length: p.m }, (_, i) => `${p.w[i * 3]},${p.w[i * 3 + 2]}`))
    for (let j = 0; j < pts.length; j++) {
      expect(pairs.has(`${pts[j].x},${pts[j].y}`), `seed ${seed}, point ${j}`).toBe(true)
      if (j > 0 && !Number.isNaN(pts[j].x)) expect(pts[j].x).toBeGreaterThanOrEqual(pts[j - 1].x)
    }
    expect(Number.isNaN(pts.at(-1)!.x)).toBe(true)
  })

  it('draws an even stride of a wide network and reuses the point objects', () => {
    const p = snapshot(20000, 2, 3)
    const pts: XYPoint[] = []
    const sp = new ScatterPoints(pts)
    expect(sp.write(p, { kind: 'w', j: 0, k: 1 }, 5000)).toBe(5000)
    const first = pts[0]
    const stride = new Set(
      Array.from({ length: 5000 }, (_, k) => p.w[Math.floor((k * 20000) / 5000) * 2])
    )
    for (const pt of pts) expect(stride.has(pt.x)).toBe(true)
    sp.write(snapshot(20000, 2, 4), { kind: 'w', j: 0, k: 1 }, 5000)
    expect(pts).toHaveLength(5000)
    expect(pts).toContain(first)
  })
})
