import type { BackendName, ExperimentSpec } from '@shared/spec/experiment-spec'

/** A backend the estimator has a speed and memory model for ('auto' is estimated as js, what it picks on a CPU). */
export type EstimatedBackend = Exclude<BackendName, 'auto'>

/**
 * Rough speed of each backend in multiply-adds per second on this project's reference machine
 * (2-core CPU; webgpu on a discrete GPU), and a fixed cost per device call (one chunk).
 * Calibrated once: MMN two Gaussians, M = 200, d = 40, B = 1 ran 21.9k steps/s on the js backend.
 * Ballpark figures: the estimate is for "seconds or hours?", not for benchmarks.
 */
export const BACKEND_MODEL: Record<
  EstimatedBackend,
  {
    flopsPerSecond: number
    callOverheadSeconds: number
    memoryLimitBytes: number
    bufferLimitBytes: number
  }
> = {
  js: {
    flopsPerSecond: 6e8,
    callOverheadSeconds: 0,
    memoryLimitBytes: 4 * 2 ** 30,
    bufferLimitBytes: 2 ** 31
  },
  cpu: {
    flopsPerSecond: 2e8,
    callOverheadSeconds: 1e-4,
    memoryLimitBytes: 4 * 2 ** 30,
    bufferLimitBytes: 2 ** 31
  },
  webasm: {
    flopsPerSecond: 1e9,
    callOverheadSeconds: 2e-4,
    memoryLimitBytes: 2 * 2 ** 30,
    bufferLimitBytes: 2 ** 30
  },
  webgpu: {
    flopsPerSecond: 2e10,
    callOverheadSeconds: 2e-3,
    memoryLimitBytes: 8 * 2 ** 30,
    bufferLimitBytes: 2 ** 30
  }
}

/** Bytes and seconds a run needs, and whether it fits the chosen backend. */
export interface RunEstimate {
  backend: EstimatedBackend
  /** Device + host bytes: particles (float32 state, gradient, noise, float64 host copy) and data. */
  bytes: number
  breakdown: { particles: number; data: number; snapshots: number }
  /** Largest single buffer (a device limit on its own). */
  largestBufferBytes: number
  seconds: number
  stepsPerSecond: number
  fits: boolean
  /** Why it does not fit; null when it does. */
  reason: string | null
}

/** Samples one step touches: n for full-batch GD, B otherwise. */
export function samplesPerStep(spec: ExperimentSpec): number {
  return spec.dynamics.kind === 'gd' ? spec.task.trainSize : spec.dynamics.batchSize
}

/**
 * Estimates memory and time of a run. Memory: M(d+2) parameters as float32 ×3 (state, gradient, noise)
 * plus a float64 host copy; data (n_train + n_test)(d+1) float64 on the host and float32 on the device
 * (one-pass SGD keeps one chunk of fresh samples instead of a training set). Time: a forward and a
 * backward pass cost ≈ 4·M·(d+2) multiply-adds per sample, plus one risk evaluation every
 * `observe.every` steps and a fixed overhead per chunk.
 */
export function estimateRun(spec: ExperimentSpec, backend?: EstimatedBackend): RunEstimate {
  const b: EstimatedBackend =
    backend ?? (spec.compute.backend === 'auto' ? 'js' : spec.compute.backend)
  const model = BACKEND_MODEL[b]
  const m = spec.model.width
  const d = spec.task.dim
  const p = m * (d + 2)
  const particles = p * (3 * 4 + 8)
  const online = spec.dynamics.kind === 'online-sgd'
  const chunk = Math.min(spec.compute.chunkSteps, Math.max(1, spec.dynamics.steps))
  const trainRows = online ? chunk * spec.dynamics.batchSize : spec.task.trainSize
  const testRows = online ? spec.observe.riskSamples : spec.task.testSize
  const data = (trainRows + testRows) * (d + 1) * (8 + 4)
  const snapshotCount =
    spec.observe.snapshotEvery > 0
      ? Math.floor(spec.dynamics.steps / spec.observe.snapshotEvery)
      : 0
  const snapshots = (snapshotCount + 1) * p * 4
  const bytes = particles + data + snapshots
  const largestBufferBytes = Math.max(p * 4, trainRows * (d + 1) * 4, testRows * (d + 1) * 4)

  const flopsPerStep = 4 * p * samplesPerStep(spec)
  const evalRows = online ? spec.observe.riskSamples : spec.task.testSize + spec.task.trainSize
  const flopsPerRecord = 2 * p * evalRows
  const stepSeconds =
    flopsPerStep / model.flopsPerSecond +
    flopsPerRecord / model.flopsPerSecond / spec.observe.every +
    model.callOverheadSeconds / chunk
  const seconds = spec.dynamics.steps * stepSeconds

  let reason: string | null = null
  if (bytes - snapshots > model.memoryLimitBytes)
    reason = `needs ${formatBytes(bytes - snapshots)} of working memory; ${b} allows ${formatBytes(model.memoryLimitBytes)}`
  else if (largestBufferBytes > model.bufferLimitBytes)
    reason = `one buffer of ${formatBytes(largestBufferBytes)} exceeds ${b}'s ${formatBytes(model.bufferLimitBytes)} limit`
  return {
    backend: b,
    bytes,
    breakdown: { particles, data, snapshots },
    largestBufferBytes,
    seconds,
    stepsPerSecond: stepSeconds > 0 ? 1 / stepSeconds : Infinity,
    fits: reason === null,
    reason
  }
}

/** '1.5 MiB' style sizes. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return `${v < 10 && u > 0 ? v.toFixed(1) : Math.round(v)} ${units[u]}`
}

/** '45 s', '3 min', '2.5 h' style durations. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '∞'
  if (s < 1) return '< 1 s'
  if (s < 90) return `${Math.round(s)} s`
  if (s < 5400) return `${Math.round(s / 60)} min`
  if (s < 172_800) return `${(s / 3600).toFixed(1)} h`
  return `${(s / 86_400).toFixed(1)} days`
}
