import { findPreset, UnknownPresetError, type PresetSize } from '@shared/spec/presets'
import { backendName, type BackendName } from '@shared/spec/experiment-spec'
import { parseAssignment, SetPathError } from '@shared/spec/set-path'
import {
  planPresetSweep,
  planPresetVariantStudy,
  studyClaims,
  variantPreset
} from '@shared/study/preset-study'
import { parseSeeds, parseSweepValues, StudyPlanError } from '@shared/study/study-plan'
import { STUDY_EXTENSION } from '@shared/study/study-manifest-schema'
import type { Study } from '@shared/study/study-types'
import { runWhat } from '@shared/study/study-types'
import { DataFileError } from '../backend/read-data-file'
import { loadStudyFile, saveStudyFile, StudyRunner } from '../backend/study-runner'
import { choiceOption, intOption, parseCommandArgs } from './parse-command-args'
import {
  collectFromSlurm,
  exists,
  sweepToSlurm,
  type SlurmSweepOptions
} from './slurm/cmd-sweep-slurm'
import { sweepSummary } from './sweep-summary'
import { EXIT, UsageError } from './usage-error'

/** What `sweep` needs from its host process. */
export interface SweepIo {
  out: (line: string) => void
  err: NodeJS.WriteStream
  workerPath: string
  /** Registers a handler for the stop signals (SIGINT, SIGTERM, SIGHUP); returns its remover. */
  onInterrupt: (handler: () => void) => () => void
}

const DEFAULT_SEEDS = '1,2,3'

/**
 * `mflab sweep --preset NAME --param PATH --values v1,v2,… [--seeds 1,2,3] [--size S]
 * [--set path=value …] [--backend B] [--jobs N] -o FILE [--force] [--progress]`, or
 * `mflab sweep --preset NAME --variants [--size S] [--seeds …] [--backend B] [--jobs N] -o FILE`, or
 * `mflab sweep --resume -o FILE [--backend B] [--jobs N]`; or, on a Slurm cluster,
 * `mflab sweep <plan options> --slurm DIR [--submit] …` and `mflab sweep --collect DIR [-o FILE]
 * [--resubmit]` (slurm/cmd-sweep-slurm.ts).
 *
 * Runs one preset over a list of values of one spec path, once per seed, in parallel compute
 * workers, and saves the study as a `.mflabstudy` file (after every run, so it can be resumed).
 * One line per finished run on stderr; the SweepSummary is the last stdout line. Ctrl-C stops the
 * runs in flight, saves them resumable and exits 130. With --variants the runs are the preset's
 * variants at that size (× --seeds, unless the variants set the seed themselves), and the preset's
 * claims judged on the study are saved in the study and printed in the summary.
 */
export async function cmdSweep(args: string[], io: SweepIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('sweep', args, {
    preset: { type: 'string' },
    param: { type: 'string' },
    values: { type: 'string' },
    seeds: { type: 'string' },
    size: { type: 'string' },
    set: { type: 'string', multiple: true },
    backend: { type: 'string' },
    jobs: { type: 'string' },
    output: { type: 'string', short: 'o' },
    resume: { type: 'boolean' },
    variants: { type: 'boolean' },
    force: { type: 'boolean' },
    progress: { type: 'boolean' },
    slurm: { type: 'string' },
    submit: { type: 'boolean' },
    collect: { type: 'string' },
    resubmit: { type: 'boolean' },
    partition: { type: 'string' },
    account: { type: 'string' },
    throttle: { type: 'string' },
    'sbatch-line': { type: 'string', multiple: true },
    'mflab-command': { type: 'string' }
  })
  if (positionals.length) throw new UsageError(`sweep: unexpected argument '${positionals[0]}'`)
  const backend = choiceOption<BackendName>('sweep', 'backend', values.backend, backendName.options)
  const slurm = slurmSweep(values, backend, io)
  if (slurm) return slurm
  const output = values.output
  if (!output) throw new UsageError(`sweep: missing -o FILE (a ${STUDY_EXTENSION} study)`)
  if (output.endsWith('.mflab'))
    throw new UsageError(
      `sweep: -o ${output}: a study is saved as ${STUDY_EXTENSION} (a .mflab file holds one run)`
    )
  const jobs = intOption('sweep', 'jobs', values.jobs, 1)

  let study: Study
  if (values.resume) {
    const given = PLANNING.find((k) => values[k] !== undefined)
    if (given)
      throw new UsageError(
        `sweep: --${given} cannot be used with --resume (the file holds the plan)`
      )
    study = await loadForSweep(output)
  } else {
    study = values.variants ? planVariantStudy(values) : planStudy(values)
    if (!values.force && (await exists(output)))
      throw new UsageError(
        `sweep: ${output} exists (use --resume to continue it or --force to overwrite)`
      )
  }
  const def = study.definition

  const started = performance.now()
  await saveStudyFile(output, study)
  const runner = new StudyRunner(study, { workerPath: io.workerPath, jobs, backend, file: output })
  const todo = runner.todo.length
  const total = study.runs.length
  const plan = def.variantStudy?.seedsFromVariants
    ? `${def.values.length} variants of ${def.preset ?? 'the preset'} (each with its spec's seed)`
    : `${def.param} over ${def.values.map(String).join(', ')} × seeds ${def.seeds.join(', ')}`
  io.err.write(
    `sweep: ${plan}: ${todo} of ${total} runs to do, ${runner.concurrency()} at a time\n`
  )
  const failures: string[] = []
  const live = new LiveLine(io.err, io.err.isTTY ? 'tty' : values.progress ? 'plain' : 'off')
  live.todo = todo
  const say = (line: string) => live.print(line)
  runner.on((e) => {
    if (e.type === 'runStarted') {
      live.running.set(e.index, { step: e.fromStep, steps: 0 })
      if (values.progress)
        say(
          `sweep: run ${e.index + 1}/${total} started (${runWhat(def, e.value, e.seed)}` +
            `${e.fromStep > 0 ? `, from step ${e.fromStep}` : ''})`
        )
    }
    if (e.type === 'runProgress') {
      live.running.set(e.index, { step: e.step, steps: e.steps })
      live.update()
    }
    if (e.type === 'runEnded') {
      live.running.delete(e.index)
      live.ended = e.ended
      live.todo = e.todo
      if (e.status === 'failed') failures.push(e.errorName ?? 'Error')
      const what =
        e.status === 'completed'
          ? `risk ${e.risk === null ? '–' : e.risk.toPrecision(4)}`
          : e.status === 'failed'
            ? `failed: ${e.message ?? ''}`
            : e.status
      say(
        `sweep: [${e.ended}/${e.todo}] run ${e.index + 1} (${runWhat(def, e.value, e.seed)}) ` +
          `${what} in ${e.seconds.toFixed(1)} s`
      )
    }
    if (e.type === 'saveFailed') say(`sweep: could not save ${output}: ${e.message}`)
  })

  let interrupted = false
  const removeInterrupt = io.onInterrupt(() => {
    if (!interrupted) {
      interrupted = true
      say('mflab: interrupted: saving a resumable study (Ctrl-C again to abort)')
      runner.stop()
    } else {
      say('mflab: aborted; the file keeps its last save')
      void runner.terminate().then(() => process.exit(EXIT.interrupted))
    }
  })
  let done: Study
  try {
    done = await runner.run()
  } finally {
    removeInterrupt()
    live.clear()
  }
  const claims = studyClaims(done)
  if (claims) done = await saveStudyFile(output, { ...done, claims })
  const summary = sweepSummary(done, claims, output, (performance.now() - started) / 1000)
  io.out(JSON.stringify(summary))
  if (summary.status === 'failed')
    return failures.every((n) => n === 'DivergenceError') ? EXIT.usage : EXIT.internal
  return summary.status === 'stopped' ? EXIT.interrupted : EXIT.ok
}

/**
 * The runs in flight as one status line on stderr: rewritten in place on a terminal, a plain
 * `progress:` line every few seconds with --progress on a pipe, nothing otherwise. Other lines go
 * through `print`, which clears the status line first.
 */
class LiveLine {
  readonly running = new Map<number, { step: number; steps: number }>()
  ended = 0
  todo = 0
  private lastAt = -Infinity
  private shown = false

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly mode: 'tty' | 'plain' | 'off'
  ) {}

  update(): void {
    if (this.mode === 'off') return
    const now = performance.now()
    if (now - this.lastAt < (this.mode === 'tty' ? 250 : 5000)) return
    this.lastAt = now
    const runs = [...this.running]
      .map(([i, p]) => `run ${i + 1} ${p.steps ? Math.floor((100 * p.step) / p.steps) : 0}%`)
      .join(', ')
    const text = `sweep: ${this.ended}/${this.todo} done · ${runs || 'starting'}`
    if (this.mode === 'tty') {
      this.stream.write(`\r\x1b[2K${text}`)
      this.shown = true
    } else this.stream.write(`progress: ${text}\n`)
  }

  print(line: string): void {
    this.clear()
    this.stream.write(`${line}\n`)
  }

  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[2K')
    this.shown = false
  }
}

/** Options only a Slurm study takes. */
const SLURM_ONLY = ['submit', 'partition', 'account', 'throttle', 'sbatch-line', 'mflab-command']
/** Options that plan a study (a Slurm folder or a study file already holds its plan). */
const PLANNING = ['preset', 'param', 'values', 'seeds', 'size', 'set', 'variants'] as const

/**
 * The Slurm forms of sweep (`--slurm DIR`, `--collect DIR`), or null for a local sweep; options
 * that do not belong to the form given are refused.
 */
function slurmSweep(
  values: PlanOptions & SlurmSweepOptions & Record<string, unknown>,
  backend: BackendName | undefined,
  io: SweepIo
): Promise<number> | null {
  const given = (keys: readonly string[]) => keys.find((k) => values[k] !== undefined)
  if (typeof values.collect === 'string') {
    const other = given([
      'slurm',
      'resume',
      'jobs',
      'backend',
      'progress',
      ...SLURM_ONLY,
      ...PLANNING
    ])
    if (other)
      throw new UsageError(
        `sweep: --${other} cannot be used with --collect (the folder holds the plan)`
      )
    return collectFromSlurm(values.collect, values, io)
  }
  if (values.resubmit) throw new UsageError('sweep: --resubmit goes with --collect DIR')
  if (typeof values.slurm === 'string') {
    const other = given(['resume', 'jobs', 'progress'])
    if (other) throw new UsageError(`sweep: --${other} does not apply with --slurm`)
    const study = values.variants ? planVariantStudy(values) : planStudy(values)
    return sweepToSlurm(study, values.slurm, backend, values, io)
  }
  const misplaced = given(SLURM_ONLY)
  if (misplaced) throw new UsageError(`sweep: --${misplaced} goes with --slurm DIR`)
  return null
}

type PlanOptions = {
  preset?: string
  variants?: boolean
  param?: string
  values?: string
  seeds?: string
  size?: string
  set?: string[]
}

/** The study the options describe, every run's spec validated; bad input is a UsageError. */
function planStudy(o: PlanOptions): Study {
  if (!o.preset) throw new UsageError('sweep: missing --preset NAME (see mflab presets)')
  if (!o.param) throw new UsageError('sweep: missing --param PATH (e.g. model.width)')
  if (o.values === undefined) throw new UsageError('sweep: missing --values v1,v2,… (e.g. 20,80)')
  const size =
    choiceOption<PresetSize>('sweep', 'size', o.size, ['ci', 'default', 'paper']) ?? 'default'
  if (!findPreset(o.preset))
    throw new UsageError(`sweep: ${new UnknownPresetError(o.preset).message}`)
  try {
    return planPresetSweep(
      {
        preset: o.preset,
        size,
        param: o.param,
        values: parseSweepValues(o.param, o.values),
        seeds: parseSeeds(o.seeds ?? DEFAULT_SEEDS)
      },
      (o.set ?? []).map(parseAssignment)
    )
  } catch (e) {
    if (e instanceof SetPathError) throw new UsageError(`sweep: --set ${e.message}`)
    if (e instanceof StudyPlanError) throw new UsageError(`sweep: ${e.message}`)
    throw e
  }
}

/**
 * The variant study of a preset: each of its variants at the size (presetSpec) with any
 * --set applied, × --seeds unless the variants set the seed (then --seeds is refused); without
 * --seeds each variant runs with the preset's seed.
 */
function planVariantStudy(o: PlanOptions): Study {
  if (!o.preset) throw new UsageError('sweep: missing --preset NAME (see mflab presets)')
  if (o.param !== undefined || o.values !== undefined)
    throw new UsageError(
      "sweep: --variants runs the preset's variants; --param/--values do not apply"
    )
  const size =
    choiceOption<PresetSize>('sweep', 'size', o.size, ['ci', 'default', 'paper']) ?? 'default'
  if (!findPreset(o.preset) && !variantPreset(o.preset))
    throw new UsageError(`sweep: ${new UnknownPresetError(o.preset).message}`)
  try {
    return planPresetVariantStudy(o.preset, {
      size,
      assignments: (o.set ?? []).map(parseAssignment),
      seeds: o.seeds !== undefined ? parseSeeds(o.seeds) : null
    })
  } catch (e) {
    if (e instanceof SetPathError) throw new UsageError(`sweep: --set ${e.message}`)
    if (e instanceof StudyPlanError) throw new UsageError(`sweep: ${e.message}`)
    throw e
  }
}

async function loadForSweep(file: string): Promise<Study> {
  try {
    return await loadStudyFile(file)
  } catch (e) {
    if (e instanceof DataFileError) throw new UsageError(`sweep: ${e.message}`)
    throw e
  }
}
