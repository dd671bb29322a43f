import { describe, expect, it } from 'vitest'
import { presetSpec } from '@shared/spec/presets'
import { createStudy, parseSeeds, parseSweepValues, StudyPlanError } from '@shared/study/study-plan'
import type { StudyDefinition } from '@shared/study/study-types'

const base: StudyDefinition = {
  title: 't',
  preset: 'mmn-two-gaussians',
  size: 'ci',
  baseSpec: presetSpec('mmn-two-gaussians', { size: 'ci' }),
  param: 'model.width',
  values: [20, 80],
  seeds: [1, 2, 3]
}

describe('study plan', () => {
  it('parses values like --set and seeds as whole numbers', () => {
    expect(parseSweepValues('model.width', '20, 80,320')).toEqual([20, 80, 320])
    expect(parseSweepValues('dynamics.beta', '1e3,null')).toEqual([1000, null])
    expect(parseSweepValues('model.scaling', 'mean-field,ntk')).toEqual(['mean-field', 'ntk'])
    expect(parseSeeds('1,2,3')).toEqual([1, 2, 3])
  })

  it('rejects empty, repeated and non-scalar values and bad seeds', () => {
    expect(() => parseSweepValues('model.width', '')).toThrow(StudyPlanError)
    expect(() => parseSweepValues('model.width', '20,,80')).toThrow(/comma-separated/)
    expect(() => parseSweepValues('model.width', '20,20')).toThrow(/20 is listed twice/)
    expect(() => parseSweepValues('model.init', '{"a":1}')).toThrow(/not a number/)
    expect(() => parseSeeds('1,x')).toThrow(/'x' is not a whole number/)
    expect(() => parseSeeds('1,1')).toThrow(/listed twice/)
  })

  it('plans value-major runs whose specs carry the value and the seed', () => {
    const study = createStudy(base)
    expect(study.runs.map((r) => [r.index, r.value, r.seed])).toEqual([
      [0, 20, 1],
      [1, 20, 2],
      [2, 20, 3],
      [3, 80, 1],
      [4, 80, 2],
      [5, 80, 3]
    ])
    for (const r of study.runs) {
      expect(r.session.spec.model.width).toBe(r.value)
      expect(r.session.spec.seed).toBe(r.seed)
      expect(r.session.status).toBe('created')
      // everything else is the base spec
      expect(r.session.spec.dynamics).toEqual(base.baseSpec.dynamics)
    }
  })

  it('a bad value, an unknown path or sweeping the seed fails before anything runs', () => {
    expect(() => createStudy({ ...base, values: [20, 0] })).toThrow(
      /--values 0: model\.width: Too small/
    )
    expect(() => createStudy({ ...base, values: [20.5] })).toThrow(/--values 20\.5: model\.width/)
    expect(() => createStudy({ ...base, param: 'model.widht' })).toThrow(
      /model\.widht: unknown field/
    )
    expect(() => createStudy({ ...base, param: 'seed' })).toThrow(/--seeds/)
    expect(() => createStudy({ ...base, seeds: [] })).toThrow(/at least one seed/)
  })
})

describe('study plan limits', () => {
  it('long titles are clipped to what a spec and a study file hold; infinite values refused', () => {
    const long = 'x'.repeat(200)
    const study = createStudy({
      ...base,
      title: long + ' sweep',
      baseSpec: { ...base.baseSpec, title: long }
    })
    expect(study.definition.title).toHaveLength(200)
    for (const r of study.runs) expect(r.session.spec.title.length).toBeLessThanOrEqual(200)
    expect(() => parseSweepValues('dynamics.beta', '1e400')).toThrow(/not a finite number/)
  })
})
