import type { Rng } from '../../science/rng'
import type { StepNoise } from '../../science/sgd-step'

/**
 * Draws one step's standard normals from `rng` in the order every host-noise backend uses:
 * g_a (M) if a trains, then g_b (M) if b trains, then g_w (M×d, row-major) if w trains.
 * Groups that do not train draw nothing, so the stream does not depend on unused draws.
 */
export function drawStepNoise(
  rng: Rng,
  out: StepNoise | { a: Float32Array; b: Float32Array; w: Float32Array },
  train: { a: boolean; b: boolean; w: boolean }
): void {
  if (train.a) rng.fillNormal(out.a)
  if (train.b) rng.fillNormal(out.b)
  if (train.w) rng.fillNormal(out.w)
}
