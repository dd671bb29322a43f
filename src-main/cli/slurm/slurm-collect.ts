import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Session } from '@shared/session/session-types'
import type { ExperimentSpec } from '@shared/spec/experiment-spec'
import type { Study, StudyRun } from '@shared/study/study-types'
import { DataFileError } from '../../backend/read-data-file'
import { loadSessionFile } from '../../backend/session-store'
import { loadStudyFile } from '../../backend/study-runner'
import {
  loadManifest,
  PLAN_FILE,
  runFile,
  SlurmDirError,
  taskLogs,
  type SlurmManifest
} from './slurm-dir'
import { accountedTasks, queuedTasks, type TaskState } from './slurm-queue'

/**
 * Where one run of a Slurm study stands. `pending`/`running`: in the queue; `completed`: its file
 * holds the finished run; `failed`: the run itself failed (its file says why); `cancelled`,
 * `timeout`, `out-of-memory`, `node-fail`: the task ended without finishing, as Slurm (sacct or the
 * task's log) tells; `stopped`: it ended without finishing for a reason nothing records; `missing`:
 * it never started (no log, not queued); `unreadable`: its file is not a session of this plan.
 */
export type RunState =
  | 'completed'
  | 'pending'
  | 'running'
  | 'failed'
  | 'cancelled'
  | 'timeout'
  | 'out-of-memory'
  | 'node-fail'
  | 'stopped'
  | 'missing'
  | 'unreadable'

/** One run as collected. */
export interface CollectedRun {
  index: number
  state: RunState
  /** Slurm job id of its latest task (`12_3`), when known. */
  jobId: string | null
  /** Where the job id and state came from. */
  source: 'squeue' | 'sacct' | 'files'
  /** The run's file, when it could be read. */
  session: Session | null
  /** Wall-clock seconds its tasks ran, from `mflab run`'s summaries in the logs. */
  seconds: number
  /** A one-line detail: why it failed, the checkpoint to resume from, what is pending. */
  detail: string | null
}

/** A study folder as read back. */
export interface SlurmDirState {
  plan: Study
  manifest: SlurmManifest
  runs: CollectedRun[]
  /** Whether squeue answered (else queued tasks cannot be told from dead ones). */
  queueKnown: boolean
}

const QUEUED = new Set([
  'PENDING',
  'RUNNING',
  'CONFIGURING',
  'COMPLETING',
  'REQUEUED',
  'RESIZING',
  'SUSPENDED'
])

/** States in which a run has no task that will finish it: what `--resubmit` sends again. */
export function needsResubmit(run: CollectedRun): boolean {
  return !['completed', 'pending', 'running'].includes(run.state)
}

/** Reads a study folder and tells where every run stands (squeue and sacct when they answer). */
export async function inspectSlurmDir(dir: string): Promise<SlurmDirState> {
  const manifest = await loadManifest(dir)
  let plan: Study
  try {
    plan = await loadStudyFile(join(dir, PLAN_FILE))
  } catch (e) {
    if (e instanceof DataFileError) throw new SlurmDirError(e.message)
    throw e
  }
  if (plan.runs.length !== manifest.runs)
    throw new SlurmDirError(
      `${join(dir, PLAN_FILE)}: ${plan.runs.length} runs, but slurm.json says ${manifest.runs}`
    )
  const [queued, accounted, logs] = await Promise.all([
    queuedTasks(manifest.jobName),
    accountedTasks(manifest.jobName),
    taskLogs(dir)
  ])
  const submittedJob = new Map<number, string>()
  for (const s of manifest.submissions) for (const i of s.indices) submittedJob.set(i, s.jobId)
  const runs = await Promise.all(
    plan.runs.map(async (planned): Promise<CollectedRun> => {
      const i = planned.index
      const taskLogs = logs.get(i) ?? []
      const logTexts = await Promise.all(
        taskLogs.map((l) => readFile(l.file, 'utf8').catch(() => ''))
      )
      const seconds = logTexts.reduce((sum, text) => sum + runSeconds(text), 0)
      const latestLog = taskLogs.at(-1)
      // The latest task the files know of: a log Slurm wrote, or a submission not yet logged.
      const job = Math.max(latestLog?.job ?? -1, Number(submittedJob.get(i) ?? -1))
      const fromFiles = job >= 0 ? `${job}_${i}` : null
      const base = { index: i, seconds, source: 'files' as const }

      const read = await readRun(runFile(dir, i), planned.session.spec)
      if (typeof read === 'string')
        return { ...base, state: 'unreadable', jobId: fromFiles, session: null, detail: read }
      const session = read
      if (session.status === 'completed')
        return { ...base, state: 'completed', jobId: fromFiles, session, detail: null }

      const progress = session.checkpoint?.step
        ? `checkpoint at step ${session.checkpoint.step} of ${session.spec.dynamics.steps}`
        : null
      const a = accounted?.get(i)
      const q = queued?.get(i) ?? (a && QUEUED.has(a.state) ? a : undefined)
      if (q && QUEUED.has(q.state)) {
        const running = q.state !== 'PENDING'
        return {
          ...base,
          state: running ? 'running' : 'pending',
          jobId: q.jobId,
          source: q === a ? 'sacct' : 'squeue',
          session,
          detail: running ? (progress ?? 'starting') : q.reason
        }
      }
      if (session.status === 'failed')
        return { ...base, state: 'failed', jobId: fromFiles, session, detail: session.message }
      const fromAcct = a ? stateOfSacct(a) : null
      const fromLog = stateOfLog(logTexts.at(-1) ?? '')
      const state: RunState = fromAcct ?? fromLog ?? (latestLog ? 'stopped' : 'missing')
      return {
        ...base,
        state,
        jobId: a?.jobId ?? fromFiles,
        source: fromAcct ? 'sacct' : 'files',
        session,
        detail:
          progress ?? (state === 'missing' ? 'never started' : 'no checkpoint: reruns from step 0')
      }
    })
  )
  return { plan, manifest, runs, queueKnown: queued !== null }
}

/** The session in a run file, or why it is not this plan's run. */
async function readRun(file: string, planned: ExperimentSpec): Promise<Session | string> {
  try {
    const { session } = await loadSessionFile(file)
    // `mflab run --backend` writes the backend it was told into the spec; the rest must match.
    const same = (s: ExperimentSpec) =>
      JSON.stringify({ ...s, compute: { ...s.compute, backend: null } })
    return same(session.spec) === same(planned) ? session : `${file}: holds another run's spec`
  } catch (e) {
    if (e instanceof DataFileError) return e.message
    throw e
  }
}

/** Seconds `mflab run` reported on its last stdout line (its JSON summary), else 0. */
function runSeconds(log: string): number {
  const last = log
    .trimEnd()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{"status"'))
  if (!last) return 0
  try {
    const s = (JSON.parse(last) as { seconds?: unknown }).seconds
    return typeof s === 'number' && Number.isFinite(s) ? s : 0
  } catch {
    return 0
  }
}

/** What slurmstepd wrote into a task's output when it ended the task. */
function stateOfLog(log: string): RunState | null {
  if (/\*\*\* JOB \d+ ON \S+ CANCELLED AT .* DUE TO TIME LIMIT/.test(log)) return 'timeout'
  if (/\*\*\* JOB \d+ ON \S+ CANCELLED AT/.test(log)) return 'cancelled'
  if (/oom[-_ ]kill|out of memory/i.test(log)) return 'out-of-memory'
  if (/DUE TO NODE FAILURE/.test(log)) return 'node-fail'
  return null
}

function stateOfSacct(t: TaskState): RunState | null {
  if (t.state.startsWith('CANCELLED')) return 'cancelled'
  const known: Record<string, RunState> = {
    TIMEOUT: 'timeout',
    OUT_OF_MEMORY: 'out-of-memory',
    NODE_FAIL: 'node-fail',
    PREEMPTED: 'cancelled',
    FAILED: 'stopped',
    BOOT_FAIL: 'node-fail',
    DEADLINE: 'timeout'
  }
  return known[t.state] ?? null
}

/**
 * The study the folder holds now: the plan with each run's session as its file has it (the
 * plan's own where the file is unreadable) and the seconds its tasks ran. A study whose every run
 * completed is the study a local sweep of the same plan saves, run for run.
 */
export function collectedStudy(state: SlurmDirState): Study {
  const runs: StudyRun[] = state.plan.runs.map((planned, i) => {
    const c = state.runs[i]
    return { ...planned, session: c.session ?? planned.session, seconds: c.seconds }
  })
  return { ...state.plan, runs }
}
