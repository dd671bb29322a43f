import '../wasm-flags'
import { join } from 'node:path'
import { printable } from '@shared/protocol/printable'
import { SetPathError } from '@shared/spec/set-path'
import { UnknownPresetError } from '@shared/spec/presets'
import { SpecError } from '@shared/spec/experiment-spec'
import { cmdBench } from './bench'
import { cmdExport } from './cmd-export'
import { cmdNew } from './cmd-new'
import { cmdPresets } from './cmd-presets'
import { cmdReport } from './cmd-report'
import { cmdRun } from './cmd-run'
import { cmdSchema } from './cmd-schema'
import { cmdSweep } from './cmd-sweep'
import { cmdValidate } from './cmd-validate'
import { safeStream, messageLine } from './safe-output'
import { EXIT, UsageError } from './usage-error'

const HELP = `mflab — Mean-Field Lab on the command line

  mflab new --preset NAME [--set path=value …] [--size ci|default|paper] -o FILE [--force]
  mflab run FILE [--backend auto|webgpu|webasm|cpu|js] [--steps N] [-o OUT] [--resume] [--progress]
  mflab sweep --preset NAME --param PATH --values v1,v2,… [--seeds 1,2,3] [--size ci|default|paper]
              [--set path=value …] [--backend B] [--jobs N] -o FILE.mflabstudy [--force] [--progress]
  mflab sweep --preset NAME --variants [--size ci|default|paper] [--seeds …] [--backend B] [--jobs N] -o FILE.mflabstudy
  mflab sweep --resume -o FILE.mflabstudy [--backend B] [--jobs N]
  mflab sweep (--preset … as above) --slurm DIR [--submit] [--partition P] [--account A] [--throttle N]
              [--sbatch-line=LINE …] [--mflab-command CMD]   (a Slurm job array; see the README)
  mflab sweep --collect DIR [-o FILE.mflabstudy] [--resubmit] [--force]   (exit 3 while runs are unfinished)
  mflab validate FILE [--json]
  mflab export FILE [--format json|csv] [-o OUT] [--checkpoint]
  mflab report FILE -o DIR [--format png|svg|both] [--width W] [--height H] [--log]
  mflab presets [--json]
  mflab schema
  mflab serve [--port P] [--sessions DIR] [--max-runs N]   (web mode on 127.0.0.1 only; see mflab serve --help)
  mflab bench [--workload W1,W1b,W1n,W2,watch] [--backends js,webasm,cpu,webgpu] [--seconds S] [--repeat N] [--torch cpu|cuda|none]

run: --steps N sets the run's total length; --resume continues from the file's checkpoint;
Ctrl-C (or SIGTERM, SIGHUP) saves a resumable session and exits 130. The last stdout line of run is a JSON summary.
sweep: runs the preset once per value × seed (default seeds 1,2,3) in parallel workers, saves the
study after every run (resume with --resume) and prints a JSON summary last (mean risk per value).
Exit codes: 0 ok, 1 internal error, 2 bad input, 130 interrupted.`

const stderr = safeStream(process.stderr)
const out = (line: string) => process.stdout.write(printable(line, { lines: true }) + '\n')
const write = (text: string) =>
  new Promise<void>((resolve, reject) =>
    process.stdout.write(text, (e) => (e ? reject(e) : resolve()))
  )

/**
 * The signals that ask a command to stop: Ctrl-C (SIGINT), `kill` (SIGTERM) and a closed terminal
 * (SIGHUP) all save a resumable session first, instead of losing everything since the last
 * autosave. Returns the function that removes the handler.
 */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

function onStopSignals(handler: () => void): () => void {
  for (const s of STOP_SIGNALS) process.on(s, handler)
  return () => {
    for (const s of STOP_SIGNALS) process.off(s, handler)
  }
}

/** Runs one `mflab` command line and returns its exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case undefined:
      throw new UsageError('missing command (mflab --help lists them)')
    case 'help':
    case '--help':
    case '-h':
      out(HELP)
      return EXIT.ok
    case 'new':
      return cmdNew(rest, out)
    case 'run':
      return cmdRun(rest, {
        out,
        err: stderr,
        workerPath: join(__dirname, 'compute-worker.cjs'),
        onInterrupt: onStopSignals
      })
    case 'sweep':
      return cmdSweep(rest, {
        out,
        err: stderr,
        workerPath: join(__dirname, 'compute-worker.cjs'),
        onInterrupt: onStopSignals
      })
    case 'validate':
      return cmdValidate(rest, out)
    case 'export':
      return cmdExport(rest, write)
    case 'report':
      return cmdReport(rest, out)
    case 'presets':
      return cmdPresets(rest, out)
    case 'schema':
      return cmdSchema(rest, out)
    case 'bench':
      return cmdBench(rest, out)
    case 'serve':
      return (await import('../serve/serve-command')).runServeCommand(rest)
    default:
      throw new UsageError(`unknown command '${command}' (mflab --help lists them)`)
  }
}

/** A user's mistake as one line; anything else is an internal error (stack with MFLAB_DEBUG=1). */
function report(e: unknown): number {
  const userError =
    e instanceof UsageError ||
    e instanceof SetPathError ||
    e instanceof UnknownPresetError ||
    e instanceof SpecError
  const message = e instanceof Error ? e.message : String(e)
  process.stderr.write(`mflab: ${userError ? '' : 'internal error: '}${messageLine(message)}\n`)
  if (!userError && process.env.MFLAB_DEBUG && e instanceof Error)
    process.stderr.write(`${e.stack}\n`)
  return userError ? EXIT.usage : EXIT.internal
}

function exitWith(code: number): void {
  process.exitCode = code
  // Something still holding the event loop (a gpu.js thread pool) must not keep the CLI alive.
  setTimeout(() => process.exit(code), 2000).unref()
}

main(process.argv.slice(2)).then(exitWith, (e) => exitWith(report(e)))
