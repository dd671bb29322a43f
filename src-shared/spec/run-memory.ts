import type { ExperimentSpec } from './experiment-spec'
import type { SpecIssue } from './experiment-spec'

/**
 * Most bytes one of a run's big arrays may take. Above it a run would page a classroom laptop to a
 * halt (width 10⁶ × d 40 took 1.33 GB and ignored Ctrl-C), so the spec is refused before anything
 * is allocated.
 */
export const MAX_RUN_ARRAY_BYTES = 1e9

/** Float64 copies of the particles a run holds (state, gradient, initial state, checkpoint). */
const PARTICLE_COPIES = 4

/** A count as people read it: 10⁶ for a power of ten from 10³ up, else with thin separators. */
export function formatCount(n: number): string {
  const k = Math.round(Math.log10(n))
  if (n >= 1000 && 10 ** k === n) {
    const sup = '⁰¹²³⁴⁵⁶⁷⁸⁹'
    return `10${String(k)
      .split('')
      .map((c) => sup[Number(c)])
      .join('')}`
  }
  return n.toLocaleString('en-US')
}

function gb(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`
}

/**
 * What a spec asks for that cannot fit in memory, each with the field to change and how much it
 * needs: the particles, one batch's pre-activations (batch × width) and the data set.
 */
export function memoryIssues(s: ExperimentSpec): SpecIssue[] {
  const out: SpecIssue[] = []
  const m = s.model.width
  const d = s.task.dim
  const limit = `the lab allows ${gb(MAX_RUN_ARRAY_BYTES)} per array`
  const particles = PARTICLE_COPIES * m * (d + 2) * 8
  if (particles > MAX_RUN_ARRAY_BYTES)
    out.push({
      path: 'model.width',
      message:
        `width ${formatCount(m)} × d ${formatCount(d)} needs ${gb(particles)} for the particles alone ` +
        `(${limit}); use a smaller width or dimension`
    })
  const batch =
    s.dynamics.kind === 'gd' || s.dynamics.kind === 'two-timescale'
      ? s.task.trainSize
      : s.dynamics.batchSize
  const activations = batch * m * 8
  if (activations > MAX_RUN_ARRAY_BYTES)
    out.push({
      path:
        s.dynamics.kind === 'sgd' || s.dynamics.kind === 'online-sgd'
          ? 'dynamics.batchSize'
          : 'task.trainSize',
      message:
        `a batch of ${formatCount(batch)} samples × width ${formatCount(m)} needs ${gb(activations)} ` +
        `for one step's activations (${limit}); use a smaller batch or width`
    })
  // the engine draws a chunk's batches at once: chunk steps × batch samples of d + 1 numbers
  const chunk = Math.min(s.compute.chunkSteps, s.observe.every, Math.max(1, s.dynamics.steps))
  const drawn =
    s.dynamics.kind === 'online-sgd' || s.dynamics.kind === 'sgd'
      ? chunk * s.dynamics.batchSize * (d + 1) * 8
      : 0
  if (drawn > MAX_RUN_ARRAY_BYTES)
    out.push({
      path: 'dynamics.batchSize',
      message:
        `batches of ${formatCount(s.dynamics.batchSize)} samples × ${formatCount(chunk)} steps per chunk × d ${formatCount(d)} ` +
        `need ${gb(drawn)} (${limit}); use a smaller batch or compute.chunkSteps`
    })
  const data = (s.task.trainSize + s.task.testSize) * (d + 1) * 8
  if (data > MAX_RUN_ARRAY_BYTES)
    out.push({
      path: 'task.trainSize',
      message:
        `${formatCount(s.task.trainSize + s.task.testSize)} samples × d ${formatCount(d)} need ` +
        `${gb(data)} for the data set (${limit}); use fewer samples`
    })
  return out
}
