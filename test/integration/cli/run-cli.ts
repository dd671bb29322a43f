import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

/** Repository root and the built CLI. */
export const ROOT = join(__dirname, '../../..')
export const CLI = join(ROOT, 'out/cli/mflab.cjs')

/** Builds out/cli/ once (call from beforeAll). */
export function buildCli(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'src-main/cli/build-cli.mjs'), '--quiet'], {
    encoding: 'utf8'
  })
  if (r.status !== 0) throw new Error(`build-cli failed: ${r.stderr}`)
}

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Starts `mflab args…` in `cwd` (with `env`, default this process's); `onStderr` sees stderr as it arrives. */
export function startCli(
  args: string[],
  cwd: string,
  onStderr?: (text: string, child: ChildProcess) => void,
  env?: NodeJS.ProcessEnv
) {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d
    onStderr?.(stderr, child)
  })
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
  return { child, done }
}

/** Runs `mflab args…` to the end. */
export function cli(args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return startCli(args, cwd, undefined, env).done
}

/** The last non-empty stdout line parsed as JSON. */
export function lastJson(r: CliResult): Record<string, unknown> {
  const lines = r.stdout.trim().split('\n')
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>
}
