// Bundles the `mflab` CLI and its compute worker to out/cli/ (CommonJS, Node 20).
// Outputs are replaced atomically (temp file + rename): a CLI started during a rebuild never
// loads a half-written bundle, and parallel builds (test files building in beforeAll) are safe.
import { build } from 'esbuild'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { absentAliases, RUNTIME_PACKAGES } from './bundle-policy.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  write: false,
  alias: { '@shared': join(root, 'src-shared'), ...absentAliases },
  // Self-contained: only the native runtime packages (webgpu, loaded lazily for the GPU;
  // @napi-rs/canvas, for `mflab report`) load from node_modules, and each is optional to the CLI.
  // gpu.js bundles: its webasm thread pool starts workers from source (eval), not from files.
  // electron is never loaded by the CLI.
  external: [...RUNTIME_PACKAGES, 'electron']
}

const entries = [
  ['src-main/cli/main.ts', 'out/cli/mflab.cjs'],
  ['src-main/compute/worker-entry.ts', 'out/cli/compute-worker.cjs'],
  ['src-main/compute/pde-thread.ts', 'out/cli/pde-thread.cjs']
]

const started = Date.now()
const results = await Promise.all(
  entries.map(([entry, outfile]) =>
    build({ ...common, entryPoints: [join(root, entry)], outfile: join(root, outfile) })
  )
)
for (const r of results)
  for (const file of r.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true })
    const temp = `${file.path}.tmp-${process.pid}`
    writeFileSync(temp, file.contents)
    renameSync(temp, file.path)
  }
if (!process.argv.includes('--quiet'))
  console.error(`build-cli: out/cli/ in ${Date.now() - started} ms`)
