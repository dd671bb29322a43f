import { pdeOverlayMismatch } from '@shared/engine/pde-overlay'
import { resetResults } from '@shared/session/create-session'
import type { ClaimResult } from '@shared/claims'
import { SessionAccumulator } from '@shared/session/session-accumulator'
import type { Session } from '@shared/session/session-types'
import { backendName, parseSpec, type BackendName } from '@shared/spec/experiment-spec'
import { acquireFileLock, FileLockedError } from '../backend/file-lock'
import { saveSessionFile } from '../backend/session-store'
import { SessionRun } from '../backend/session-run'
import type { ComputeEvent, DoneEvent, ErrorEvent } from '../compute/compute-protocol'
import { autoMemoryPath } from '../compute/auto-memory-file'
import { loadForCommand } from './load-session'
import { choiceOption, intOption, onePositional, parseCommandArgs } from './parse-command-args'
import { ProgressLine } from './progress-line'
import { EXIT, UsageError } from './usage-error'

/** What `run` needs from its host process. */
export interface RunIo {
  out: (line: string) => void
  err: NodeJS.WriteStream
  workerPath: string
  /** Registers a handler for the stop signals (SIGINT, SIGTERM, SIGHUP); returns its remover. */
  onInterrupt: (handler: () => void) => () => void
}

/** The one-line JSON printed last on stdout. */
export interface RunSummary {
  status: Session['status']
  backend: string | null
  /** Step reached (the whole run's count, resumed parts included). */
  steps: number
  /** Steps run by this invocation. */
  stepsRun: number
  seconds: number
  stepsPerSecond: number
  metrics: { risk: number | null; trainRisk?: number | null }
  output: string
  /** The verdicts of the preset's claims (claims/session-claims.ts); [] without a preset. */
  claims: ClaimResult[]
}

/**
 * `mflab run FILE [--backend B] [--steps N] [-o OUT] [--resume] [--progress] [--max-speed S] [--remeasure]`
 *
 * Runs a session headless in a compute worker and writes it back (to OUT, else FILE). `--steps N`
 * sets the run's total length (spec.dynamics.steps). Without --resume the run starts again from
 * step 0; with it, from the session's checkpoint. Autosaves every spec.compute.autosaveSeconds;
 * SIGINT stops after the chunk in flight, saves a resumable session (status 'stopped') and exits
 * 130 (a second SIGINT aborts without saving). The last stdout line is the RunSummary.
 * `auto` on a GPU remembers its measured choice per shape class (auto-memory-file.ts);
 * `--remeasure` times webgpu and js again.
 */
export async function cmdRun(args: string[], io: RunIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('run', args, {
    backend: { type: 'string' },
    steps: { type: 'string' },
    output: { type: 'string', short: 'o' },
    resume: { type: 'boolean' },
    progress: { type: 'boolean' },
    'max-speed': { type: 'string' },
    remeasure: { type: 'boolean' }
  })
  const file = onePositional('run', positionals, 'session file')
  const backend = choiceOption<BackendName>('run', 'backend', values.backend, backendName.options)
  const steps = intOption('run', 'steps', values.steps, 0)
  const maxSpeed = intOption('run', 'max-speed', values['max-speed'], 1)
  const output = values.output ?? file
  const loaded = (await loadForCommand(file)).session

  const specInput = {
    ...loaded.spec,
    dynamics: { ...loaded.spec.dynamics, steps: steps ?? loaded.spec.dynamics.steps },
    compute: { ...loaded.spec.compute, backend: backend ?? loaded.spec.compute.backend }
  }
  const parsed = parseSpec(specInput)
  if (!parsed.ok) throw new UsageError(`run: ${parsed.issues[0].path}: ${parsed.issues[0].message}`)
  const spec = parsed.spec
  let session: Session
  if (values.resume) {
    const cp = loaded.checkpoint
    if (!cp)
      throw new UsageError(
        `run: ${file} has no checkpoint to resume from (status ${loaded.status}); run it without --resume`
      )
    if (cp.step > spec.dynamics.steps)
      throw new UsageError(
        `run: --steps ${spec.dynamics.steps} is below the checkpoint's step ${cp.step}`
      )
    session = { ...loaded, spec }
  } else session = resetResults({ ...loaded, spec })

  let release: () => void
  try {
    release = acquireFileLock(output)
  } catch (e) {
    if (e instanceof FileLockedError) throw new UsageError(`run: ${e.message}`)
    throw e
  }
  try {
    return await runLocked(io, values, { output, session, spec, maxSpeed })
  } finally {
    release()
  }
}

/** The run itself, while this process holds the output file's lock (file-lock.ts). */
async function runLocked(
  io: RunIo,
  values: { resume?: boolean; progress?: boolean; remeasure?: boolean },
  ctx: { output: string; session: Session; spec: Session['spec']; maxSpeed?: number }
): Promise<number> {
  const { output, session, spec, maxSpeed } = ctx
  const startStep = session.checkpoint?.step ?? 0
  const noPde = spec.observe.observables.includes('pde') ? pdeOverlayMismatch(spec) : null
  if (noPde) io.err.write(`mflab: note: no PDE overlay for this run: ${noPde}\n`)
  const recorder = new SessionAccumulator(session)
  recorder.trimToCheckpoint()
  recorder.status = 'running'
  const mode = io.err.isTTY ? 'tty' : values.progress ? 'plain' : 'off'
  const progress = new ProgressLine(io.err, mode, spec.dynamics.steps)
  let lastRate = 0
  const onEvent = (e: ComputeEvent): void => {
    // An explicit backend that could not open says why (e.g. Dawn absent); 'auto' falls back quietly.
    if (e.type === 'backend' && e.backend.fallbackReason && e.backend.requested !== 'auto')
      io.err.write(
        `mflab: running on ${e.backend.actual}, not ${e.backend.requested}: ${e.backend.fallbackReason}\n`
      )
    // 'auto' on a GPU says what it measured (or remembered) and what it kept
    if (e.type === 'backend' && e.backend.fallbackReason?.startsWith('auto picked'))
      io.err.write(`mflab: ${e.backend.fallbackReason}\n`)
    if (e.type === 'metrics') {
      lastRate = e.stepsPerSecond
      progress.update(e.step, e.stepsPerSecond, recorder.summaryMetrics.risk)
    }
  }
  const started = performance.now()
  const run = new SessionRun({
    workerPath: io.workerPath,
    record: recorder,
    start: {
      backend: spec.compute.backend,
      checkpoint: values.resume ? session.checkpoint : null,
      stepsPerSecond: maxSpeed ?? null,
      metricsFlushMs: 200,
      autoMemoryFile: autoMemoryPath(),
      remeasure: values.remeasure === true
    },
    onEvent,
    autosave: {
      intervalSeconds: spec.compute.autosaveSeconds,
      save: async (client) => {
        await client.requestCheckpoint()
        await saveSessionFile(output, recorder.toSession())
      },
      onError: () => undefined
    }
  })
  const client = run.client

  let interrupted = false
  const removeInterrupt = io.onInterrupt(() => {
    if (!interrupted) {
      interrupted = true
      progress.end()
      io.err.write('mflab: interrupted: saving a resumable session (Ctrl-C again to abort)\n')
      client.stop()
    } else {
      io.err.write('mflab: aborted; the file keeps its last autosave\n')
      void client.terminate().then(() => process.exit(EXIT.interrupted))
    }
  })

  let end: DoneEvent | ErrorEvent
  try {
    end = await run.ended
  } finally {
    removeInterrupt()
  }
  const seconds = (performance.now() - started) / 1000
  const reached = recorder.step
  progress.update(
    reached,
    seconds > 0 ? (reached - startStep) / seconds : lastRate,
    recorder.summaryMetrics.risk,
    true
  )
  progress.end()

  recorder.status = end.type === 'done' ? end.status : 'failed'
  recorder.message = end.type === 'done' ? null : `${end.name}: ${end.message}`
  const final = recorder.toSession()
  const claims = final.claims ?? []
  const saved = await saveSessionFile(output, final)
  const stepsRun = Math.max(0, saved.step - startStep)
  const summary: RunSummary = {
    status: saved.status,
    backend: saved.backend?.actual ?? null,
    steps: saved.step,
    stepsRun,
    seconds: round(seconds, 3),
    stepsPerSecond: round(seconds > 0 ? stepsRun / seconds : 0, 1),
    metrics: { risk: finiteOrNull(saved.summary.risk) },
    output,
    claims
  }
  if (saved.summary.trainRisk !== undefined)
    summary.metrics.trainRisk = finiteOrNull(saved.summary.trainRisk)
  if (end.type === 'error') {
    const where = end.step !== null ? ` at step ${end.step}` : ''
    io.err.write(`mflab: run failed${where}: ${end.message}\n`)
  }
  io.out(JSON.stringify(summary))
  if (end.type === 'error') return end.name === 'DivergenceError' ? EXIT.usage : EXIT.internal
  return end.status === 'stopped' && interrupted ? EXIT.interrupted : EXIT.ok
}

function round(v: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(v * f) / f
}

function finiteOrNull(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null
}
