import { LESSON_MEASUREMENT_TABLE } from './lesson-measurement-table'
import type { PresetSize } from './presets'

/**
 * A number a lesson quotes, as measured on this engine by `npm run measure-lessons -- --size SIZE`
 * (src-shared/lessons/: what each number is in lesson-measures.ts, how it is run in
 * measure-lessons.ts). test/integration/lessons/lesson-numbers.test.ts reruns the ci-size numbers
 * and fails when one leaves its band. Lessons build their text from these, never from typed-in
 * numbers.
 */
export interface LessonMeasurement {
  /** The number (a mean over `seeds`, or the statistic over all of them). */
  value: number
  /** A rerun must give a value within ± band: 2 jackknife standard errors over the seeds (the rerun uses the same seeds, so only a change of the engine moves it), at least half a unit of the last digit shown. */
  band: number
  /** Significant digits shown. */
  digits: number
  size: PresetSize
  seeds: number[]
  /** Runs it was measured on (variants × seeds). */
  runs: number
  /** The command that measured it, and the UTC date. */
  command: string
  date: string
}

/** Preset id → number name → size → measurement. */
export type LessonMeasurementTable = Record<
  string,
  Record<string, Partial<Record<PresetSize, LessonMeasurement>>>
>

/** The stored measurements (generated; see lesson-measurement-table.ts). */
export const LESSON_MEASUREMENTS: LessonMeasurementTable = LESSON_MEASUREMENT_TABLE

/** The measurement of a lesson number at a size; undefined where it was not measured at that size. */
export function lessonNumber(
  preset: string,
  name: string,
  size: PresetSize
): LessonMeasurement | undefined {
  return LESSON_MEASUREMENTS[preset]?.[name]?.[size]
}

/** The number alone, e.g. "0.075" or "−0.41", to the digits it was measured with. */
export function formatMeasurement(m: Pick<LessonMeasurement, 'value' | 'digits'>): string {
  const v = m.value
  if (!Number.isFinite(v)) return '—'
  const decimals = v === 0 ? 0 : Math.max(0, m.digits - 1 - Math.floor(Math.log10(Math.abs(v))))
  return v.toFixed(Math.min(decimals, 20)).replace('-', '−')
}

/** "seeds 1–3" / "seed 1" / "seeds 1, 4": the seeds a measurement was taken with. */
export function measuredSeeds(m: Pick<LessonMeasurement, 'seeds'>): string {
  return seedWords(m.seeds)
}

function seedWords(seeds: readonly number[]): string {
  if (seeds.length === 1) return `seed ${seeds[0]}`
  const run = seeds.every((s, i) => i === 0 || s === seeds[i - 1] + 1)
  return `seeds ${run ? `${seeds[0]}–${seeds[seeds.length - 1]}` : seeds.join(', ')}`
}

/** "−0.41 (ci size, seeds 1–4)": a stored measurement as a lesson quotes it. */
export function quoteMeasurement(m: LessonMeasurement): string {
  return `${formatMeasurement(m)} (${m.size} size, ${seedWords(m.seeds)})`
}

/**
 * A lesson number as quoted at the size that runs: the measurement at `size` (the text names
 * its size and seeds), else at the default size, else at the ci size; 'not measured' when none.
 */
export function quoteLessonNumber(preset: string, name: string, size: PresetSize): string {
  const m =
    lessonNumber(preset, name, size) ??
    lessonNumber(preset, name, 'default') ??
    lessonNumber(preset, name, 'ci')
  return m ? quoteMeasurement(m) : 'not measured'
}

/** The number alone at a size (falling back as quoteLessonNumber does), for a sentence that names the size itself. */
export function lessonValue(preset: string, name: string, size: PresetSize): string {
  const m =
    lessonNumber(preset, name, size) ??
    lessonNumber(preset, name, 'default') ??
    lessonNumber(preset, name, 'ci')
  return m ? formatMeasurement(m) : '—'
}

/** "default size, seeds 1–3": where a lesson number (falling back as quoteLessonNumber does) comes from. */
export function lessonSource(preset: string, name: string, size: PresetSize): string {
  const m =
    lessonNumber(preset, name, size) ??
    lessonNumber(preset, name, 'default') ??
    lessonNumber(preset, name, 'ci')
  return m ? `${m.size} size, ${seedWords(m.seeds)}` : 'not measured'
}

/**
 * A number as a preset's narrative quotes it: the stored measurement at the default size (the size a
 * guided experiment opens at), or at the ci size where that is all there is. Pair it with
 * `narrativeSource`, which names the size and seeds.
 */
export function narrativeNumber(preset: string, name: string): string {
  return lessonValue(preset, name, 'default')
}

/** "default size, seeds 1–3": where narrativeNumber's number comes from. */
export function narrativeSource(preset: string, name: string): string {
  return lessonSource(preset, name, 'default')
}
