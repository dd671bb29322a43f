import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ChosenData, DataRows } from '@shared/protocol/lab-api'
import { CSV_X, CSV_Y, csvRowsProblem } from '@shared/session/csv-rows'
import { withCsvTask } from '@shared/spec/csv-task-spec'
import {
  activation,
  experimentSpec,
  initLaw,
  parseSpec,
  schedule,
  task,
  type ExperimentSpec
} from '@shared/spec/experiment-spec'
import { getPath, setPath } from '@shared/spec/set-path'
import { underPrefix, WIZARD_STEPS } from '../spec-fields'

/** A draft spec: plain JSON the user edits; validated by `parseSpec` on every change. */
export type Draft = Record<string, unknown>

/** A fully defaulted spec as a plain, editable object. */
export function defaultDraft(): Draft {
  return JSON.parse(JSON.stringify(experimentSpec.parse({}))) as Draft
}

/** A switchable sub-object (task, activation, law, schedule): its new value for another `kind`. */
function switchKind(path: string, old: unknown, kind: string): unknown {
  const prev = (old && typeof old === 'object' ? old : {}) as Record<string, unknown>
  if (path === 'task') {
    const carry = { kind, dim: prev.dim, trainSize: prev.trainSize, testSize: prev.testSize }
    const r = task.safeParse(carry)
    return r.success ? r.data : { ...carry, source: '' }
  }
  if (path.endsWith('activation') || path.endsWith('link')) {
    const r = activation.safeParse(
      kind === 'piecewise-linear'
        ? {
            kind,
            knots: [
              [-1, 0],
              [0, 0],
              [1, 1]
            ]
          }
        : { kind }
    )
    return r.success ? r.data : { kind }
  }
  if (path.startsWith('model.init.')) {
    const base =
      kind === 'normal' ? { kind, mean: 0, std: 1, scaleByDim: false } : { kind, value: 1 }
    return initLaw.parse(base)
  }
  if (path === 'dynamics.schedule') return schedule.parse({ kind })
  return { ...prev, kind }
}

/**
 * The experiment wizard: a draft spec, the current step, and per-field errors from the zod schema.
 * Next is blocked while the current step has an error; Start while any field has one.
 */
export const useWizardStore = defineStore('wizard', () => {
  const draft = ref<Draft>(defaultDraft())
  const stepIndex = ref(0)
  /** Preset the draft came from, if any (kept in spec.preset too). */
  const presetId = ref<string | null>(null)

  const validation = computed(() => parseSpec(draft.value))
  /** First error message per dotted path. */
  const errors = computed<Record<string, string>>(() => {
    const out: Record<string, string> = {}
    const v = validation.value
    if (!v.ok) for (const i of v.issues) out[i.path] ??= i.message
    return out
  })
  /** The validated spec, or null while the draft has errors. */
  const spec = computed<ExperimentSpec | null>(() =>
    validation.value.ok ? validation.value.spec : null
  )
  const steps = WIZARD_STEPS
  const isLast = computed(() => stepIndex.value === steps.length - 1)

  /** Errors (path → message) that belong to step i. */
  function stepErrors(i: number): Record<string, string> {
    const prefixes = steps[i]?.prefixes ?? []
    const out: Record<string, string> = {}
    for (const [path, msg] of Object.entries(errors.value))
      if (prefixes.some((p) => underPrefix(path, p))) out[path] = msg
    return out
  }
  /**
   * The rows of the user's CSV file (own-data step), held outside the draft: they are numbers, not
   * settings, and travel to the backend beside the spec. Never deep-reactive.
   */
  const data = shallowRef<ChosenData | null>(null)
  /** Why the chosen data cannot be run with the draft (no file yet, wrong dimension …), or null. */
  const dataError = computed<string | null>(() => {
    const s = spec.value
    if (!s || s.task.kind !== 'csv') return null
    if (!data.value) return 'choose your data file (a CSV file: feature columns, then the label)'
    const p = csvRowsProblem(s, { [CSV_X]: data.value.x, [CSV_Y]: data.value.y })
    return p ? p.reason : null
  })
  const canStart = computed(() => spec.value !== null && dataError.value === null)
  /** The step that holds the data field (its problems block leaving it, like a field's error). */
  const dataStep = steps.findIndex((st) => st.fields.some((f) => f.path === 'task.source'))
  const canNext = computed(
    () =>
      Object.keys(stepErrors(stepIndex.value)).length === 0 &&
      !(stepIndex.value === dataStep && dataError.value !== null)
  )

  /**
   * Uses a chosen data set: the draft becomes a CSV task of its dimension, 80/20 train/test, with
   * multi-pass SGD (the same rule as `mflab new --csv`). Settings other than the task stay.
   */
  function useData(chosen: ChosenData): void {
    data.value = chosen
    const base = validation.value.ok ? validation.value.spec : experimentSpec.parse({})
    draft.value = JSON.parse(JSON.stringify(withCsvTask(base, chosen, chosen.fileName))) as Draft
    presetId.value = null
  }

  /** The rows to send with the spec when the run starts (a CSV task), else undefined. */
  function rowsToSend(): DataRows | undefined {
    const s = spec.value
    if (!s || s.task.kind !== 'csv' || !data.value) return undefined
    return { x: data.value.x, y: data.value.y }
  }

  function fieldError(path: string): string | null {
    return errors.value[path] ?? null
  }

  function getField(path: string): unknown {
    return getPath(draft.value, path.split('.'))
  }

  /** Sets one field; changing a `kind` replaces its object with that kind's defaults. */
  function setField(path: string, value: unknown): void {
    if (path.endsWith('.kind')) {
      const parent = path.slice(0, -'.kind'.length).split('.')
      const next = switchKind(parent.join('.'), getPath(draft.value, parent), String(value))
      draft.value = setPath(draft.value, parent, next) as Draft
    } else draft.value = setPath(draft.value, path.split('.'), value) as Draft
  }

  /** Advances one step; returns false (and stays) when the current step has an error. */
  function next(): boolean {
    if (!canNext.value || stepIndex.value >= steps.length - 1) return false
    stepIndex.value++
    return true
  }

  function back(): void {
    if (stepIndex.value > 0) stepIndex.value--
  }

  function goTo(i: number): void {
    // Jumping forward is allowed only over steps without errors.
    for (let k = stepIndex.value; k < i; k++)
      if (Object.keys(stepErrors(k)).length || (k === dataStep && dataError.value)) return
    stepIndex.value = Math.max(0, Math.min(steps.length - 1, i))
  }

  /** Replaces the draft (a preset, a loaded session, or defaults) and returns to the first step. */
  function loadSpec(s: unknown, preset: string | null = null): void {
    draft.value = JSON.parse(JSON.stringify(s ?? experimentSpec.parse({}))) as Draft
    presetId.value = preset
    stepIndex.value = 0
    data.value = null
  }

  return {
    draft,
    stepIndex,
    presetId,
    validation,
    errors,
    spec,
    steps,
    isLast,
    canNext,
    canStart,
    data,
    dataError,
    useData,
    rowsToSend,
    stepErrors,
    fieldError,
    getField,
    setField,
    next,
    back,
    goTo,
    loadSpec
  }
})
