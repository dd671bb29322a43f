import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
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
  const canNext = computed(() => Object.keys(stepErrors(stepIndex.value)).length === 0)
  const canStart = computed(() => spec.value !== null)

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
    for (let k = stepIndex.value; k < i; k++) if (Object.keys(stepErrors(k)).length) return
    stepIndex.value = Math.max(0, Math.min(steps.length - 1, i))
  }

  /** Replaces the draft (a preset, a loaded session, or defaults) and returns to the first step. */
  function loadSpec(s: unknown, preset: string | null = null): void {
    draft.value = JSON.parse(JSON.stringify(s ?? experimentSpec.parse({}))) as Draft
    presetId.value = preset
    stepIndex.value = 0
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
