import type { ClaimResult } from '../claims/claim-types'
import type { ExperimentSpec } from '../spec/experiment-spec'
import type {
  BackendReport,
  Checkpoint,
  MetricRecord,
  NormHistogram
} from '../engine/simulation-types'

/** The life of a session: written by `new`, then running, paused, and one of the three ends. */
export type SessionStatus = 'created' | 'running' | 'paused' | 'completed' | 'stopped' | 'failed'

/** A user's note pinned to a step. */
export interface SessionNote {
  step: number
  text: string
  createdAt: string
}

/** A named step to come back to. */
export interface Bookmark {
  step: number
  label: string
}

/** A guided experiment's text and which spec paths it invites the user to change. */
export interface Lesson {
  narrative: string
  /** Dotted spec paths, e.g. 'model.width'. */
  editable: string[]
}

/** Particles at one step as float32 (the compact form kept for views): w row-major m×d. */
export interface ParticleSnapshot {
  step: number
  m: number
  d: number
  a: Float32Array
  b: Float32Array
  w: Float32Array
}

/** The program that wrote a session. */
export interface AppStamp {
  name: string
  version: string
}

/**
 * One experiment as held in memory: what a `.mflab` file decodes to and encodes from.
 * `series` are the metric columns (MetricColumns, equal lengths, one entry per record);
 * `data` holds extra float64 arrays a task needs (e.g. a CSV task's rows), by name.
 */
export interface Session {
  app: AppStamp
  /** ISO 8601 times. */
  createdAt: string
  updatedAt: string
  spec: ExperimentSpec
  status: SessionStatus
  /** Steps done and time t reached by the stored results. */
  step: number
  time: number
  /** Which backend produced the results; null before the first run. */
  backend: BackendReport | null
  /** Latest value of each metric (NaN where undefined). */
  summary: MetricRecord
  /** Why the run failed or stopped, when it did. */
  message: string | null
  notes: SessionNote[]
  bookmarks: Bookmark[]
  lesson: Lesson | null
  series: Record<string, Float64Array>
  histograms: NormHistogram[]
  snapshots: ParticleSnapshot[]
  /** Where to resume from; null when the run has not started. */
  checkpoint: Checkpoint | null
  data: Record<string, Float64Array>
  /** The preset's claim verdicts at the end of the last run (absent before one, or without a preset). */
  claims?: ClaimResult[]
}
