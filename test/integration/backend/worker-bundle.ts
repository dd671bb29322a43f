import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'

const ROOT = resolve(__dirname, '../../..')
// one file per test process: parallel test files must not read each other's half-written bundle
const OUT = join(ROOT, 'out', 'test-worker', `compute-worker-${process.pid}.cjs`)
const ENTRY = join(ROOT, 'src-main', 'compute', 'worker-entry.ts')

let pending: Promise<string> | null = null

/**
 * The real compute worker, bundled from source with esbuild (what `src-main/cli/build-cli.mjs` does for
 * the CLI), so integration tests run the engine in an actual worker thread. Written under out/ so
 * its external packages (gpu.js) resolve from the repository's node_modules. Built once per run.
 */
export function workerBundle(): Promise<string> {
  pending ??= (async () => {
    const dir = join(ROOT, 'out', 'test-worker')
    mkdirSync(dir, { recursive: true })
    // test processes end without a chance to clean up: drop bundles of earlier runs instead
    for (const f of readdirSync(dir)) {
      const p = join(dir, f)
      try {
        if (Date.now() - statSync(p).mtimeMs > 10 * 60_000) rmSync(p, { force: true })
      } catch {
        // removed by a parallel test process
      }
    }
    await build({
      entryPoints: [ENTRY],
      outfile: OUT,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      alias: { '@shared': join(ROOT, 'src-shared') },
      external: ['gpu.js', 'webgpu', 'gl', 'electron'],
      logLevel: 'silent'
    })
    return OUT
  })()
  return pending
}
