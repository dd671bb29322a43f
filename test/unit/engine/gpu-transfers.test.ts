import { GPU } from 'gpu.js'
import { describe, expect, it } from 'vitest'
import { createGpujsBackend, type GpuStrategy } from '@shared/engine/backends/gpujs-backend'
import { createSimulation } from '@shared/engine/create-simulation'
import type { TransferCounts } from '@shared/engine/particle-backend'
import { DriverSimulation, dynamicsConfig } from '@shared/engine/simulation'
import { experimentSpec, type ExperimentSpecInput } from '@shared/spec/experiment-spec'
import type { Particles } from '@shared/science/particles'
import { gpuModesHere } from './gpu-modes'

const here = await gpuModesHere()
for (const s of here.skipped) console.log(`gpu-transfers.test: skipping ${s}`)

const STEPS = 60
const EVERY = 10

/** Noisy online SGD (fresh samples every step, no training set) observed every EVERY steps. */
function spec(over: Partial<ExperimentSpecInput> = {}) {
  return experimentSpec.parse({
    seed: 11,
    task: { kind: 'two-gaussians', dim: 5, trainSize: 40, testSize: 30, delta: 0.8 },
    model: { width: 19, activation: { kind: 'tanh' } },
    dynamics: {
      kind: 'online-sgd',
      stepSize: 0.02,
      steps: STEPS,
      batchSize: 3,
      beta: 50,
      lambda: 0.05
    },
    observe: { every: EVERY, riskSamples: 30 },
    compute: { chunkSteps: 25 },
    ...over
  })
}

async function run(
  mode: 'cpu' | 'webasm' | 'webgpu',
  strategy: GpuStrategy,
  over: Partial<ExperimentSpecInput> = {}
): Promise<{ before: TransferCounts; after: TransferCounts; particles: Particles }> {
  const s = spec(over)
  const backend = await createGpujsBackend(new GPU({ mode }), mode, dynamicsConfig(s), '', strategy)
  const sim = await DriverSimulation.start(s, backend, {
    requested: mode,
    actual: mode,
    detail: backend.detail,
    fallbackReason: null
  })
  await sim.advance(STEPS)
  const before = backend.transfers!()
  const particles = await sim.snapshot()
  const after = backend.transfers!()
  sim.dispose()
  return { before, after, particles }
}

// the driver cuts chunks at every record: STEPS/EVERY chunks, one record after each plus step 0
const CHUNKS = STEPS / EVERY
const RECORDS = CHUNKS + 1

describe.each(here.modes)('host↔device transfers on gpu.js %s', (mode) => {
  it('resident: θ goes up once and comes back only for the snapshot; noise is drawn on the device', async () => {
    const { before, after } = await run(mode, 'resident')
    expect(before).toEqual({
      thetaUploads: 1,
      thetaReadbacks: 0,
      // per record: the norms (after every chunk and at step 0) and the test-set predictions
      reductionReadbacks: 2 * RECORDS,
      // each chunk's fresh samples x and y, and its step sizes
      dataUploads: 3 * CHUNKS,
      hostNormals: 0
    })
    expect(after.thetaReadbacks).toBe(1)
  })

  it('resident: an observable that needs the particles reads them back once per record', async () => {
    const { before } = await run(mode, 'resident', {
      observe: { every: EVERY, riskSamples: 30, observables: ['movement'] }
    })
    expect(before.thetaReadbacks).toBe(RECORDS)
  })

  it('fused: θ makes one round trip per pipeline call and one upload per prediction', async () => {
    const { before } = await run(mode, 'fused')
    expect(before).toEqual({
      thetaUploads: 1 + CHUNKS + RECORDS,
      thetaReadbacks: CHUNKS,
      reductionReadbacks: RECORDS,
      dataUploads: CHUNKS,
      hostNormals: 0
    })
  })

  it('host noise draws every step on the host; both strategies run the same dynamics', async () => {
    const host = await run(mode, 'resident', {
      compute: { chunkSteps: 25, noise: 'host' }
    })
    const m = 19
    const d = 5
    expect(host.before.hostNormals).toBe(STEPS * m * (d + 2))
    const resident = await run(mode, 'resident')
    const fused = await run(mode, 'fused')
    let worst = 0
    for (const k of ['a', 'b', 'w'] as const)
      for (let i = 0; i < resident.particles[k].length; i++)
        worst = Math.max(worst, Math.abs(resident.particles[k][i] - fused.particles[k][i]))
    expect(worst).toBeLessThan(1e-5)
    // and device noise is a different stream from the host's
    expect(host.particles.w[0]).not.toBe(resident.particles.w[0])
  })

  it('resident2 at batch 1 (the residual summed in the update) runs the same dynamics', async () => {
    const batch1 = {
      dynamics: {
        kind: 'online-sgd' as const,
        stepSize: 0.02,
        steps: STEPS,
        batchSize: 1,
        beta: 50,
        lambda: 0.05
      }
    }
    const three = await run(mode, 'resident', batch1)
    const two = await run(mode, 'resident2', batch1)
    expect(two.before).toEqual(three.before)
    let worst = 0
    let moved = 0
    for (const k of ['a', 'b', 'w'] as const)
      for (let i = 0; i < three.particles[k].length; i++) {
        worst = Math.max(worst, Math.abs(three.particles[k][i] - two.particles[k][i]))
        moved = Math.max(moved, Math.abs(three.particles[k][i]))
      }
    expect(worst).toBeLessThan(1e-5 * moved)
    // the tolerance can fail: a step 5 % longer (a smaller error than a wrong residual) exceeds it
    const still = await run(mode, 'resident2', {
      ...batch1,
      dynamics: { ...batch1.dynamics, stepSize: 0.021 }
    })
    let apart = 0
    for (let i = 0; i < three.particles.w.length; i++)
      apart = Math.max(apart, Math.abs(three.particles.w[i] - still.particles.w[i]))
    expect(apart).toBeGreaterThan(1e-3 * moved)
  })
})

describe.each(here.modes)('device noise on gpu.js %s', (mode) => {
  it('is keyed by the run step: a checkpoint with a foreign noise state still resumes identically', async () => {
    const whole = await createSimulation(spec(), { backend: mode })
    await whole.advance(STEPS)
    const first = await createSimulation(spec(), { backend: mode })
    await first.advance(25)
    // e.g. a checkpoint written by a version whose gpu.js noise came from a host stream
    const saved = await first.checkpoint()
    const cp = { ...saved, rng: { ...saved.rng, noise: [1, 2, 3, 4] } }
    const resumed = await createSimulation(spec(), { backend: mode, checkpoint: cp })
    await resumed.advance(STEPS)
    expect(await resumed.snapshot()).toEqual(await whole.snapshot())
    for (const s of [whole, first, resumed]) s.dispose()
  })
})
