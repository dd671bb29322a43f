import { describe, expect, it } from 'vitest'
import type { StudyRun } from '@shared/claims'
import { MEASURE_SEEDS, seedlessLabel } from '@shared/lessons/lesson-measures'
import { halfLastDigit, jackknifeOverSeeds, measurePlan } from '@shared/lessons/measure-lessons'
import { presetSpec } from '@shared/spec/presets'
import {
  formatMeasurement,
  quoteMeasurement,
  type LessonMeasurement
} from '@shared/spec/lesson-measurements'

const m = (value: number, digits: number, seeds = [1, 2, 3]): LessonMeasurement => ({
  value,
  digits,
  band: 0,
  size: 'ci',
  seeds,
  runs: seeds.length,
  command: 'npm run measure-lessons -- --size ci',
  date: '2026-12-05'
})

describe('lesson measurements', () => {
  it('formats to significant digits with a true minus sign, and names size and seeds', () => {
    expect(formatMeasurement(m(0.07512, 2))).toBe('0.075')
    expect(formatMeasurement(m(-0.4137, 2))).toBe('−0.41')
    expect(formatMeasurement(m(14.83, 3))).toBe('14.8')
    expect(formatMeasurement(m(0.000912, 1))).toBe('0.0009')
    expect(formatMeasurement(m(NaN, 2))).toBe('—')
    expect(quoteMeasurement(m(-0.4137, 2, [1, 2, 3, 4]))).toBe('−0.41 (ci size, seeds 1–4)')
    expect(quoteMeasurement(m(0.5, 1, [1, 3]))).toBe('0.5 (ci size, seeds 1, 3)')
  })

  it('sets the least band at half a unit of the last digit shown', () => {
    expect(halfLastDigit(0.0751, 2)).toBeCloseTo(0.0005, 12)
    expect(halfLastDigit(-14.8, 3)).toBeCloseTo(0.05, 12)
    expect(halfLastDigit(0, 2)).toBe(0)
  })

  it('jackknifes over seeds: for a seed mean it is the standard error sd/√k', () => {
    const spec = presetSpec('ntk-gram', { size: 'ci' })
    const xs = [0.3, 0.5, 0.4, 0.9]
    const runs: StudyRun[] = xs.map((x, i) => ({
      label: `seed ${i + 1}`,
      spec: { ...spec, seed: i + 1 },
      series: { risk: [x] }
    }))
    const meanOf = (rs: readonly StudyRun[]) =>
      rs.reduce((s, r) => s + r.series.risk[0], 0) / rs.length
    const mu = xs.reduce((a, b) => a + b) / 4
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mu) ** 2, 0) / 3)
    expect(jackknifeOverSeeds(runs, meanOf)).toBeCloseTo(sd / 2, 12)
    expect(jackknifeOverSeeds(runs.slice(0, 1), meanOf)).toBeNaN()
  })

  it('plans each needed variant over the seeds, or keeps the seeds a study already names', () => {
    expect(seedlessLabel('σ̃ = 0, seed 3')).toBe('σ̃ = 0')
    expect(seedlessLabel('seed 2')).toBe('')
    expect(seedlessLabel('m = 100')).toBe('m = 100')
    // a single-run preset: its spec once per seed
    const mmn = measurePlan('mmn-two-gaussians', 'ci')
    expect(mmn.map((r) => [r.label, r.spec.seed])).toEqual(
      MEASURE_SEEDS.map((s) => [`seed ${s}`, s])
    )
    // only the variant the number needs, per seed
    const lang = measurePlan('langevin-free-energy', 'ci')
    expect(lang.map((r) => r.label)).toEqual(MEASURE_SEEDS.map((s) => `with data, seed ${s}`))
    // variants that already carry seeds run as they are
    const lnd = measurePlan('label-noise-dof', 'ci')
    expect(lnd.length).toBe(24)
    expect(lnd.every((r) => r.label.endsWith(`seed ${r.spec.seed}`))).toBe(true)
  })
})
