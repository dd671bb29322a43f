import type { StudyRun } from '../claims'
import { createSimulation } from '../engine/create-simulation'
import type { ExperimentSpec } from '../spec/experiment-spec'
import type { LessonMeasurement } from '../spec/lesson-measurements'
import { presetSpec, presetVariants, type PresetSize } from '../spec/presets'
import { variantPreset } from '../study/preset-study'
import {
  LESSON_MEASURES,
  MEASURE_SEEDS,
  seedlessLabel,
  type LessonMeasure
} from './lesson-measures'

/** One run a preset's measurements need. */
export interface PlannedRun {
  label: string
  spec: ExperimentSpec
}

/**
 * The runs behind a preset's lesson numbers at a size: the variants its measures need, each with
 * MEASURE_SEEDS unless the preset's variants already name their seeds (then those seeds).
 */
export function measurePlan(preset: string, size: PresetSize): PlannedRun[] {
  const measures = LESSON_MEASURES.filter((m) => m.preset === preset)
  const vp = variantPreset(preset)
  const all: PlannedRun[] = vp
    ? presetVariants(vp, size).map((v) => ({
        label: v.label,
        spec: presetSpec(preset, { size, variant: v.label })
      }))
    : [{ label: '', spec: presetSpec(preset, { size }) }]
  const needed = all.filter((r) =>
    measures.some((m) => !m.variants || m.variants(seedlessLabel(r.label)))
  )
  if (needed.some((r) => seedlessLabel(r.label) !== r.label)) return needed
  return needed.flatMap((r) =>
    MEASURE_SEEDS.map((seed) => ({
      label: r.label ? `${r.label}, seed ${seed}` : `seed ${seed}`,
      spec: { ...r.spec, seed }
    }))
  )
}

/**
 * Whether a preset's measurement plan at a size is exactly its variant study (the study names its
 * own seeds and the numbers need every variant): then `mflab sweep --preset ID --variants` makes
 * the very runs the numbers are measured on.
 */
export function planIsTheStudy(preset: string, size: PresetSize): boolean {
  const vp = variantPreset(preset)
  if (!vp) return false
  const study = presetVariants(vp, size).map((v) => v.label)
  const plan = measurePlan(preset, size).map((r) => r.label)
  return plan.length === study.length && plan.every((l, i) => l === study[i])
}

/** Every number of a preset measured on given runs (the runs of its plan, made elsewhere). */
export function measurePresetOn(
  preset: string,
  runs: readonly StudyRun[],
  meta: { size: PresetSize; command: string; date: string }
): { name: string; measurement: LessonMeasurement }[] {
  return LESSON_MEASURES.filter((m) => m.preset === preset).map((m) => ({
    name: m.name,
    measurement: measureOn(
      m,
      runs.filter((r) => !m.variants || m.variants(seedlessLabel(r.label))),
      meta
    )
  }))
}

/** Runs one spec on the float64 js engine, as the claims see it. */
export async function runForMeasure(spec: ExperimentSpec): Promise<StudyRun> {
  const sim = await createSimulation(spec, { backend: 'js' })
  try {
    const records = await sim.advance(spec.dynamics.steps)
    const series: Record<string, number[]> = {}
    for (const [i, r] of records.entries())
      for (const [k, v] of Object.entries(r))
        (series[k] ??= new Array<number>(records.length).fill(NaN))[i] = v
    return { label: '', spec, series, finished: true }
  } finally {
    sim.dispose()
  }
}

/** Jackknife standard error over seeds of a statistic of the runs (leave one seed out). */
export function jackknifeOverSeeds(
  runs: readonly StudyRun[],
  stat: (runs: readonly StudyRun[]) => number
): number {
  const seeds = [...new Set(runs.map((r) => r.spec.seed))]
  const k = seeds.length
  if (k < 2) return NaN
  const loo = seeds.map((s) => stat(runs.filter((r) => r.spec.seed !== s)))
  const m = loo.reduce((a, x) => a + x, 0) / k
  return Math.sqrt(((k - 1) / k) * loo.reduce((a, x) => a + (x - m) ** 2, 0))
}

/**
 * Standard errors (jackknife over seeds) a rerun may move a quoted number by before the lesson test
 * fails: the rerun uses the same seeds, so its sampling noise cancels and a move beyond two
 * standard errors of the seed scatter is a change of the engine at the 5% level.
 */
export const BAND_STANDARD_ERRORS = 2

/** Half a unit of the last significant digit shown: the least band a number gets. */
export function halfLastDigit(value: number, digits: number): number {
  if (!Number.isFinite(value) || value === 0) return 0
  return 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(value))) - digits + 1)
}

/** A measure's number on its runs, with its band. */
export function measureOn(
  m: LessonMeasure,
  runs: readonly StudyRun[],
  meta: { size: PresetSize; command: string; date: string }
): LessonMeasurement {
  const value = m.value(runs)
  const se = jackknifeOverSeeds(runs, (rs) => m.value(rs))
  const band = Math.max(
    BAND_STANDARD_ERRORS * (Number.isFinite(se) ? se : 0),
    halfLastDigit(value, m.digits)
  )
  const seeds = [...new Set(runs.map((r) => r.spec.seed))].sort((a, b) => a - b)
  return {
    value,
    band,
    digits: m.digits,
    size: meta.size,
    seeds,
    runs: runs.length,
    command: meta.command,
    date: meta.date
  }
}

/**
 * Measures every lesson number of the given presets (all when none) at a size: runs the plan of
 * each preset and applies its measures. `onRun` hears of each run as it starts.
 */
export async function measureLessons(
  size: PresetSize,
  opts: {
    presets?: readonly string[]
    command: string
    date: string
    onRun?: (preset: string, label: string) => void
  }
): Promise<{ preset: string; name: string; measurement: LessonMeasurement }[]> {
  const presets = [...new Set(LESSON_MEASURES.map((m) => m.preset))].filter(
    (p) => !opts.presets?.length || opts.presets.includes(p)
  )
  const out: { preset: string; name: string; measurement: LessonMeasurement }[] = []
  for (const preset of presets) {
    const runs: StudyRun[] = []
    for (const p of measurePlan(preset, size)) {
      opts.onRun?.(preset, p.label)
      runs.push({ ...(await runForMeasure(p.spec)), label: p.label })
    }
    for (const x of measurePresetOn(preset, runs, { size, ...opts })) out.push({ preset, ...x })
  }
  return out
}
