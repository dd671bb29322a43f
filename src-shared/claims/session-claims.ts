import type { Session } from '../session/session-types'
import type { ClaimResult } from './claim-types'
import { evaluateClaims } from './claims-for-preset'

/**
 * The verdicts of the claims of the session's preset (spec.preset) on its results: a run claim is
 * judged once the run completed (status 'completed'), null where it cannot be judged; [] when the
 * session has no preset or the preset has no claims.
 */
export function sessionClaims(session: Session): ClaimResult[] {
  const preset = session.spec.preset
  if (!preset) return []
  return evaluateClaims(preset, {
    spec: session.spec,
    series: session.series,
    histograms: session.histograms,
    finished: session.status === 'completed'
  })
}
