// What one autosave of the largest guided session costs the main thread: encode the session and
// write it atomically (temp file, fsync, rename), as every timed save does after the worker's
// checkpoint arrives. Run (esbuild resolves the @shared alias, which tsx does not):
//   npx esbuild test/bench/autosave-cost.mts --bundle --platform=node --format=esm \
//     --alias:@shared=./src-shared --external:webgpu --external:gl --outfile=out/bench/autosave-cost.mjs
//   node out/bench/autosave-cost.mjs FILE.mflab [saves]
// (FILE: a completed session, e.g. from test/bench/autosave-cost.sh's default-size run.)
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSessionFile, saveSessionFile } from '../../src-main/backend/session-store'

const [file, n = '20'] = process.argv.slice(2)
if (!file) throw new Error('usage: node out/bench/autosave-cost.mjs FILE.mflab [saves]')
const { session } = await loadSessionFile(file)
const dir = mkdtempSync(join(tmpdir(), 'mflab-autosave-'))
const out = join(dir, 'a.mflab')
const ms: number[] = []
try {
  for (let i = 0; i < Number(n); i++) {
    const t0 = performance.now()
    await saveSessionFile(out, session)
    ms.push(performance.now() - t0)
  }
  ms.sort((a, b) => a - b)
  const median = ms[ms.length >> 1]
  console.log(
    `${(statSync(out).size / 1e6).toFixed(2)} MB session, ${session.series.step.length} records: ` +
      `one save median ${median.toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms over ${n}; ` +
      `every 5 s that is ${((100 * median) / 5000).toFixed(2)} % of the run`
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
