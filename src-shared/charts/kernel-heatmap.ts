import { makeActivation } from '../science/activations'
import { intrinsicKernel, neuronFeatures } from '../science/kernels/intrinsic-kernel'
import type { Dataset } from '../science/particles'
import { runProbeSet } from '../engine/run-data'
import type { Session } from '../session/session-types'
import type { ActivationSpec, ExperimentSpec } from '../spec/experiment-spec'
import type { ParticleArrays } from './particle-scatter-chart'

/** Most probe points a heatmap shows (its cells are n²; the kernel costs n²·M). */
export const HEATMAP_MAX_POINTS = 120

/** The intrinsic kernel of a particle snapshot on probe points ordered by their label. */
export interface KernelHeatmap {
  /** Probe points shown. */
  n: number
  /** K_μ(x_i, x_j) = (1/M) Σ_k σ(⟨w_k, x_i⟩ + b_k) σ(⟨w_k, x_j⟩ + b_k), row-major n×n. */
  values: Float64Array
  /** The labels of the shown points, ascending (the order of rows and columns). */
  labels: Float64Array
  min: number
  max: number
}

/**
 * The intrinsic kernel K_μ (docs/science.md#observables) of the particles on the first `max` probe points,
 * rows and columns sorted by label so that a kernel aligned with the target shows as blocks
 * (two classes) or a smooth ramp. Float64 from the float32 snapshot.
 */
export function kernelHeatmap(
  particles: ParticleArrays,
  activation: ActivationSpec,
  probe: Dataset,
  max = HEATMAP_MAX_POINTS
): KernelHeatmap {
  const n = Math.min(max, probe.n)
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => probe.y[i] - probe.y[j])
  const x = new Float64Array(n * probe.d)
  const labels = new Float64Array(n)
  order.forEach((row, i) => {
    x.set(probe.x.subarray(row * probe.d, (row + 1) * probe.d), i * probe.d)
    labels[i] = probe.y[row]
  })
  const p = {
    m: particles.m,
    d: particles.d,
    a: Float64Array.from(particles.a),
    b: Float64Array.from(particles.b),
    w: Float64Array.from(particles.w)
  }
  const values = intrinsicKernel(neuronFeatures(p, makeActivation(activation), x, n), n, p.m)
  let min = Infinity
  let max_ = -Infinity
  for (const v of values) {
    if (v < min) min = v
    if (v > max_) max_ = v
  }
  return { n, values, labels, min, max: max_ }
}

/** Whether a run shows the kernel heatmap: it has a kernel observable or learns a kernel. */
export function wantsKernelHeatmap(spec: ExperimentSpec): boolean {
  return (
    spec.observe.observables.some((o) => o === 'alignment' || o === 'dof') ||
    spec.dynamics.kind === 'two-timescale'
  )
}

/**
 * The heatmap of a stored session's last particle snapshot (what a report draws), with its step;
 * null when the run does not show one, has no snapshot, or has no probe set (CSV).
 */
export function sessionKernelHeatmap(
  session: Session
): { step: number; heat: KernelHeatmap } | null {
  const snap = session.snapshots.at(-1)
  if (!wantsKernelHeatmap(session.spec) || !snap) return null
  const probe = runProbeSet(session.spec)
  if (!probe) return null
  return { step: snap.step, heat: kernelHeatmap(snap, session.spec.model.activation, probe) }
}

/** Colour stops of the heatmap (perceptually ordered, dark → light, like viridis). */
const STOPS: readonly [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37]
]

/** The colour of v ∈ [0, 1] on the heatmap's scale, as [r, g, b] in 0…255. */
export function heatColor(v: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)) * (STOPS.length - 1)
  const i = Math.min(STOPS.length - 2, Math.floor(t))
  const f = t - i
  const [a, b] = [STOPS[i], STOPS[i + 1]]
  return [0, 1, 2].map((c) => Math.round(a[c] + f * (b[c] - a[c]))) as [number, number, number]
}

/** The CSS gradient of the colour scale, for a legend bar. */
export function heatGradientCss(): string {
  return `linear-gradient(to right, ${STOPS.map(([r, g, b]) => `rgb(${r}, ${g}, ${b})`).join(', ')})`
}

/** The heatmap as RGBA pixels (one per cell, row i = probe point i), scaled from min to max. */
export function heatmapPixels(h: KernelHeatmap): Uint8ClampedArray {
  const out = new Uint8ClampedArray(h.n * h.n * 4)
  const span = h.max - h.min || 1
  for (let k = 0; k < h.n * h.n; k++) {
    const [r, g, b] = heatColor((h.values[k] - h.min) / span)
    out.set([r, g, b, 255], k * 4)
  }
  return out
}
