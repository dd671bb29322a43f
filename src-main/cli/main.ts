import '../wasm-flags'
import { join } from 'node:path'
import { printable } from '@shared/protocol/printable'
import { APP_STAMP } from '@shared/session/create-session'
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
import { COMMAND_HELP, commandHelp, overallHelp, wantsHelp } from './command-help'
import { safeStream, messageLine } from './safe-output'
import { EXIT, UsageError } from './usage-error'

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
  if (command !== undefined && Object.hasOwn(COMMAND_HELP, command) && wantsHelp(rest)) {
    out(commandHelp(command))
    return EXIT.ok
  }
  switch (command) {
    case undefined:
      throw new UsageError('missing command (mflab --help lists them)')
    case 'help':
    case '--help':
    case '-h':
      out(rest[0] && Object.hasOwn(COMMAND_HELP, rest[0]) ? commandHelp(rest[0]) : overallHelp())
      return EXIT.ok
    case 'version':
    case '--version':
    case '-V':
      out(`mflab ${APP_STAMP.version}`)
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

// `mflab export … | head` closes the pipe early: that is the reader's choice, not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(EXIT.ok)
  throw e
})

main(process.argv.slice(2)).then(exitWith, (e) => exitWith(report(e)))
