import { spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, CLI, ROOT } from '../cli/run-cli'

// The `mflab` launcher of an installed app, run from the package layout that electron-builder.yml
// produces (resources/bin/mflab, resources/app.asar.unpacked/out/cli/), with `node` standing in for
// the app's binary and no node_modules beside the CLI: the CLI bundle must be self-contained and
// degrade, with a reason, without the optional native packages. On Linux the layout is
// electron-builder's own (its `dir` target, offline, with node as the Electron it copies); elsewhere
// (the release workflow's Windows and macOS runners) it is copied by hand, as for the macOS layout.
const WIN = process.platform === 'win32'
const work = mkdtempSync(join(tmpdir(), 'mflab-launcher-'))

type Layout = 'electron-builder' | 'linux' | 'mac' | 'win'

/**
 * electron-builder's Linux package of the built app, without its native packages (the CLI must
 * do without them), with node as the Electron binary; returns the launcher's path.
 */
function packageApp(dir: string): string {
  const electron = join(dir, 'electron-dist')
  mkdirSync(electron, { recursive: true })
  symlinkSync(process.execPath, join(electron, 'electron'))
  const builder = join(ROOT, 'node_modules/electron-builder/cli.js')
  const args = ['--linux', 'dir', '--publish', 'never', `-c.electronDist=${electron}`]
  args.push(`-c.directories.output=${join(dir, 'dist')}`)
  const r = spawnSync(process.execPath, [builder, ...args], { cwd: ROOT, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`electron-builder failed: ${r.stdout}\n${r.stderr}`)
  const app = join(dir, 'dist', 'linux-unpacked')
  rmSync(join(app, 'resources', 'app.asar.unpacked', 'node_modules'), { recursive: true })
  return join(app, 'resources', 'bin', 'mflab')
}

/** Lays out an installed app under `dir`; returns the launcher's path. */
function installApp(dir: string, layout: Exclude<Layout, 'electron-builder'>): string {
  const resources = layout === 'mac' ? join(dir, 'Contents', 'Resources') : join(dir, 'resources')
  const cliDir = join(resources, 'app.asar.unpacked', 'out', 'cli')
  mkdirSync(cliDir, { recursive: true })
  mkdirSync(join(resources, 'bin'))
  for (const f of ['mflab.cjs', 'compute-worker.cjs'])
    copyFileSync(join(CLI, '..', f), join(cliDir, f))
  const binary = {
    linux: join(dir, 'mean-field-lab'),
    mac: join(dir, 'Contents', 'MacOS', 'Mean-Field Lab'),
    win: join(dir, 'Mean-Field Lab.exe')
  }[layout]
  mkdirSync(join(binary, '..'), { recursive: true })
  if (WIN) copyFileSync(process.execPath, binary)
  else symlinkSync(process.execPath, binary)
  const launcher = join(resources, 'bin', WIN ? 'mflab.cmd' : 'mflab')
  copyFileSync(join(ROOT, 'build', 'cli', WIN ? 'mflab.cmd' : 'mflab'), launcher)
  if (!WIN) chmodSync(launcher, 0o755)
  return launcher
}

function mflab(launcher: string, args: string[]) {
  // A clean environment: no NODE_PATH or NODE_OPTIONS may find the repository's node_modules.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: work,
    SystemRoot: process.env.SystemRoot
  }
  const r = spawnSync(launcher, args, { cwd: work, env, encoding: 'utf8', shell: WIN })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) ?? '')

beforeAll(buildCli)
afterAll(() => rmSync(work, { recursive: true, force: true }))

const layouts: Layout[] = WIN
  ? ['win']
  : process.platform === 'linux'
    ? ['electron-builder', 'mac']
    : ['linux', 'mac']
const launchers = new Map<string, string>()
beforeAll(() => {
  for (const layout of layouts) {
    const dir = join(work, layout)
    launchers.set(layout, layout === 'electron-builder' ? packageApp(dir) : installApp(dir, layout))
  }
})

describe('mflab launcher in an installed app layout, without node_modules', () => {
  const launcher = () => launchers.get(layouts[0])!
  const file = join(work, 'lesson.mflab')

  it('runs a fresh session: mflab new, then mflab run, through the app binary as Node', () => {
    const made = mflab(
      launcher(),
      'new --preset mmn-two-gaussians --size ci -o'.split(' ').concat(file)
    )
    expect(made.stderr).toBe('')
    expect(made.code).toBe(0)
    // webgpu requested explicitly: the package is absent, so the run falls back and says why
    const run = mflab(launcher(), ['run', file, '--steps', '100', '--backend', 'webgpu'])
    expect(run.code, run.stderr).toBe(0)
    expect(lastJson(run.stdout)).toMatchObject({ status: 'completed', steps: 100 })
    expect(lastJson(run.stdout).backend).not.toBe('webgpu')
    expect(run.stderr).toMatch(
      /not webgpu: .*the optional package webgpu \(Dawn\) is not installed/
    )
  })

  it('mflab report says @napi-rs/canvas is missing, in one line, with exit code 2', () => {
    const r = mflab(launcher(), ['report', file, '-o', join(work, 'report')])
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/@napi-rs\/canvas/)
  })

  it.each(layouts)('finds the app binary in the %s layout', (layout) => {
    const r = mflab(launchers.get(layout)!, ['presets'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^mmn-two-gaussians /m)
  })

  it.skipIf(WIN)('works through a link, as /usr/bin/mflab does after the deb installs', () => {
    const link = join(work, 'usr-bin-mflab')
    symlinkSync(launcher(), link)
    const r = mflab(link, ['presets'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^mmn-two-gaussians /m)
  })

  it.skipIf(WIN)('outside an installed app the launcher says so and fails', () => {
    const stray = join(work, 'stray', 'bin', 'mflab')
    mkdirSync(join(stray, '..'), { recursive: true })
    copyFileSync(join(ROOT, 'build', 'cli', 'mflab'), stray)
    chmodSync(stray, 0o755)
    const r = mflab(stray, ['presets'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/belongs in an installed Mean-Field Lab/)
  })
})
