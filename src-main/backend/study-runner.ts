import { availableParallelism } from 'node:os'
import { threadsFromEnv } from '../compute/gemm-thread-host'
import { DataFileError, readDataFile } from './read-data-file'
import { resetResults } from '@shared/session/create-session'
import type { Session, SessionStatus } from '@shared/session/session-types'
import type { BackendName } from '@shared/spec/experiment-spec'
import { decodeStudy } from '@shared/study/decode-study'
import { encodeStudy } from '@shared/study/encode-study'
import { StudyFormatError } from '@shared/study/study-error'
import type { Study, StudyRun, SweepValue } from '@shared/study/study-types'
import type { ComputeClient } from '../compute/compute-client'
import type { DoneEvent, ErrorEvent } from '../compute/compute-protocol'
import { SessionAccumulator } from '@shared/session/session-accumulator'
import { writeFileAtomic } from './atomic-write'
import { Autosaver } from './autosaver'
import { SessionRun } from './session-run'

/** Reads and validates a `.mflabstudy` file; throws DataFileError for a missing or bad file. */
export async function loadStudyFile(file: string): Promise<Study> {
  const bytes = await readDataFile(file)
  if (!(bytes instanceof Uint8Array)) throw new DataFileError(file, 'file', bytes.reason)
  try {
    return decodeStudy(bytes)
  } catch (e) {
    if (e instanceof StudyFormatError) throw new DataFileError(file, e.where, e.reason)
    throw e
  }
}

/** Encodes and atomically writes a study (temp file, fsync, rename), stamping `updatedAt`. */
export async function saveStudyFile(file: string, study: Study, now = new Date()): Promise<Study> {
  const stamped = { ...study, updatedAt: now.toISOString() }
  await writeFileAtomic(file, encodeStudy(stamped))
  return stamped
}

/** What the runner reports while a study runs. */
export type StudyEvent =
  | { type: 'runStarted'; index: number; value: SweepValue; seed: number; fromStep: number }
  | { type: 'runProgress'; index: number; step: number; steps: number; risk: number | null }
  | {
      type: 'runEnded'
      index: number
      value: SweepValue
      seed: number
      status: SessionStatus
      /** Final risk of a completed run, else null. */
      risk: number | null
      seconds: number
      /** Why a run failed (its error's name and message), else null. */
      message: string | null
      errorName: string | null
      /** Runs ended so far in this invocation, and how many it had to do. */
      ended: number
      todo: number
    }
  | { type: 'saveFailed'; message: string }

/** How to run a study. */
export interface StudyRunnerOptions {
  /** The bundled compute worker (e.g. out/cli/compute-worker.cjs). */
  workerPath: string | URL
  /** Runs at once: min(cores, jobs, runs to do); default min(cores, runs to do). */
  jobs?: number
  /** Backend for every run (default: each run's spec.compute.backend). */
  backend?: BackendName
  /** Where to save the study after each run ends, every `autosaveSeconds`, and at the end. */
  file?: string
  /** Seconds between saves of running checkpoints; default the base spec's autosaveSeconds. */
  autosaveSeconds?: number
  /** How often a worker sends metrics (and so runProgress events), ms; default 500. */
  metricsFlushMs?: number
  /** Cores to assume (tests); default os.availableParallelism(). */
  cores?: number
}

/** Whether a run still has work: every status but 'completed'. */
export function isUnfinished(run: StudyRun): boolean {
  return run.session.status !== 'completed'
}

interface Active {
  run: StudyRun
  client: ComputeClient
  recorder: SessionAccumulator
  started: number
}

/**
 * Runs a study's unfinished runs, each in its own compute worker, several at once. A run that was
 * stopped with a checkpoint resumes from it; one that never started or failed starts again from
 * step 0; completed runs are kept. `stop()` asks every run in flight to stop after its chunk (its
 * checkpoint is kept, so a later `run()` resumes it) and starts no more. With `file`, the study is
 * saved atomically after every run ends, every `autosaveSeconds` while runs are in flight, and at
 * the end, so an interrupted study loses at most the work since the last save. A runner runs
 * once: to resume after `stop()`, give `current()` (or the saved file) to a new runner.
 */
export class StudyRunner {
  private readonly runs: StudyRun[]
  private readonly listeners = new Set<(e: StudyEvent) => void>()
  private readonly active = new Map<number, Active>()
  /** Error name ('DivergenceError', 'WorkerCrash', …) of each run that failed in this invocation. */
  private readonly errorNames = new Map<number, string>()
  private stopping = false
  /**
   * The last autosaved state (checkpoint and records) of each run in flight: every save writes it,
   * so the save after another run ends does not put an in-flight run back to its initial state.
   */
  private readonly progress = new Map<number, StudyRun>()
  private saving: Promise<void> = Promise.resolve()

  constructor(
    private readonly study: Study,
    private readonly opts: StudyRunnerOptions
  ) {
    this.runs = study.runs.map((r) => ({ ...r }))
  }

  /** Adds a listener; returns the function that removes it. */
  on(listener: (e: StudyEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The runs that this runner will run (indices). */
  get todo(): number[] {
    return this.runs.filter(isUnfinished).map((r) => r.index)
  }

  /** Workers it runs at once for `todo` runs. */
  concurrency(todo = this.todo.length): number {
    const cores = Math.max(1, this.opts.cores ?? availableParallelism())
    return Math.max(1, Math.min(cores, this.opts.jobs ?? cores, todo))
  }

  /**
   * Threads each run may use when `jobs` run at once: the cores shared out (at least 1), capped
   * by MFLAB_THREADS where it is set; undefined for one run at a time (the worker's default).
   */
  threadsPerRun(jobs: number): number | undefined {
    if (jobs <= 1) return undefined
    const cores = Math.max(1, this.opts.cores ?? availableParallelism())
    const share = Math.max(1, Math.floor(cores / jobs))
    return Math.min(share, threadsFromEnv() ?? share)
  }

  /** The study as of now (runs in flight as their last checkpoint or initial state). */
  current(): Study {
    return { ...this.study, runs: this.runs.map((r) => ({ ...r })) }
  }

  /**
   * The study as a viewer sees it now: runs in flight with everything recorded so far (status
   * 'running'; no checkpoint is requested, so it is cheap enough to call every second).
   */
  snapshot(): Study {
    return {
      ...this.study,
      runs: this.runs.map((r) => {
        const a = this.active.get(r.index)
        if (!a) return { ...r }
        return {
          ...r,
          session: a.recorder.toSession(),
          seconds: r.seconds + (performance.now() - a.started) / 1000
        }
      })
    }
  }

  /** Stops the runs in flight after their current chunk and starts no more. */
  stop(): void {
    this.stopping = true
    for (const a of this.active.values()) a.client.stop()
  }

  /** Ends every worker now, without checkpoints (a second interrupt). */
  async terminate(): Promise<void> {
    this.stopping = true
    await Promise.all([...this.active.values()].map((a) => a.client.terminate()))
  }

  /** Runs every unfinished run; resolves with the study once all have ended or been stopped. */
  async run(): Promise<Study> {
    const queue = this.todo
    const todo = queue.length
    const jobs = this.concurrency(todo)
    const threads = this.threadsPerRun(jobs)
    let ended = 0
    const interval =
      this.opts.autosaveSeconds ?? this.study.definition.baseSpec.compute.autosaveSeconds
    const autosaver = new Autosaver({
      intervalSeconds: this.opts.file ? interval : 0,
      save: () => this.autosave()
    })
    autosaver.start()
    const worker = async (): Promise<void> => {
      while (!this.stopping && queue.length) {
        const index = queue.shift()!
        const run = await this.runOne(this.runs[index], threads)
        this.runs[index] = run
        this.progress.delete(index)
        ended++
        const risk = run.session.status === 'completed' ? run.session.summary.risk : NaN
        this.emit({
          type: 'runEnded',
          index,
          value: run.value,
          seed: run.seed,
          status: run.session.status,
          risk: Number.isFinite(risk) ? risk : null,
          seconds: run.seconds,
          message: run.session.message,
          errorName: this.errorNames.get(index) ?? null,
          ended,
          todo
        })
        await this.save()
      }
    }
    try {
      await Promise.all(Array.from({ length: jobs }, worker))
    } finally {
      await autosaver.stop()
    }
    await this.save()
    await this.saving
    return this.current()
  }

  private async runOne(run: StudyRun, threads: number | undefined): Promise<StudyRun> {
    const saved = run.session
    const resumable =
      saved.status !== 'failed' && saved.checkpoint !== null && saved.checkpoint.step > 0
    const session: Session = resumable ? saved : resetResults(saved)
    const spec = session.spec
    const backend = this.opts.backend ?? spec.compute.backend
    const recorder = new SessionAccumulator(session)
    recorder.trimToCheckpoint()
    recorder.status = 'running'
    const worker = new SessionRun({
      workerPath: this.opts.workerPath,
      threads,
      record: recorder,
      start: {
        backend,
        checkpoint: resumable ? session.checkpoint : null,
        metricsFlushMs: this.opts.metricsFlushMs ?? 500
      },
      onEvent: (e) => {
        if (e.type !== 'metrics') return
        const risk = recorder.summaryMetrics.risk
        this.emit({
          type: 'runProgress',
          index: run.index,
          step: e.step,
          steps: spec.dynamics.steps,
          risk: risk !== undefined && Number.isFinite(risk) ? risk : null
        })
      }
    })
    const active: Active = { run, client: worker.client, recorder, started: performance.now() }
    this.active.set(run.index, active)
    const fromStep = session.checkpoint?.step ?? 0
    this.emit({ type: 'runStarted', index: run.index, value: run.value, seed: run.seed, fromStep })
    if (this.stopping) worker.client.stop()
    let end: DoneEvent | ErrorEvent
    try {
      end = await worker.ended
    } finally {
      this.active.delete(run.index)
    }
    if (end.type === 'error') this.errorNames.set(run.index, end.name)
    recorder.status = end.type === 'done' ? end.status : 'failed'
    recorder.message = end.type === 'done' ? null : `${end.name}: ${end.message}`
    const final = recorder.toSession()
    return {
      ...run,
      session: { ...final, updatedAt: new Date().toISOString() },
      seconds: run.seconds + (performance.now() - active.started) / 1000
    }
  }

  /** Saves with the checkpoints of the runs in flight, so a killed process can resume them. */
  private async autosave(): Promise<void> {
    if (!this.opts.file || this.active.size === 0) return
    const overlay = new Map<number, StudyRun>()
    await Promise.all(
      [...this.active.values()].map(async (a) => {
        try {
          await a.client.requestCheckpoint()
        } catch {
          return // the run ended meanwhile; its own save follows
        }
        overlay.set(a.run.index, {
          ...a.run,
          session: a.recorder.toSession(),
          seconds: a.run.seconds + (performance.now() - a.started) / 1000
        })
      })
    )
    // Kept only for runs still in flight: a run that ended meanwhile keeps its final state.
    for (const [index, run] of overlay) if (this.active.has(index)) this.progress.set(index, run)
    await this.save()
  }

  /** The runs as saved: ended ones as they ended, those in flight as of their last autosave. */
  private savedRuns(): StudyRun[] {
    return this.runs.map((r) => ({ ...(this.progress.get(r.index) ?? r) }))
  }

  private save(runs = this.savedRuns()): Promise<void> {
    const file = this.opts.file
    if (!file) return Promise.resolve()
    const study = { ...this.study, runs }
    this.saving = this.saving.then(() =>
      saveStudyFile(file, study).then(
        () => undefined,
        (e: unknown) =>
          this.emit({ type: 'saveFailed', message: e instanceof Error ? e.message : String(e) })
      )
    )
    return this.saving
  }

  private emit(e: StudyEvent): void {
    for (const l of this.listeners) l(e)
  }
}
