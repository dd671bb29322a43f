import { name, version } from '../../package.json'
import type { ExperimentSpec } from '../spec/experiment-spec'
import type { AppStamp, Lesson, Session } from './session-types'

/** The program writing sessions: the package's name and version. */
export const APP_STAMP: AppStamp = { name, version }

/** A fresh session of a spec, status 'created', with no results yet. `now` is an ISO time. */
export function createSession(
  spec: ExperimentSpec,
  opts: { lesson?: Lesson | null; now?: string } = {}
): Session {
  const now = opts.now ?? new Date().toISOString()
  return {
    app: APP_STAMP,
    createdAt: now,
    updatedAt: now,
    spec,
    status: 'created',
    step: 0,
    time: 0,
    backend: null,
    summary: {},
    message: null,
    notes: [],
    bookmarks: [],
    lesson: opts.lesson ?? null,
    series: {},
    histograms: [],
    snapshots: [],
    checkpoint: null,
    data: {}
  }
}

/**
 * The same session with its results cleared (a run restarting from step 0), keeping spec, notes,
 * bookmarks and lesson.
 */
export function resetResults(s: Session): Session {
  const { claims: _claims, ...rest } = s
  return {
    ...rest,
    status: 'created',
    step: 0,
    time: 0,
    backend: null,
    summary: {},
    message: null,
    series: {},
    histograms: [],
    snapshots: [],
    checkpoint: null
  }
}
