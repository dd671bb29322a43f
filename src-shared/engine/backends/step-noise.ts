import type { Rng } from '../../science/rng'
import type { NormalStream } from '../../science/normal-stream'
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

/** One step's normals as float32 views (valid until the stream's next draw). */
export interface StepNoiseViews {
  a: Float32Array
  b: Float32Array
  w: Float32Array
}

const EMPTY = new Float32Array(0)

/**
 * One step's standard normals from a {@link NormalStream}, the step noise of the js and
 * reference backends: ONE draw of (a ? M : 0) + (b ? M : 0) + (w ? M·d : 0) normals, split in
 * that order into g_a, g_b and g_w (row-major). Groups that do not train get an empty view and
 * draw nothing. The views are the stream's memory: use them before the next draw.
 */
export function nextStepNoise(
  stream: NormalStream,
  m: number,
  d: number,
  train: { a: boolean; b: boolean; w: boolean }
): StepNoiseViews {
  const na = train.a ? m : 0
  const nb = train.b ? m : 0
  const nw = train.w ? m * d : 0
  const z = stream.next(na + nb + nw)
  return {
    a: na ? z.subarray(0, na) : EMPTY,
    b: nb ? z.subarray(na, na + nb) : EMPTY,
    w: nw ? z.subarray(na + nb, na + nb + nw) : EMPTY
  }
}

/** {@link nextStepNoise} copied into float64 arrays (the science steps' StepNoise). */
export function drawStepNoiseFrom(
  stream: NormalStream,
  out: StepNoise,
  train: { a: boolean; b: boolean; w: boolean }
): void {
  const z = nextStepNoise(stream, out.a.length, out.w.length / Math.max(1, out.a.length), train)
  out.a.set(z.a)
  out.b.set(z.b)
  out.w.set(z.w)
}
