import { slurmTime, type SlurmResources } from '@shared/study/study-estimate'
import type { BackendName } from '@shared/spec/experiment-spec'

/** What the job-array script of a study says. */
export interface SbatchScriptOptions {
  jobName: string
  /** Runs in the study: array indices 0 … runs − 1, one per `runs/<index>.mflab`. */
  runs: number
  resources: SlurmResources
  /** Array tasks at once (`%N`); null: as many as Slurm allows. */
  throttle: number | null
  partition: string | null
  account: string | null
  /** Extra `#SBATCH` lines, as given (with or without the `#SBATCH` prefix). */
  extraLines: string[]
  /** Shell words that start `mflab` on a node; the task's arguments follow them. */
  mflabCommand: string
  /** Backend every run uses (`mflab run --backend`); null: each spec's own. */
  backend: BackendName | null
}

/** The script's file name inside the study folder. */
export const SBATCH_SCRIPT = 'mflab-array.sbatch'
/** Slurm's output of each array task, relative to the study folder (%A job, %a task). */
export const LOG_PATTERN = 'logs/%A_%a.out'

/** `--foo=bar` or `#SBATCH --foo=bar` as one `#SBATCH` line; a line break or another word is refused. */
export function sbatchLine(line: string): string {
  const text = line.trim().replace(/^#SBATCH\s+/, '')
  if (/[\r\n]/.test(line) || !/^--?[A-Za-z]/.test(text))
    throw new Error(`'${line}' is not an sbatch option like --gres=gpu:1`)
  return `#SBATCH ${text}`
}

/**
 * The job-array script: task i runs `mflab run runs/<i>.mflab` in the study folder (the working
 * directory sbatch is started from), resuming from the file's checkpoint when it has one (a
 * resubmitted task, or one Slurm requeued), and doing nothing for a file that is already
 * completed. A task writes only its own session file (autosaves included); Slurm writes its
 * output to logs/. The extra lines come last so that they override the estimated resources.
 */
export function sbatchScript(o: SbatchScriptOptions): string {
  const r = o.resources
  const header = [
    `--job-name=${o.jobName}`,
    `--array=0-${o.runs - 1}${o.throttle ? `%${o.throttle}` : ''}`,
    `--cpus-per-task=${r.cpusPerTask}`,
    `--mem=${r.memoryMiB}M`,
    `--time=${slurmTime(r.timeMinutes)}`,
    `--output=${LOG_PATTERN}`,
    ...(o.partition ? [`--partition=${o.partition}`] : []),
    ...(o.account ? [`--account=${o.account}`] : [])
  ].map(sbatchLine)
  const backend = o.backend ? ` --backend ${o.backend}` : ''
  return `#!/bin/bash
# Mean-Field Lab study: one array task per run (written by mflab sweep --slurm).
# Submit from this folder: sbatch ${SBATCH_SCRIPT}   Collect: mflab sweep --collect . -o STUDY.mflabstudy
${[...header, ...o.extraLines.map(sbatchLine)].join('\n')}
set -u
# The GEMM helper threads of full-batch GD: the cores Slurm gave this task, not the node's.
export MFLAB_THREADS="\${SLURM_CPUS_PER_TASK:-1}"
mflab() { ${o.mflabCommand} "$@"; }

run="runs/\${SLURM_ARRAY_TASK_ID}.mflab"
info=$(mflab validate --json "$run") || exit 2
case "$info" in
*'"status":"completed"'*)
  echo "mflab: $run is already completed"
  exit 0
  ;;
esac
resume=
case "$info" in
*'"status":"failed"'* | *'"checkpointStep":null'* | *'"checkpointStep":0}'*) ;;
*) resume=--resume ;;
esac
echo "mflab: task \${SLURM_ARRAY_TASK_ID} of job \${SLURM_ARRAY_JOB_ID:-?} on $(hostname): $run \${resume:-from step 0}"
mflab run "$run" $resume --progress${backend}
`
}
