import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ClaimResult } from '@shared/claims'
import type { BackendReport, NormHistogram } from '@shared/engine/simulation-types'
import type { ExperimentSpec } from '@shared/spec/experiment-spec'
import type { Lesson, ParticleSnapshot } from '@shared/session/session-types'
import type {
  PresetSummary,
  RunEvent,
  RunId,
  RunStatus,
  SessionData
} from '@shared/protocol/lab-api'
import { SeriesBuffer } from './series-buffer'

/** Particle snapshots kept for the replay slider; past this many, every other one is dropped. */
export const MAX_REPLAY_SNAPSHOTS = 64

/**
 * Appends a snapshot to a replay history, thinning it by half when full (so it spans the whole
 * run at an even, coarser spacing); a snapshot at a step already held replaces it.
 */
export function keepSnapshot(
  list: readonly ParticleSnapshot[],
  s: ParticleSnapshot
): ParticleSnapshot[] {
  let out = list.at(-1)?.step === s.step ? list.slice(0, -1) : [...list]
  if (out.length >= MAX_REPLAY_SNAPSHOTS) out = out.filter((_, i) => i % 2 === 0)
  out.push(s)
  return out
}

/** A note (bookmark) on the timeline of a run. */
export interface RunNote {
  step: number
  text: string
}

/** The lesson a session carries, re-checked: a file is untrusted data whatever its declared type. */
export function lessonOf(data: SessionData): Lesson | null {
  return asLesson(data.lesson)
}

/**
 * The lesson of a preset summary, when the backend sends one (`narrative` and `editable` beside the
 * declared PresetSummary fields), else null.
 */
export function presetLesson(p: PresetSummary | undefined): Lesson | null {
  return p ? asLesson(p) : null
}

function asLesson(l: unknown): Lesson | null {
  if (!l || typeof l !== 'object') return null
  const { narrative, editable } = l as Partial<Lesson>
  if (typeof narrative !== 'string') return null
  return {
    narrative,
    editable: Array.isArray(editable) ? editable.filter((p) => typeof p === 'string') : []
  }
}

/**
 * The run shown in the dashboard: small state in refs, metric series in a SeriesBuffer behind a
 * shallowRef (mutated in place, `tick` bumps once per batch), particles and histograms as shallowRefs.
 */
export const useRunStore = defineStore('run', () => {
  const runId = ref<RunId | null>(null)
  const status = ref<RunStatus | 'idle'>('idle')
  const message = ref('')
  const spec = shallowRef<ExperimentSpec | null>(null)
  const backend = shallowRef<BackendReport | null>(null)
  const stepsPerSecond = ref(0)
  const series = shallowRef(new SeriesBuffer())
  const tick = ref(0)
  const histograms = shallowRef<NormHistogram[]>([])
  const particles = shallowRef<ParticleSnapshot | null>(null)
  /** Snapshots seen during this run, oldest first (for the replay slider). */
  const snapshots = shallowRef<ParticleSnapshot[]>([])
  const notes = ref<RunNote[]>([])
  const savedFile = ref<string | null>(null)
  const lesson = shallowRef<Lesson | null>(null)
  /** The claim verdicts a stored session carries (judged by the backend), else null. */
  const savedClaims = shallowRef<ClaimResult[] | null>(null)
  /** True when the dashboard shows a stored session that is not running in this backend. */
  const readOnly = ref(false)
  // Events can arrive before startRun() resolves with the id: keep a few to replay in begin().
  let early: RunEvent[] = []

  const step = computed(() => {
    void tick.value
    const s = series.value.last('step')
    return Number.isFinite(s) ? s : (particles.value?.step ?? 0)
  })
  const totalSteps = computed(() => spec.value?.dynamics.steps ?? 0)
  const latestHistogram = computed(() => histograms.value.at(-1) ?? null)
  const active = computed(() => ['queued', 'running', 'paused'].includes(status.value))

  function reset(): void {
    runId.value = null
    status.value = 'idle'
    message.value = ''
    spec.value = null
    backend.value = null
    stepsPerSecond.value = 0
    series.value = new SeriesBuffer()
    tick.value++
    histograms.value = []
    particles.value = null
    snapshots.value = []
    notes.value = []
    savedFile.value = null
    lesson.value = null
    savedClaims.value = null
    readOnly.value = false
  }

  /** Starts showing a fresh run. */
  function begin(id: RunId, s: ExperimentSpec | null, l: Lesson | null = null): void {
    reset()
    runId.value = id
    spec.value = s
    status.value = 'queued'
    lesson.value = l
    const replay = early.filter((e) => e.runId === id)
    early = []
    for (const e of replay) onEvent(e)
  }

  /** Shows a stored session (its series, histograms, latest particles and notes). */
  function load(data: SessionData, live = false): void {
    reset()
    runId.value = data.summary.id
    status.value = data.summary.status
    spec.value = data.spec
    backend.value = data.backend
    series.value.load(data.series)
    histograms.value = data.histograms
    particles.value = data.particles
    snapshots.value = particles.value ? [particles.value] : []
    notes.value = data.notes.map((n) => ({ ...n }))
    savedFile.value = data.summary.fileName
    lesson.value = lessonOf(data)
    savedClaims.value = Array.isArray(data.claims) ? data.claims : null
    readOnly.value = !live
    tick.value++
  }

  /** Applies one event of the current run; events of other runs are ignored. */
  function onEvent(e: RunEvent): void {
    if (e.runId !== runId.value) {
      early.push(e)
      if (early.length > 256) early = early.slice(-128)
      return
    }
    switch (e.kind) {
      case 'status':
        status.value = e.status
        if (e.message !== undefined) message.value = e.message
        if (e.status === 'running' || e.status === 'paused') readOnly.value = false
        break
      case 'metrics':
        series.value.append(e.records)
        stepsPerSecond.value = e.stepsPerSecond
        tick.value++
        break
      case 'histogram':
        histograms.value = [...histograms.value, e.histogram]
        break
      case 'particles':
        particles.value = { step: e.step, m: e.m, d: e.d, a: e.a, b: e.b, w: e.w }
        snapshots.value = keepSnapshot(snapshots.value, particles.value)
        break
      case 'backend':
        backend.value = e.backend
        break
      case 'error':
        status.value = 'failed'
        message.value = e.message
        break
      case 'saved':
        savedFile.value = e.fileName
        break
    }
  }

  return {
    runId,
    status,
    message,
    spec,
    backend,
    stepsPerSecond,
    series,
    tick,
    histograms,
    particles,
    snapshots,
    notes,
    savedFile,
    lesson,
    savedClaims,
    readOnly,
    step,
    totalSteps,
    latestHistogram,
    active,
    reset,
    begin,
    load,
    onEvent
  }
})
