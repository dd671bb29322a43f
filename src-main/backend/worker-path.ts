import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** Files that may hold the compute worker, in the order tried. */
export function findWorkerPath(): string | null {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd()
  const candidates = [
    join(here, 'compute-worker.cjs'),
    join(here, 'compute-worker.js'),
    resolve('out/cli/compute-worker.cjs'),
    resolve('out/main/compute-worker.js'),
    join(here, '..', '..', 'out', 'cli', 'compute-worker.cjs')
  ]
  return candidates.find((c) => existsSync(c)) ?? null
}
