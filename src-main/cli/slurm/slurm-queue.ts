import { execFile } from 'node:child_process'

/** What Slurm says about one array task: its job id (`12_3`) and state (`RUNNING`, `CANCELLED`, …). */
export interface TaskState {
  jobId: string
  state: string
  /** squeue's reason for a pending task (`Priority`, `JobArrayTaskLimit`), else null. */
  reason: string | null
}

/** A Slurm command that failed or is not installed; the message is its one-line reason. */
export class SlurmCommandError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SlurmCommandError'
  }
}

function run(command: string, args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout: 60_000, encoding: 'utf8' }, (e, stdout, stderr) => {
      if (!e) return resolve(stdout)
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT'
      const why = missing
        ? `${command} not found (is this a Slurm login node?)`
        : `${command} failed: ${(stderr || e.message).trim().split('\n')[0]}`
      reject(new SlurmCommandError(why))
    })
  })
}

/**
 * Submits `script` from `cwd` (the study folder) with `sbatch --parsable`, with `--array=SPEC`
 * when given (a resubmission of some tasks); resolves with the array's job id.
 */
export async function sbatch(cwd: string, script: string, array?: string): Promise<string> {
  const args = ['--parsable', ...(array ? [`--array=${array}`] : []), script]
  const out = await run('sbatch', args, cwd)
  const id = out.trim().split(';')[0]
  if (!/^\d+$/.test(id)) throw new SlurmCommandError(`sbatch printed '${out.trim()}', not a job id`)
  return id
}

/**
 * The queued (pending or running) tasks of the jobs named `jobName`, by array index; null when
 * squeue cannot be asked (not installed, no controller).
 */
export async function queuedTasks(jobName: string): Promise<Map<number, TaskState> | null> {
  let out: string
  try {
    out = await run('squeue', ['-h', '-r', '-n', jobName, '-o', '%F|%K|%T|%r'])
  } catch {
    return null
  }
  const tasks = new Map<number, TaskState>()
  for (const line of out.split('\n')) {
    const [job, task, state, reason] = line.trim().split('|')
    const index = Number(task)
    if (!job || !Number.isInteger(index)) continue
    tasks.set(index, {
      jobId: `${job}_${index}`,
      state,
      reason: reason && reason !== 'None' ? reason : null
    })
  }
  return tasks
}

/**
 * The last state sacct has for each array index of the jobs named `jobName` (later jobs win:
 * a resubmission's state replaces the first one's); null when accounting is not available.
 */
export async function accountedTasks(jobName: string): Promise<Map<number, TaskState> | null> {
  let out: string
  try {
    out = await run('sacct', [
      '-n',
      '-P',
      '-X',
      '--name',
      jobName,
      '--starttime',
      'now-30days',
      '-o',
      'JobID,State'
    ])
  } catch {
    return null
  }
  const tasks = new Map<number, TaskState & { job: number }>()
  for (const line of out.split('\n')) {
    const m = /^(\d+)_(\d+)\|(\S+)/.exec(line.trim())
    if (!m) continue
    const [job, index] = [Number(m[1]), Number(m[2])]
    const seen = tasks.get(index)
    if (seen && seen.job > job) continue
    tasks.set(index, { jobId: `${job}_${index}`, state: m[3], reason: null, job })
  }
  return tasks
}
