// Starts `mflab serve` as a child process against a temporary sessions folder and parses its URL.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const CLI = join(ROOT, 'out', 'cli', 'mflab.cjs')
const E2E_OUT = join(ROOT, 'out', 'e2e')

/** Why the app cannot be served here, or null. */
export function appMissing() {
  return existsSync(join(ROOT, 'out', 'renderer', 'index.html'))
    ? null
    : 'out/renderer is not built (npx electron-vite build)'
}

/** The built CLI when it has `serve`, else a bundle of src-main/serve made here with esbuild. */
async function serverCommand() {
  const want = process.env.MFLAB_E2E_SERVER ?? 'auto'
  const cliHasServe = existsSync(CLI) && readFileSync(CLI, 'utf8').includes('runServeCommand')
  if (want === 'cli' || (want === 'auto' && cliHasServe))
    return { args: [CLI, 'serve'], via: 'cli' }
  const { build } = await import('esbuild')
  mkdirSync(E2E_OUT, { recursive: true })
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    alias: { '@shared': join(ROOT, 'src-shared') },
    external: ['webgpu', 'gl', 'electron']
  }
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(ROOT, 'test/e2e/serve-entry.ts')],
      outfile: join(E2E_OUT, 'mflab-serve.cjs')
    }),
    build({
      ...common,
      entryPoints: [join(ROOT, 'src-main/compute/worker-entry.ts')],
      outfile: join(E2E_OUT, 'compute-worker.cjs')
    })
  ])
  return { args: [join(E2E_OUT, 'mflab-serve.cjs')], via: 'source bundle' }
}

/**
 * Runs the server; resolves once it printed its URL. `stop()` sends SIGINT (the server saves its
 * running sessions) and removes the sessions folder unless `keep`.
 */
export async function startServe({ extraArgs = [], sessionsDir: dir = null, keep = false } = {}) {
  const sessionsDir = dir ?? mkdtempSync(join(tmpdir(), 'mflab-e2e-sessions-'))
  const { args, via } = await serverCommand()
  // the settings file inside the (temporary) sessions folder: never the user's ~/.mflab
  const settingsFile = join(sessionsDir, 'settings.json')
  const child = spawn(
    process.execPath,
    [...args, '--port', '0', '--sessions', sessionsDir, '--settings', settingsFile, ...extraArgs],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (c) => (stderr += c))
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve printed no URL in 30 s; stderr: ${stderr}`)),
      30_000
    )
    child.stdout.on('data', (c) => {
      stdout += c
      const m = /Open: (http:\/\/\S+)/.exec(stdout)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited with ${code}: ${stderr}`))
    })
  })
  const u = new URL(url)
  return {
    url,
    origin: u.origin,
    token: u.searchParams.get('token'),
    via,
    sessionsDir,
    settingsFile,
    stderr: () => stderr,
    /** Ends the server: SIGINT (it saves its runs) or SIGKILL (a crash: nothing is saved). */
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill(signal)
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))])
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      }
      if (!keep) rmSync(sessionsDir, { recursive: true, force: true })
    }
  }
}
