import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { createLabBackend } from '../backend/lab-backend'
import { printable } from '@shared/protocol/printable'
import { commandHelp } from '../cli/command-help'
import { LOOPBACK_HOST } from './security'
import { ServeOptionError, startServer } from './server'
import { findRendererDir } from './static-files'

interface ServeArgs {
  port: number
  host: string
  sessionsDir: string
  settingsFile: string
  maxConcurrentRuns?: number
}

class UsageError extends Error {}

/** Parses `serve`'s arguments (without the subcommand name). Throws UsageError with one line. */
export function parseServeArgs(args: string[], env: NodeJS.ProcessEnv = process.env): ServeArgs {
  const out: ServeArgs = {
    port: 0,
    host: LOOPBACK_HOST,
    sessionsDir: env.MFLAB_SESSIONS
      ? resolve(env.MFLAB_SESSIONS)
      : join(homedir(), '.mflab', 'sessions'),
    // not beside a --sessions folder: that may be any folder of the user's
    settingsFile: env.MFLAB_SETTINGS
      ? resolve(env.MFLAB_SETTINGS)
      : join(homedir(), '.mflab', 'settings.json')
  }
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].includes('=') ? args[i].split(/=(.*)/s, 2) : [args[i], undefined]
    const value = () => {
      const v = inline ?? args[++i]
      if (v === undefined) throw new UsageError(`${flag} needs a value`)
      return v
    }
    switch (flag) {
      case '--port': {
        const v = value()
        const p = Number(v)
        if (!/^\d+$/.test(v) || p > 65535)
          throw new UsageError(`--port: expected 0–65535, got '${v}'`)
        out.port = p
        break
      }
      case '--host':
        out.host = value()
        break
      case '--sessions':
        out.sessionsDir = resolve(value())
        break
      case '--settings':
        out.settingsFile = resolve(value())
        break
      case '--max-runs': {
        const v = value()
        const n = Number(v)
        if (!/^\d+$/.test(v) || n < 1 || n > 64)
          throw new UsageError(`--max-runs: expected 1–64, got '${v}'`)
        out.maxConcurrentRuns = n
        break
      }
      default:
        throw new UsageError(`unknown option '${args[i]}'`)
    }
  }
  if (out.host !== LOOPBACK_HOST && out.host !== 'localhost') {
    throw new UsageError(
      `--host ${out.host}: web mode only listens on ${LOOPBACK_HOST} (loopback); anything else would expose your machine`
    )
  }
  return out
}

/**
 * `mflab serve`: starts the backend and the web server, prints the URL (with its token) on stdout,
 * and runs until SIGINT, SIGTERM or SIGHUP. Returns the exit code: 0 after a clean stop, 2 on bad input.
 */
export async function runServeCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(commandHelp('serve') + '\n')
    return 0
  }
  let parsed: ServeArgs
  try {
    parsed = parseServeArgs(args)
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`mflab serve: ${printable(e.message)}\n`)
      return 2
    }
    throw e
  }
  const rendererDir = findRendererDir()
  if (!rendererDir) {
    process.stderr.write(
      'mflab serve: warning: out/renderer not found (run `npx electron-vite build`)\n'
    )
  }
  const backend = createLabBackend({
    sessionsDir: parsed.sessionsDir,
    settingsFile: parsed.settingsFile,
    maxConcurrentRuns: parsed.maxConcurrentRuns,
    log: (line) => process.stderr.write(`mflab serve: ${printable(line)}\n`)
  })
  let server
  try {
    server = await startServer({
      backend,
      rendererDir,
      port: parsed.port,
      host: parsed.host,
      log: (line) => process.stderr.write(`mflab serve: ${printable(line)}\n`)
    })
  } catch (e) {
    await backend.shutdown()
    if (e instanceof ServeOptionError || (e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`mflab serve: ${printable((e as Error).message)}\n`)
      return 2
    }
    throw e
  }
  process.stdout.write(
    `Mean-Field Lab is serving on ${LOOPBACK_HOST}:${server.port} (sessions in ${parsed.sessionsDir})\n` +
      `Open: ${server.url}\n`
  )
  const running = server
  await new Promise<void>((resolveStop) => {
    const stop = () => {
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, stop)
      resolveStop()
    }
    // a closed terminal (SIGHUP) stops like Ctrl-C: running sessions are saved first
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, stop)
  })
  process.stderr.write('mflab serve: stopping (saving running sessions)\n')
  await running.close()
  await backend.shutdown()
  return 0
}
