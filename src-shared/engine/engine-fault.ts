import type { DynamicsConfig, UpdateRule } from './particle-backend'

/**
 * Deliberate engine faults, for tests only: each one is a plausible bug that a guided experiment's
 * claims must catch (docs/claims.md, "Fault injection"). A fault is passed to `createSimulation` by
 * a test; no session file, CLI flag, IPC call or setting can name one.
 */
export const ENGINE_FAULTS = {
  'drift-scaled': 'drift step × 0.8 (the noise keeps √(4s/β))',
  'noise-halved': 'Langevin noise √(2s/β) instead of √(4s/β) (two-timescale: √(ηλ) for √(2ηλ))',
  'noise-off': 'Langevin noise off',
  'label-noise-ignored': 'σ̃ ignored (the label-noise runs step as σ̃ = 0)',
  'first-layer-frozen': 'first layer w frozen',
  'scaling-ignored': 'output scale α ignored: every run uses the mean-field 1/M',
  'pde-time-scaled': "the PDE overlay's time × 1.2",
  'second-layer-stale': 'two-timescale: the second layer is solved once, never re-solved',
  'decay-sign-flipped': 'weight decay with the wrong sign (+2sλθ)'
} as const

export type EngineFault = keyof typeof ENGINE_FAULTS

/** Factor on the drift of `drift-scaled`. */
export const FAULT_DRIFT_SCALE = 0.8
/** Factor on the PDE overlay's clock of `pde-time-scaled`. */
export const FAULT_PDE_TIME_SCALE = 1.2

/**
 * The backend config a fault runs with. The driver keeps the true config (its clock, records and
 * metrics are not faulty); only the device sees this one. `drift-scaled` multiplies the device's
 * step sizes by FAULT_DRIFT_SCALE (see faultStepScale) and compensates the noise here, so only the
 * drift is off.
 */
export function faultyConfig(cfg: DynamicsConfig, fault: EngineFault | undefined): DynamicsConfig {
  if (!fault) return cfg
  const out: DynamicsConfig = { ...cfg, fault }
  const tt = cfg.rule?.kind === 'two-timescale' ? { ...cfg.rule.params } : null
  switch (fault) {
    case 'drift-scaled':
      // √(4·0.8s/β') = √(4s/β) ⇔ β' = 0.8β; √(2·0.8η·λ') = √(2ηλ) ⇔ λ' = λ/0.8
      out.beta = cfg.beta * FAULT_DRIFT_SCALE
      if (tt) tt.temperature /= FAULT_DRIFT_SCALE
      break
    case 'noise-halved':
      out.beta = cfg.beta * 2
      if (tt) tt.temperature /= 2
      break
    case 'noise-off':
      out.beta = Infinity
      if (tt) tt.temperature = 0
      break
    case 'label-noise-ignored':
      if (tt) tt.mode = 'none'
      break
    case 'first-layer-frozen':
      out.train = { ...cfg.train, w: false }
      break
    case 'scaling-ignored':
      out.alpha = 1
      break
    case 'decay-sign-flipped':
      out.lambda = -cfg.lambda
      if (tt) tt.lambdaW = -tt.lambdaW
      break
  }
  if (tt) out.rule = { kind: 'two-timescale', params: tt } satisfies UpdateRule
  return out
}

/** The factor on the step sizes the device is given (the driver's clock keeps the true ones). */
export function faultStepScale(fault: EngineFault | undefined): number {
  return fault === 'drift-scaled' ? FAULT_DRIFT_SCALE : 1
}

/** The factor on the time at which the PDE overlay is read. */
export function faultPdeTimeScale(fault: EngineFault | undefined): number {
  return fault === 'pde-time-scaled' ? FAULT_PDE_TIME_SCALE : 1
}
