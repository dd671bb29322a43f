export type {
  ClaimInput,
  ClaimResult,
  ClaimSpec,
  RunClaim,
  RunClaimInput,
  StudyClaim,
  StudyClaimInput,
  StudyRun,
  Verdict
} from './claim-types'
export { claimsForPreset, evaluateClaims } from './claims-for-preset'
export { sessionClaims } from './session-claims'
export { histogramBimodality, type BimodalityTest } from './histogram-bimodality'
