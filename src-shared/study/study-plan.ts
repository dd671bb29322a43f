import { APP_STAMP, createSession } from '../session/create-session'
import type { ExperimentSpec } from '../spec/experiment-spec'
import { applyAssignments, parseValue, SetPathError } from '../spec/set-path'
import {
  VARIANT_PARAM,
  type Study,
  type StudyDefinition,
  type StudyRun,
  type SweepValue
} from './study-types'

/** Most runs one study may plan (values × seeds). */
export const MAX_STUDY_RUNS = 1000

/** A study definition that cannot be planned; the message says which part and why. */
export class StudyPlanError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StudyPlanError'
  }
}

/**
 * Parses a comma-separated list of sweep values (`20,80,320`) the way `--set` parses one value.
 * Throws StudyPlanError for an empty list, an empty item, a non-scalar value or a repeat.
 */
export function parseSweepValues(param: string, text: string): SweepValue[] {
  const items = text.split(',').map((s) => s.trim())
  if (!text.trim() || items.some((s) => s === ''))
    throw new StudyPlanError(
      `--values: expected a comma-separated list like 20,80,320, got '${text}'`
    )
  const values = items.map((raw) => {
    let v: unknown
    try {
      v = parseValue(param, raw)
    } catch (e) {
      throw new StudyPlanError(`--values: ${(e as Error).message}`)
    }
    if (v !== null && !['number', 'string', 'boolean'].includes(typeof v))
      throw new StudyPlanError(`--values: '${raw}' is not a number, word or boolean`)
    // A study file is JSON: ±Infinity would come back as null.
    if (typeof v === 'number' && !Number.isFinite(v))
      throw new StudyPlanError(`--values: '${raw}' is not a finite number`)
    return v as SweepValue
  })
  const seen = new Set<string>()
  for (const v of values) {
    const key = JSON.stringify(v)
    if (seen.has(key)) throw new StudyPlanError(`--values: ${key} is listed twice`)
    seen.add(key)
  }
  return values
}

/** Parses `1,2,3` as distinct seeds (whole numbers 0 … 2³²−1). */
export function parseSeeds(text: string): number[] {
  const items = text.split(',').map((s) => s.trim())
  const seeds = items.map((raw) => {
    const v = Number(raw)
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(v) || v > 2 ** 32 - 1)
      throw new StudyPlanError(`--seeds: '${raw}' is not a whole number in 0 … 4294967295`)
    return v
  })
  if (new Set(seeds).size !== seeds.length)
    throw new StudyPlanError('--seeds: a seed is listed twice')
  return seeds
}

/**
 * The spec of one run: the base spec with `param = value` and `seed`, validated. Throws
 * StudyPlanError naming the value when the result is not a valid spec (out of range, unknown field).
 */
export function runSpec(def: StudyDefinition, value: SweepValue, seed: number): ExperimentSpec {
  const segments = def.param.split('.')
  try {
    const spec = applyAssignments(def.baseSpec, [
      { path: def.param, segments, value },
      { path: 'seed', segments: ['seed'], value: seed }
    ])
    return {
      ...spec,
      title: clip(`${def.baseSpec.title} · ${def.param}=${String(value)} · seed ${seed}`, MAX_TITLE)
    }
  } catch (e) {
    if (e instanceof SetPathError)
      throw new StudyPlanError(`--values ${JSON.stringify(value)}: ${e.message}`)
    throw e
  }
}

/** Longest title a spec or a study manifest holds. */
export const MAX_TITLE = 200

/** `text` cut to `max` characters, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** Checks the shape of a definition (param, values, seeds, size of the plan). */
export function checkDefinition(def: StudyDefinition): void {
  if (def.param === 'seed') throw new StudyPlanError('--param seed: seeds are swept with --seeds')
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*|\.[0-9]+)*$/.test(def.param))
    throw new StudyPlanError(`--param: '${def.param}' is not a dotted spec path like model.width`)
  if (def.values.length === 0) throw new StudyPlanError('--values: at least one value is needed')
  if (def.seeds.length === 0) throw new StudyPlanError('--seeds: at least one seed is needed')
  const n = def.values.length * def.seeds.length
  if (n > MAX_STUDY_RUNS)
    throw new StudyPlanError(`${n} runs (values × seeds) is more than ${MAX_STUDY_RUNS}`)
}

/**
 * A fresh study: every run planned (value-major) as a session with status 'created'. Every run's
 * spec is validated first, so a bad value fails here, before anything runs.
 */
export function createStudy(def: StudyDefinition, now = new Date().toISOString()): Study {
  checkDefinition(def)
  def = { ...def, title: clip(def.title, MAX_TITLE) }
  const runs: StudyRun[] = []
  for (const value of def.values)
    for (const seed of def.seeds)
      runs.push({
        index: runs.length,
        value,
        seed,
        session: createSession(runSpec(def, value, seed), { now }),
        seconds: 0
      })
  return { app: APP_STAMP, createdAt: now, updatedAt: now, definition: def, runs }
}

/** One planned variant: its label and its validated spec (the preset at a size with the variant). */
export interface LabelledSpec {
  label: string
  spec: ExperimentSpec
}

/**
 * A fresh variant study from an explicit list of labelled specs (param 'variant', values the
 * labels): with `seeds` null each spec runs once with its own seed (the variants set it), else each
 * runs once per seed (label-major, as a sweep is value-major). The base spec is the first spec.
 * Throws StudyPlanError for no specs, a repeated or empty label, or too many runs.
 */
export function createVariantStudy(
  head: Pick<StudyDefinition, 'title' | 'preset' | 'size'>,
  specs: readonly LabelledSpec[],
  seeds: number[] | null,
  now = new Date().toISOString()
): Study {
  if (specs.length === 0) throw new StudyPlanError('--variants: the preset has no variants')
  const labels = specs.map((s) => s.label)
  if (labels.some((l) => !l || l.length > 200))
    throw new StudyPlanError('--variants: a variant label is empty or longer than 200 characters')
  if (new Set(labels).size !== labels.length)
    throw new StudyPlanError('--variants: a variant label is listed twice')
  const ownSeeds = seeds === null
  const planSeeds = ownSeeds
    ? [...new Set(specs.map((s) => s.spec.seed))].sort((a, b) => a - b)
    : seeds
  const def: StudyDefinition = {
    title: clip(head.title, MAX_TITLE),
    preset: head.preset,
    size: head.size,
    baseSpec: specs[0].spec,
    param: VARIANT_PARAM,
    values: labels,
    seeds: planSeeds,
    variantStudy: { seedsFromVariants: ownSeeds }
  }
  checkDefinition(def)
  const runs: StudyRun[] = []
  for (const { label, spec } of specs)
    for (const seed of ownSeeds ? [spec.seed] : planSeeds) {
      const title = `${spec.title} · ${label}${ownSeeds ? '' : ` · seed ${seed}`}`
      runs.push({
        index: runs.length,
        value: label,
        seed,
        label,
        session: createSession({ ...spec, seed, title: clip(title, MAX_TITLE) }, { now }),
        seconds: 0
      })
    }
  return { app: APP_STAMP, createdAt: now, updatedAt: now, definition: def, runs }
}
