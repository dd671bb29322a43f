// Runs a packaged app's own `mflab` launcher (resources/bin/mflab, or mflab.cmd on Windows) on a
// fresh session with webgpu requested, and fails when the app's webgpu package did not load.
// Used by .github/workflows/desktop.yml after electron-builder:
//   node test/electron/packaged-cli.mjs dist/linux-unpacked/resources/bin/mflab
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const launcher = process.argv[2] && resolve(process.argv[2])
if (!launcher) {
  console.error('usage: node test/electron/packaged-cli.mjs PATH/TO/resources/bin/mflab[.cmd]')
  process.exit(2)
}
const win = process.platform === 'win32'
// Windows runs a .cmd only through the shell, which splits on spaces: quote every argument.
const quote = (s) => (win ? `"${s}"` : s)

function mflab(...args) {
  const r = spawnSync(quote(launcher), args.map(quote), { encoding: 'utf8', shell: win })
  process.stderr.write(r.stderr ?? '')
  if (r.status !== 0) throw new Error(`mflab ${args[0]} exited with ${r.status}: ${r.error ?? ''}`)
  return r
}

const work = mkdtempSync(join(tmpdir(), 'mflab-packaged-'))
try {
  const lesson = join(work, 'lesson.mflab')
  mflab('new', '--preset', 'mmn-two-gaussians', '--size', 'ci', '-o', lesson)
  const run = mflab('run', lesson, '--steps', '200', '--backend', 'webgpu')
  const summary = JSON.parse(run.stdout.trim().split('\n').at(-1))
  console.log(`mflab run: ${summary.status} on ${summary.backend}, ${summary.steps} steps`)
  if (summary.status !== 'completed') throw new Error('the run did not complete')
  if (/WebGPU for Node unavailable/.test(run.stderr))
    throw new Error('the packaged CLI could not load its webgpu package')
} finally {
  rmSync(work, { recursive: true, force: true })
}
