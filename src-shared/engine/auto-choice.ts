import { allocParticles } from '../science/particles'
import { Rng } from '../science/rng'
import type { Chunk, DynamicsConfig, ParticleBackend } from './particle-backend'
import { ruleOf } from './particle-backend'

/**
 * The batches a run's steps use: `batch` rows a step, from the training set (GD) or fresh rows;
 * `chunk`: the most steps the driver runs between two reads of the norms (chunkSteps, observe.every).
 */
export interface WorkShape {
  batch: number
  fromTrain: boolean
  chunk: number
}

/** The backends `auto` chooses between on a hardware GPU. */
export type AutoCandidate = 'webgpu' | 'js'

/** One remembered choice of `auto` for a shape class on an adapter. */
export interface AutoEntry {
  backend: AutoCandidate
  /** The measured speeds (steps/s) the choice came from. */
  stepsPerSecond: Record<AutoCandidate, number>
  /** ISO time of the measurement. */
  measuredAt: string
}

/** Where `auto` keeps its measured choices (the host's settings file, key `autoBackend`). */
export interface AutoMemory {
  get(key: string): AutoEntry | undefined
  set(key: string, entry: AutoEntry): void | Promise<void>
}

/** Wall time of each candidate's measurement: "a few hundred milliseconds". */
export const AUTO_MEASURE_MS = 300

/** The power of two at or above v: the size buckets of a shape class. */
function bucket(v: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, v)))
}

/**
 * The shape class a choice is remembered for: rule, noise, adapter, and batch, M and d rounded up
 * to powers of two (speeds within a bucket differ by well under the factor that separates js
 * from a GPU, so one measurement serves the bucket).
 */
export function shapeClass(cfg: DynamicsConfig, shape: WorkShape, adapter: string): string {
  const noise = Number.isFinite(cfg.beta) ? 'noisy' : 'noiseless'
  const batch = `${shape.fromTrain ? 'full' : 'fresh'} B≤${bucket(shape.batch)}`
  return `${ruleOf(cfg).kind}, ${noise}, ${batch}, M≤${bucket(cfg.m)}, d≤${bucket(cfg.d)} on ${adapter}`
}

/**
 * Steps per second of `backend` on the run's shape, from synthetic particles and data: one warm-up
 * chunk (kernel builds), then chunks doubling from one step up to the run's chunk, each followed by
 * the norms read the driver does, until `budgetMs` of `now()` has passed.
 * The backend's noise state is restored afterwards (the driver uploads the run's own particles and
 * training set when the run starts, so nothing else of the measurement survives).
 */
export async function measureSpeed(
  backend: ParticleBackend,
  cfg: DynamicsConfig,
  shape: WorkShape,
  budgetMs = AUTO_MEASURE_MS,
  now: () => number = () => performance.now()
): Promise<number> {
  const noise = backend.saveNoise()
  const rng = new Rng(cfg.seed, 'auto-measure')
  const p = allocParticles(cfg.m, cfg.d)
  for (const k of ['a', 'b', 'w'] as const)
    for (let i = 0; i < p[k].length; i++)
      p[k][i] = rng.normal() / (k === 'w' ? Math.sqrt(cfg.d) : 1)
  await backend.upload(p)
  const rows = (n: number) => {
    const x = new Float64Array(n * cfg.d)
    const y = new Float64Array(n)
    for (let i = 0; i < x.length; i++) x[i] = rng.normal()
    for (let i = 0; i < n; i++) y[i] = Math.sign(rng.normal())
    return { x, y }
  }
  if (shape.fromTrain) await backend.setTrainSet({ ...rows(shape.batch), n: shape.batch, d: cfg.d })
  const chunk = (k: number): Chunk => ({
    stepSizes: new Float64Array(k).fill(1e-3),
    batches: shape.fromTrain
      ? { kind: 'train' }
      : { kind: 'samples', batch: shape.batch, ...rows(k * shape.batch) }
  })
  await backend.runChunk(chunk(1))
  await backend.stats()
  let k = 1
  let steps = 0
  const t0 = now()
  while (now() - t0 < budgetMs) {
    const c = chunk(k)
    await backend.runChunk(c)
    // the driver reads the norms after every chunk; a measurement that skipped them would flatter a
    // backend whose reads are slow
    await backend.stats()
    steps += k
    k = Math.min(k * 2, shape.chunk)
  }
  const seconds = (now() - t0) / 1000
  backend.restoreNoise(noise)
  return steps / Math.max(seconds, 1e-9)
}

/** A candidate ready to be measured. */
export interface OpenedCandidate {
  name: AutoCandidate
  backend: ParticleBackend
}

/**
 * Measures every candidate and keeps the fastest; the others are disposed. Returns the kept one and
 * the entry to remember.
 */
export async function pickFastest(
  candidates: OpenedCandidate[],
  cfg: DynamicsConfig,
  shape: WorkShape,
  budgetMs = AUTO_MEASURE_MS,
  now?: () => number
): Promise<{ kept: OpenedCandidate; entry: AutoEntry }> {
  const speeds = {} as Record<AutoCandidate, number>
  for (const c of candidates)
    speeds[c.name] = await measureSpeed(c.backend, cfg, shape, budgetMs, now)
  let kept = candidates[0]
  for (const c of candidates) if (speeds[c.name] > speeds[kept.name]) kept = c
  for (const c of candidates) if (c !== kept) c.backend.dispose()
  return {
    kept,
    entry: { backend: kept.name, stepsPerSecond: speeds, measuredAt: new Date().toISOString() }
  }
}

/** The report's sentence for a choice: what was measured (or remembered) and what won. */
export function autoReason(entry: AutoEntry, key: string, remembered: boolean): string {
  const s = entry.stepsPerSecond
  const fmt = (v: number | undefined) => (v === undefined ? 'n/a' : `${Math.round(v)} steps/s`)
  const how = remembered ? `remembered from ${entry.measuredAt}` : 'measured now'
  return (
    `auto picked ${entry.backend}: webgpu ${fmt(s.webgpu)} vs js ${fmt(s.js)} (${how}) ` +
    `for ${key}`
  )
}
