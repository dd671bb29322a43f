import { describe, expect, it } from 'vitest'
import { LESSON_MEASURES } from '@shared/lessons/lesson-measures'
import { measureLessons, planIsTheStudy } from '@shared/lessons/measure-lessons'
import {
  formatMeasurement,
  LESSON_MEASUREMENTS,
  lessonNumber
} from '@shared/spec/lesson-measurements'
import { findPreset } from '@shared/spec/presets'

/**
 * The numbers the lessons quote (src-shared/spec/lesson-measurement-table.ts, written by
 * `npm run measure-lessons`): each is stored at the ci size with how it was measured, a fresh
 * measurement at the ci size (same plan, same seeds) stays within its band (2 jackknife standard
 * errors over the seeds), and the lesson text quotes it. When the engine changes on purpose, rerun
 * `npm run measure-lessons -- --size ci` (and `--size default`) and commit the table.
 */
const PRESETS = [...new Set(LESSON_MEASURES.map((m) => m.preset))]
/**
 * Presets whose plan is their variant study are remeasured by test/integration/study/
 * preset-variants.test.ts on the sweep's own runs (the same runs: no need to make them twice).
 */
const RERUN_HERE = PRESETS.filter((p) => !planIsTheStudy(p, 'ci'))

describe('lesson numbers', () => {
  it('stores every lesson number at the ci size, with its command, date, seeds and runs', () => {
    for (const m of LESSON_MEASURES) {
      const got = lessonNumber(m.preset, m.name, 'ci')
      expect(got, `${m.preset}/${m.name}`).toBeDefined()
      expect(Number.isFinite(got!.value), `${m.preset}/${m.name}`).toBe(true)
      expect(got!.band).toBeGreaterThan(0)
      expect(got!.digits).toBe(m.digits)
      expect(got!.command).toMatch(/^npm run measure-lessons -- --size ci/)
      expect(got!.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(got!.seeds.length).toBeGreaterThanOrEqual(3)
      expect(got!.runs).toBeGreaterThanOrEqual(got!.seeds.length)
    }
    // and nothing else: no number without a definition
    const known = new Set(LESSON_MEASURES.map((m) => `${m.preset}/${m.name}`))
    for (const [preset, names] of Object.entries(LESSON_MEASUREMENTS))
      for (const name of Object.keys(names)) expect(known).toContain(`${preset}/${name}`)
  })

  it('quotes each number in its lesson, from the table', () => {
    for (const m of LESSON_MEASURES) {
      const narrative = findPreset(m.preset)!.narrative
      const stored =
        lessonNumber(m.preset, m.name, 'default') ?? lessonNumber(m.preset, m.name, 'ci')
      expect(narrative, `${m.preset}/${m.name}`).toContain(formatMeasurement(stored!))
    }
  })

  it('leaves to the sweep test only presets whose plan is the study it runs', () => {
    expect(PRESETS.filter((p) => !RERUN_HERE.includes(p)).sort()).toEqual([
      'label-noise-dof',
      'lazy-vs-mean-field',
      'propagation-of-chaos'
    ])
  })

  for (const preset of RERUN_HERE)
    it(`${preset}: a fresh ci-size measurement stays within each number's band`, async () => {
      const fresh = await measureLessons('ci', { presets: [preset], command: 'test', date: 'test' })
      expect(fresh.map((f) => f.name)).toEqual(
        LESSON_MEASURES.filter((m) => m.preset === preset).map((m) => m.name)
      )
      for (const { name, measurement } of fresh) {
        const stored = lessonNumber(preset, name, 'ci')!
        expect(measurement.seeds).toEqual(stored.seeds)
        expect(
          Math.abs(measurement.value - stored.value),
          `${preset}/${name}: stored ${stored.value} ± ${stored.band}, remeasured ${measurement.value}`
        ).toBeLessThanOrEqual(stored.band)
      }
    })
})
