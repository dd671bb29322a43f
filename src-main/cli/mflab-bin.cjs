#!/usr/bin/env node
// Runs the bundled CLI, (re)building it first when it is missing or older than its sources.
const { existsSync, readdirSync, statSync } = require('node:fs')
const { join } = require('node:path')
const { spawnSync } = require('node:child_process')

const root = join(__dirname, '..', '..')
const entry = join(root, 'out', 'cli', 'mflab.cjs')
const worker = join(root, 'out', 'cli', 'compute-worker.cjs')
const sources = [
  'src-shared',
  'src-main/cli',
  'src-main/compute',
  'src-main/backend',
  'src-main/serve',
  'package.json'
]

function newest(path) {
  if (!existsSync(path)) return 0
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  let t = 0
  for (const name of readdirSync(path)) t = Math.max(t, newest(join(path, name)))
  return t
}

function stale() {
  if (!existsSync(entry) || !existsSync(worker)) return true
  const built = Math.min(statSync(entry).mtimeMs, statSync(worker).mtimeMs)
  return sources.some((s) => newest(join(root, s)) > built)
}

if (stale()) {
  const r = spawnSync(
    process.execPath,
    [join(root, 'src-main', 'cli', 'build-cli.mjs'), '--quiet'],
    {
      stdio: 'inherit'
    }
  )
  if (r.status !== 0) {
    if (!existsSync(entry) || !existsSync(worker)) {
      process.stderr.write(
        'mflab: could not build the CLI (node src-main/cli/build-cli.mjs failed)\n'
      )
      process.exit(1)
    }
    process.stderr.write('mflab: rebuilding the CLI failed; using the previous build\n')
  }
}
require(entry)
