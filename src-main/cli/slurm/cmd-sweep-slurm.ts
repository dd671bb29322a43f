import { access } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { BackendName } from '@shared/spec/experiment-spec'
import { studyClaims } from '@shared/study/preset-study'
import { STUDY_EXTENSION } from '@shared/study/study-manifest-schema'
import { studyStatus } from '@shared/study/study-summary'
import type { StudyStatus, Study } from '@shared/study/study-types'
import { runWhat } from '@shared/study/study-types'
import type { SlurmResources } from '@shared/study/study-estimate'
import { saveSessionFile } from '../../backend/session-store'
import { saveStudyFile } from '../../backend/study-runner'
import { intOption } from '../parse-command-args'
import { UsageError } from '../usage-error'
import { sweepSummary, type SweepSummary } from '../sweep-summary'
import { shellQuote } from '@shared/study/slurm-commands'
import { SBATCH_SCRIPT, sbatchLine } from './sbatch-script'
import { collectedStudy, inspectSlurmDir, needsResubmit, type CollectedRun } from './slurm-collect'
import {
  MANIFEST_FILE,
  runFile,
  saveManifest,
  SlurmDirError,
  writeSlurmDir,
  type SlurmManifest
} from './slurm-dir'
import { sbatch, SlurmCommandError } from './slurm-queue'

/** Exit code of `--collect` when some runs have not completed (none failed to be read). */
export const EXIT_UNFINISHED = 3

/** The Slurm options of `mflab sweep`, as parsed. */
export interface SlurmSweepOptions {
  submit?: boolean
  resubmit?: boolean
  partition?: string
  account?: string
  throttle?: string
  'sbatch-line'?: string[]
  'mflab-command'?: string
  force?: boolean
  output?: string
}

/** What `sweep` needs from its host to write and collect Slurm studies. */
export interface SlurmIo {
  out: (line: string) => void
  err: NodeJS.WriteStream
  /** The bundled compute worker; the bundled CLI lies beside it. */
  workerPath: string
}

/** The last stdout line of `sweep --slurm DIR`. */
export interface SlurmPlanSummary {
  status: 'submitted' | 'written'
  runs: number
  dir: string
  /** The array job's id once submitted. */
  jobId: string | null
  script: string
  /** The command that submits the study (what --submit ran). */
  submit: string
  /** The command that collects it once the tasks have run. */
  collect: string
  resources: SlurmResources
}

/** The last stdout line of `sweep --collect DIR`. */
export interface SlurmCollectSummary extends Omit<SweepSummary, 'status' | 'output' | 'seconds'> {
  status: StudyStatus
  /** Runs whose files hold a completed run. */
  collected: number
  /** Every other run: its array index, job id (when known), state and a detail. */
  unfinished: {
    index: number
    jobId: string | null
    state: string
    /** Where the state and job id came from: squeue, sacct, or the files (logs, slurm.json). */
    source: string
    detail: string | null
  }[]
  /** The study file written (with -o), else null. */
  output: string | null
  /** The tasks sent again (with --resubmit). */
  resubmitted: { jobId: string; indices: number[] } | null
}

/**
 * `sweep … --slurm DIR [--submit]`: writes the planned study as a Slurm study folder (slurm-dir.ts)
 * and submits its job array with --submit, or prints the sbatch command.
 */
export async function sweepToSlurm(
  study: Study,
  dir: string,
  backend: BackendName | undefined,
  o: SlurmSweepOptions,
  io: SlurmIo
): Promise<number> {
  if (o.output)
    throw new UsageError(
      `sweep: -o does not apply with --slurm (collect later: mflab sweep --collect ${dir} -o FILE${STUDY_EXTENSION})`
    )
  if (o.resubmit) throw new UsageError('sweep: --resubmit goes with --collect DIR')
  const replace = await exists(join(dir, MANIFEST_FILE))
  if (replace && !o.force)
    throw new UsageError(
      `sweep: ${dir} already holds a Slurm study (collect it with --collect ${dir}, or use --force to replace it with its runs and logs)`
    )
  for (const [name, value] of [
    ['partition', o.partition],
    ['account', o.account]
  ] as const)
    if (value !== undefined && !/^[A-Za-z0-9_.,:+-]+$/.test(value))
      throw new UsageError(`sweep: --${name} ${JSON.stringify(value)} is not a Slurm ${name} name`)
  const extraLines = o['sbatch-line'] ?? []
  for (const line of extraLines)
    try {
      sbatchLine(line)
    } catch (e) {
      throw new UsageError(`sweep: --sbatch-line: ${(e as Error).message}`)
    }
  const command =
    o['mflab-command'] ?? `node ${shellQuote(join(dirname(io.workerPath), 'mflab.cjs'))}`
  if (/[\r\n]/.test(command) || !command.trim())
    throw new UsageError('sweep: --mflab-command must be one line of shell words')
  const manifest = await writeSlurmDir(
    dir,
    study,
    {
      throttle: intOption('sweep', 'throttle', o.throttle, 1) ?? null,
      partition: o.partition ?? null,
      account: o.account ?? null,
      extraLines,
      mflabCommand: command,
      backend: backend ?? null
    },
    replace
  )
  const r = manifest.resources
  io.err.write(
    `sweep: wrote ${study.runs.length} run files, ${SBATCH_SCRIPT} and ${MANIFEST_FILE} to ${dir}\n` +
      `sweep: each task asks for ${r.cpusPerTask} CPU, ${r.memoryMiB} MiB and ${r.timeMinutes} min\n`
  )
  const summary: SlurmPlanSummary = {
    status: 'written',
    runs: study.runs.length,
    dir,
    jobId: null,
    script: join(dir, SBATCH_SCRIPT),
    submit: `cd ${shellQuote(dir)} && sbatch ${SBATCH_SCRIPT}`,
    collect: `mflab sweep --collect ${shellQuote(dir)} -o STUDY${STUDY_EXTENSION}`,
    resources: r
  }
  if (o.submit) {
    summary.jobId = await submit(
      dir,
      manifest,
      study.runs.map((x) => x.index)
    )
    summary.status = 'submitted'
    io.err.write(`sweep: submitted job ${summary.jobId} (${study.runs.length} array tasks)\n`)
  } else io.err.write(`sweep: submit with: ${summary.submit}\n`)
  io.out(JSON.stringify(summary))
  return 0
}

/**
 * `sweep --collect DIR [-o FILE] [--resubmit]`: tells where every run stands (one stderr line per
 * unfinished run, with its array index and job id), writes the study collected so far with its
 * claims judged as a local sweep's (with -o), and with --resubmit sends the runs no task will
 * finish again, each resuming from its checkpoint. Exit 0 when every run completed, else 3.
 */
export async function collectFromSlurm(
  dir: string,
  o: SlurmSweepOptions,
  io: SlurmIo
): Promise<number> {
  if (!o.output && !o.resubmit)
    throw new UsageError(
      `sweep: --collect needs -o FILE${STUDY_EXTENSION} (where to write the study) or --resubmit`
    )
  if (o.output?.endsWith('.mflab'))
    throw new UsageError(`sweep: -o ${o.output}: a study is saved as ${STUDY_EXTENSION}`)
  if (o.output && !o.force && (await exists(o.output)))
    throw new UsageError(`sweep: ${o.output} exists (use --force to overwrite)`)
  const state = await inspectSlurmDir(dir).catch((e: unknown) => {
    throw e instanceof SlurmDirError ? new UsageError(`sweep: ${e.message}`) : e
  })
  if (!state.queueKnown) {
    // A running task cannot be told from a dead one: a second task on the same file would race it.
    if (o.resubmit)
      throw new UsageError(
        'sweep: --resubmit needs squeue to tell which runs are still queued, and squeue did not answer'
      )
    io.err.write('sweep: squeue did not answer: queued tasks are told from the files only\n')
  }
  const unfinished = state.runs.filter((r) => r.state !== 'completed')
  const def = state.plan.definition
  for (const r of unfinished) {
    const run = state.plan.runs[r.index]
    io.err.write(
      `sweep: run ${r.index + 1} (${runWhat(def, run.value, run.seed)}; ` +
        `array index ${r.index}${r.jobId ? `, job ${r.jobId}` : ''}): ${r.state}` +
        `${r.detail ? ` (${r.detail})` : ''}\n`
    )
  }
  let study = collectedStudy(state)
  const claims = studyClaims(study)
  if (claims) study = { ...study, claims }
  if (o.output) study = await saveStudyFile(o.output, study)
  let resubmitted: SlurmCollectSummary['resubmitted'] = null
  if (o.resubmit) resubmitted = await resubmit(dir, state.manifest, state.plan, unfinished, io)
  const status = studyStatus(study)
  const collected = state.runs.length - unfinished.length
  io.err.write(
    `sweep: ${collected} of ${state.runs.length} runs completed` +
      `${o.output ? `; study written to ${o.output}` : ''}\n`
  )
  const { status: _s, output: _o, seconds: _t, ...rest } = sweepSummary(study, claims, '', 0)
  const summary: SlurmCollectSummary = {
    ...rest,
    status,
    collected,
    unfinished: unfinished.map((r) => ({
      index: r.index,
      jobId: r.jobId,
      state: r.state,
      source: r.source,
      detail: r.detail
    })),
    output: o.output ?? null,
    resubmitted
  }
  io.out(JSON.stringify(summary))
  return status === 'completed' ? 0 : EXIT_UNFINISHED
}

/** Sends the runs no task will finish again; an unreadable run file is first rewritten from the plan. */
async function resubmit(
  dir: string,
  manifest: SlurmManifest,
  plan: Study,
  unfinished: CollectedRun[],
  io: SlurmIo
): Promise<SlurmCollectSummary['resubmitted']> {
  const todo = unfinished.filter(needsResubmit)
  if (!todo.length) {
    io.err.write('sweep: nothing to resubmit (every unfinished run is queued or running)\n')
    return null
  }
  for (const r of todo)
    if (r.state === 'unreadable')
      await saveSessionFile(runFile(dir, r.index), plan.runs[r.index].session)
  const indices = todo.map((r) => r.index)
  const jobId = await submit(dir, manifest, indices)
  io.err.write(
    `sweep: resubmitted ${indices.length} run(s) as job ${jobId}: array ${indices.join(',')}\n`
  )
  return { jobId, indices }
}

/** Submits array indices of the folder's script and records the submission in the manifest. */
async function submit(dir: string, manifest: SlurmManifest, indices: number[]): Promise<string> {
  const all = indices.length === manifest.runs
  const array = all
    ? undefined
    : `${indices.join(',')}${manifest.throttle ? `%${manifest.throttle}` : ''}`
  let jobId: string
  try {
    jobId = await sbatch(dir, SBATCH_SCRIPT, array)
  } catch (e) {
    if (e instanceof SlurmCommandError) throw new UsageError(`sweep: ${e.message}`)
    throw e
  }
  manifest.submissions.push({ jobId, indices, at: new Date().toISOString() })
  await saveManifest(dir, manifest)
  return jobId
}

/** Whether a file is there. */
export async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false
  )
}
