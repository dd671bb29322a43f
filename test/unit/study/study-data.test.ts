import { describe, expect, it } from 'vitest'
import { STUDY_SERIES_POINTS, studyToData } from '@shared/study/study-data'
import { completedStudy } from './make-study'

describe('studyToData', () => {
  it('sends every metric column, long runs thinned alike with the last record kept', () => {
    const study = completedStudy([20], [1], () => 0.1)
    const n = 2 * STUDY_SERIES_POINTS + 501
    const col = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i))
    study.runs[0].session.series = {
      step: col((i) => 10 * i),
      time: col((i) => i / 100),
      risk: col((i) => 1 / (1 + i)),
      dof: col((i) => 5 + i / n)
    }
    const { series } = studyToData(study, 's').runs[0]
    expect(Object.keys(series).sort()).toEqual(['dof', 'risk', 'step', 'time'])
    const len = series.step.length
    expect(len).toBeLessThanOrEqual(STUDY_SERIES_POINTS + 1)
    for (const k of ['time', 'risk', 'dof']) expect(series[k]).toHaveLength(len)
    // rows stay aligned: each kept step's values are that record's
    series.step.forEach((step, j) => {
      const i = step / 10
      expect(series.risk[j]).toBe(1 / (1 + i))
      expect(series.dof[j]).toBe(5 + i / n)
    })
    expect(series.step.at(-1)).toBe(10 * (n - 1))
  })

  it('keeps a short run whole', () => {
    const study = completedStudy([20], [1], () => 0.1)
    expect(studyToData(study, 's').runs[0].series.risk).toEqual(Float64Array.of(1.7, 0.9, 0.1))
  })
})
