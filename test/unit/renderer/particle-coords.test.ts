import { describe, expect, it } from 'vitest'
import {
  coordTitles,
  particleXY,
  unitDirection,
  writeParticlePoints
} from '@shared/charts/particle-scatter-chart'
import { plantedProjection } from '@shared/science/metrics/planted-projection'
import { initParticles } from '@shared/science/particles'
import { makeTask } from '@shared/science/tasks/make-task'
import { presetSpec } from '@shared/spec/presets'
import type { XYPoint } from '@shared/charts/xy-point'
import { ScatterPoints } from '../../../src-renderer/src/charts/scatter-points'

// The lazy-vs-mean-field preset is the single-index task: its particles are drawn in (s, r).
const spec = presetSpec('lazy-vs-mean-field', { size: 'ci' })

describe('particle coordinates', () => {
  it('(s, r) is the planted projection the observables use: along and across w*', () => {
    const planted = makeTask(spec.task, spec.seed).planted!
    const p = initParticles(spec.model, spec.task.dim, 4)
    const want = plantedProjection(p.w, p.m, p.d, planted)
    const c = { kind: 's-r' as const, unit: unitDirection(planted) }
    const out = { x: 0, y: 0 }
    for (let i = 0; i < p.m; i++) {
      particleXY(p, i, c, out)
      expect(out.x).toBeCloseTo(want.s[i], 12)
      expect(out.y).toBeCloseTo(want.r[i], 12)
    }
    expect(coordTitles(c)).toEqual({ x: 's = ⟨wᵢ, w*⟩/‖w*‖', y: 'r = ‖P⊥wᵢ‖' })
  })

  it('the report writer and the live scatter place every particle alike', () => {
    const planted = makeTask(spec.task, spec.seed).planted!
    const p = initParticles(spec.model, spec.task.dim, 5)
    for (const c of [
      { kind: 's-r' as const, unit: unitDirection(planted) },
      { kind: 'w' as const, j: 0, k: 2 },
      { kind: 'a-norm' as const }
    ]) {
      const report: XYPoint[] = []
      writeParticlePoints(report, p, c)
      const live = new ScatterPoints([])
      const n = live.write(p, c)
      const sorted = [...report].sort((u, v) => u.x - v.x)
      expect(live.points.slice(0, n).map((q) => q.x)).toEqual(sorted.map((q) => q.x))
    }
  })
})
