// W1 (online SGD, batch 1, d=40, M=800, truncated ReLU): steps/s of one backend, wall and CPU time.
// Run: npx tsx test/bench/measure-w1.mts js|js-plain|webasm|cpu [steps]
import { GPU } from 'gpu.js'
import { experimentSpec } from '../../src-shared/spec/experiment-spec.ts'
import { createJsBackend } from '../../src-shared/engine/backends/js-backend.ts'
import { createGpujsBackend } from '../../src-shared/engine/backends/gpujs-backend.ts'
import { dynamicsConfig } from '../../src-shared/engine/simulation.ts'
import { initParticles } from '../../src-shared/science/particles.ts'
import { makeTask } from '../../src-shared/science/tasks/make-task.ts'
import { Rng } from '../../src-shared/science/rng.ts'
const which = process.argv[2] ?? 'js'
const K = Number(process.argv[3] ?? 20000)
const spec = experimentSpec.parse({ seed: 3, dynamics: { steps: 1e9 }, observe: { every: 1e8 } })
const cfg = dynamicsConfig(spec)
const data = makeTask(spec.task, 3).sample(new Rng(3, 'data'), K)
const be =
  which === 'js' || which === 'js-plain'
    ? createJsBackend(cfg, which === 'js' ? 'wasm-simd' : 'js')
    : await createGpujsBackend(
        new GPU({ mode: which as 'cpu' | 'webasm' }),
        which as 'cpu',
        cfg,
        ''
      )
await be.upload(initParticles(spec.model, 40, 3))
const chunk = {
  stepSizes: new Float64Array(K).fill(1e-4),
  batches: { kind: 'samples' as const, batch: 1, x: data.x, y: data.y }
}
await be.runChunk({ stepSizes: chunk.stepSizes.subarray(0, 256), batches: chunk.batches }) // warm-up / compile
for (let rep = 0; rep < 2; rep++) {
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  await be.runChunk(chunk)
  const dt = (performance.now() - t0) / 1000
  const c = process.cpuUsage(c0)
  const cpu = (c.user + c.system) / 1e6
  console.log(
    which,
    be.detail,
    'wall',
    (K / dt).toFixed(0),
    'steps/s; cpu-time',
    (K / cpu).toFixed(0),
    'steps/s'
  )
}
be.dispose()
process.exit(0)
