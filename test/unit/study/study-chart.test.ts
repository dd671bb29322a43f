import { describe, expect, it } from 'vitest'
import { LIGHT_THEME } from '@shared/charts/chart-theme'
import { studyChartModel, STUDY_DATASETS } from '@shared/study/study-chart'
import { studyToData } from '@shared/study/study-data'
import { completedStudy } from './make-study'

const risk = (m: unknown, seed: number) => 2 / Math.sqrt(m as number) + 0.1 + (seed - 1.5) * 0.02

describe('study chart model', () => {
  it('band = min…max across seeds, mean line, every run, and the fitted c/√M + b curve', () => {
    const study = completedStudy([25, 100, 400], [1, 2], risk)
    const data = studyToData(study, 's1')
    const { config, summary, fit, numericX } = studyChartModel(LIGHT_THEME, data)
    expect(numericX).toBe(true)
    const byLabel: Record<string, { x: number; y: number }[]> = Object.fromEntries(
      config.data.datasets.map((d) => [d.label, d.data])
    )
    expect(Object.keys(byLabel)).toEqual(Object.values(STUDY_DATASETS))
    expect(byLabel[STUDY_DATASETS.bandLow]).toEqual(
      [25, 100, 400].map((m) => ({ x: m, y: risk(m, 1) }))
    )
    expect(byLabel[STUDY_DATASETS.bandHigh]).toEqual(
      [25, 100, 400].map((m) => ({ x: m, y: risk(m, 2) }))
    )
    expect(byLabel[STUDY_DATASETS.mean].map((p) => p.y)).toEqual(summary.map((s) => s.mean))
    expect(byLabel[STUDY_DATASETS.runs]).toHaveLength(6)
    const curve = byLabel[STUDY_DATASETS.fit]
    expect(curve[0].x).toBe(25)
    expect(curve[curve.length - 1].x).toBeCloseTo(400, 9)
    for (const p of curve) expect(p.y).toBeCloseTo(2 / Math.sqrt(p.x) + 0.1, 9)
    expect(fit!.slope).toBeCloseTo(2, 9)
    // 25 … 400 spans 16×: logarithmic x
    expect(config.options?.scales?.x?.type).toBe('logarithmic')
  })

  it('unfinished runs leave gaps; word values are placed by position; no fit outside widths', () => {
    const study = completedStudy(['mean-field', 'ntk'], [1, 2], () => 0.4, 'model.scaling')
    study.runs[3].session = { ...study.runs[3].session, status: 'stopped' }
    const data = studyToData(study, 's2')
    expect(data.runs[3].finalRisk).toBeNull()
    const { config, summary, fit, numericX } = studyChartModel(LIGHT_THEME, data)
    expect(numericX).toBe(false)
    expect(fit).toBeNull()
    expect(summary.map((s) => s.n)).toEqual([2, 1])
    const runs = config.data.datasets.find((d) => d.label === STUDY_DATASETS.runs)!.data
    expect(runs.map((p) => p.x)).toEqual([0, 0, 1])
    expect(config.data.datasets.some((d) => d.label === STUDY_DATASETS.fit)).toBe(false)
  })
})
