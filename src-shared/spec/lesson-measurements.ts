import type { PresetSize } from './presets'

/**
 * A number a lesson quotes, as measured on this engine: the value, the size and seeds it was
 * measured at, and the band a rerun must fall in (test/integration/study/lesson-numbers.test.ts
 * reruns the ci-size ones). Lessons build their text from these with `quoteMeasurement`, never from
 * typed-in numbers.
 */
export interface LessonMeasurement {
  value: number
  size: PresetSize
  /** What was run, in words (seeds, variants). */
  how: string
  /** A rerun must give a value within ± band of `value` (from the measured seed scatter). */
  band: number
  /** Significant digits shown. */
  digits: number
}

/** The measured numbers the lessons quote, by preset and name. */
export const LESSON_MEASUREMENTS = {
  'propagation-of-chaos': {
    // claim spread-shrinks-1-over-sqrt-m on common test points; ±0.2: its standard error with 4
    // seeds over a 16× range of widths (docs/claims.md)
    spreadSlopeCi: {
      value: -0.41,
      size: 'ci',
      how: '4 seeds per width',
      band: 0.2,
      digits: 2
    },
    spreadSlopeDefault: {
      value: -0.59,
      size: 'default',
      how: '6 seeds per width',
      band: 0.2,
      digits: 2
    }
  },
  'langevin-free-energy': {
    // mean of equipartition over the second half of the records of the 'with data' online-SGD
    // run at the ci size (t = 5–10): −4.12, −3.81, −4.61 for seeds 1–3 (band: 3 × their sd); at
    // this length the run is far from stationary
    onlineSgdEquipartitionCi: {
      value: -4.18,
      size: 'ci',
      how: 'seeds 1–3, mean over t = 5–10',
      band: 1.2,
      digits: 1
    }
  }
} as const satisfies Record<string, Record<string, LessonMeasurement>>

/** "−0.41 (ci size, 4 seeds per width)": a stored measurement as a lesson quotes it. */
export function quoteMeasurement(m: LessonMeasurement): string {
  const v = m.value.toFixed(m.digits).replace('-', '−')
  return `${v} (${m.size} size, ${m.how})`
}
