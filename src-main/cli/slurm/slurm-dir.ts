import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { z } from 'zod'
import type { Study } from '@shared/study/study-types'
import { slurmResources, type SlurmResources } from '@shared/study/study-estimate'
import { writeFileAtomic } from '../../backend/atomic-write'
import { saveSessionFile } from '../../backend/session-store'
import { saveStudyFile } from '../../backend/study-runner'
import { SBATCH_SCRIPT, sbatchScript, type SbatchScriptOptions } from './sbatch-script'

/**
 * A study folder for Slurm:
 * - `plan.mflabstudy`: the planned study (definition, and every run as it starts), the reference
 *   `--collect` checks the run files against;
 * - `runs/<i>.mflab`: the session of array task i, the only file that task writes;
 * - `mflab-array.sbatch`: the job-array script;
 * - `slurm.json`: the job name and every submission (job id, indices), written by `mflab sweep`;
 * - `logs/<job>_<i>.out`: what Slurm captured of task i's output.
 */
export const PLAN_FILE = 'plan.mflabstudy'
export const MANIFEST_FILE = 'slurm.json'

const manifestSchema = z.object({
  formatVersion: z.literal(1),
  jobName: z.string().regex(/^[A-Za-z0-9._-]+$/),
  runs: z.number().int().min(1),
  resources: z.object({
    cpusPerTask: z.number().int().min(1),
    memoryMiB: z.number().int().min(1),
    timeMinutes: z.number().int().min(1)
  }),
  throttle: z.number().int().min(1).nullable(),
  submissions: z.array(
    z.object({ jobId: z.string(), indices: z.array(z.number().int().min(0)), at: z.string() })
  )
})

/** The study folder's `slurm.json`. */
export type SlurmManifest = z.infer<typeof manifestSchema>

/** A study folder that is missing a part or holds a bad one; the message names the file. */
export class SlurmDirError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SlurmDirError'
  }
}

/** Path of run i's session file in a study folder. */
export function runFile(dir: string, index: number): string {
  return join(dir, 'runs', `${index}.mflab`)
}

/** Slurm job names allow more, but these survive every shell and squeue's output unquoted. */
function jobNameFor(dir: string): string {
  const stem = basename(resolve(dir))
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 40)
  return `mflab-${stem}-${randomBytes(3).toString('hex')}`
}

/** How to write a study folder. */
export type SlurmDirOptions = Omit<SbatchScriptOptions, 'jobName' | 'runs' | 'resources'>

/**
 * Writes a planned study as a Slurm study folder: the plan, one session file per run, the script
 * and the manifest (no submission yet). Every file is written atomically. `replace`: the folder
 * holds an earlier study, whose run files and logs go first (they would pass for this one's).
 */
export async function writeSlurmDir(
  dir: string,
  study: Study,
  opts: SlurmDirOptions,
  replace = false
): Promise<SlurmManifest> {
  if (replace)
    for (const sub of ['runs', 'logs']) await rm(join(dir, sub), { recursive: true, force: true })
  await mkdir(join(dir, 'runs'), { recursive: true })
  await mkdir(join(dir, 'logs'), { recursive: true })
  const resources: SlurmResources = slurmResources(study.runs.map((r) => r.session.spec))
  const manifest: SlurmManifest = {
    formatVersion: 1,
    jobName: jobNameFor(dir),
    runs: study.runs.length,
    resources,
    throttle: opts.throttle,
    submissions: []
  }
  await saveStudyFile(join(dir, PLAN_FILE), study)
  for (const run of study.runs) await saveSessionFile(runFile(dir, run.index), run.session)
  const script = sbatchScript({
    ...opts,
    jobName: manifest.jobName,
    runs: study.runs.length,
    resources
  })
  await writeFileAtomic(join(dir, SBATCH_SCRIPT), new TextEncoder().encode(script))
  await saveManifest(dir, manifest)
  return manifest
}

/** Reads and checks a study folder's manifest. */
export async function loadManifest(dir: string): Promise<SlurmManifest> {
  const file = join(dir, MANIFEST_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    throw new SlurmDirError(
      `${file}: not found (is ${dir} a folder written by mflab sweep --slurm?)`
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new SlurmDirError(`${file}: not JSON`)
  }
  const parsed = manifestSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new SlurmDirError(`${file}: ${issue.path.join('.') || 'manifest'}: ${issue.message}`)
  }
  return parsed.data
}

/** Writes the manifest atomically. */
export async function saveManifest(dir: string, manifest: SlurmManifest): Promise<void> {
  const text = `${JSON.stringify(manifest, null, 2)}\n`
  await writeFileAtomic(join(dir, MANIFEST_FILE), new TextEncoder().encode(text))
}

/** Slurm's log files (`logs/<job>_<index>.out`) by array index, oldest job first. */
export async function taskLogs(dir: string): Promise<Map<number, { job: number; file: string }[]>> {
  const logs = new Map<number, { job: number; file: string }[]>()
  let names: string[]
  try {
    names = await readdir(join(dir, 'logs'))
  } catch {
    return logs
  }
  for (const name of names) {
    const m = /^(\d+)_(\d+)\.out$/.exec(name)
    if (!m) continue
    const index = Number(m[2])
    logs.set(index, [
      ...(logs.get(index) ?? []),
      { job: Number(m[1]), file: join(dir, 'logs', name) }
    ])
  }
  for (const list of logs.values()) list.sort((a, b) => a.job - b.job)
  return logs
}
