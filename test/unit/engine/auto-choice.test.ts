import { describe, expect, it } from 'vitest'
import {
  measureSpeed,
  pickFastest,
  shapeClass,
  type AutoEntry,
  type AutoMemory,
  type WorkShape
} from '@shared/engine/auto-choice'
import { openBackend } from '@shared/engine/backend'
import type { AdapterSummary } from '@shared/engine/gpu-factory'
import type { DynamicsConfig, ParticleBackend } from '@shared/engine/particle-backend'
import { makeActivation } from '@shared/science/activations'
import { allocParticles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'

const cfg: DynamicsConfig = {
  m: 64,
  d: 8,
  sigma: makeActivation({ kind: 'tanh' }),
  alpha: 1,
  lambda: 0,
  beta: Infinity,
  train: { a: true, b: true, w: true },
  seed: 3
}

/** A virtual clock: the fake devices spend its time, so the test is exact and instant. */
class Clock {
  t = 0
  now = () => this.t
}

/**
 * A fake device whose time per chunk is `latency + perStep·K`, each call jittered by up to ±5 %
 * (seeded): a GPU has a large latency per call and a small cost per step, a CPU the reverse.
 */
function fakeDevice(
  clock: Clock,
  perStep: number,
  latency: number,
  jitterSeed: number
): ParticleBackend & { stepsRun: number } {
  const rng = new Rng(jitterSeed, 'jitter')
  const spend = (ms: number) => (clock.t += ms * (1 + 0.1 * (rng.uniform() - 0.5)))
  let noise = 0
  const dev = {
    name: 'js' as const,
    detail: 'fake',
    stepsRun: 0,
    upload: async () => {},
    setTrainSet: async () => {},
    runChunk: async (c: { stepSizes: Float64Array }) => {
      spend(latency + perStep * c.stepSizes.length)
      dev.stepsRun += c.stepSizes.length
      noise += c.stepSizes.length
    },
    predict: async (_x: Float64Array, n: number) => new Float64Array(n),
    stats: async () => {
      spend(latency)
      return { normW2: new Float64Array(cfg.m), normAB2: new Float64Array(cfg.m) }
    },
    read: async () => allocParticles(cfg.m, cfg.d),
    saveNoise: () => [noise],
    restoreNoise: (s: readonly number[]) => {
      noise = s[0]
    },
    dispose: () => {}
  }
  return dev
}

/** Milliseconds per step of a device over a run of `chunk`-step chunks (the driver's pattern). */
const runCost = (perStep: number, latency: number, chunk: number) =>
  (2 * latency + perStep * chunk) / chunk

describe('auto by measured speed', () => {
  const shape: WorkShape = { batch: 1, fromTrain: false, chunk: 200 }
  // js: 0.02 ms a step, no latency; GPUs from 20× slower to 20× faster a step, with 0.3 ms a call
  const gpuPerStep = [0.4, 0.1, 0.03, 0.021, 0.019, 0.015, 0.005, 0.001]
  it.each(gpuPerStep)(
    'a fake GPU at %f ms/step: auto is never more than 10 %% slower than the better backend',
    async (perStep) => {
      const clock = new Clock()
      const gpu = fakeDevice(clock, perStep, 0.3, 1)
      const js = fakeDevice(clock, 0.02, 0, 2)
      const { kept, entry } = await pickFastest(
        [
          { name: 'webgpu', backend: gpu },
          { name: 'js', backend: js }
        ],
        cfg,
        shape,
        300,
        clock.now
      )
      const cost = { webgpu: runCost(perStep, 0.3, shape.chunk), js: runCost(0.02, 0, shape.chunk) }
      const best = Math.min(cost.webgpu, cost.js)
      expect(cost[kept.name]).toBeLessThanOrEqual(1.1 * best)
      expect(entry.backend).toBe(kept.name)
      expect(entry.stepsPerSecond.webgpu).toBeGreaterThan(0)
    }
  )

  it('measures within the budget and leaves the noise state as it found it', async () => {
    const clock = new Clock()
    const dev = fakeDevice(clock, 0.05, 0.2, 4)
    dev.restoreNoise([17])
    const sps = await measureSpeed(
      dev,
      cfg,
      { batch: 4, fromTrain: true, chunk: 64 },
      300,
      clock.now
    )
    expect(dev.saveNoise()).toEqual([17])
    expect(dev.stepsRun).toBeGreaterThan(100)
    // the measured rate is the chunked run's rate within the jitter (0.05 ms/step + 2 reads)
    expect(sps).toBeGreaterThan(0.8 * (1000 / runCost(0.05, 0.2, 64)))
    expect(clock.t).toBeLessThan(300 + 2 * (0.4 + 0.05 * 64) + 1)
  })

  it('shape classes bucket batch, M and d to powers of two and name the adapter', () => {
    const key = shapeClass(
      { ...cfg, m: 800, d: 40 },
      { batch: 1, fromTrain: false, chunk: 10 },
      'gpu X'
    )
    expect(key).toBe('sgd, noiseless, fresh B≤1, M≤1024, d≤64 on gpu X')
    expect(
      shapeClass({ ...cfg, m: 1000, d: 33 }, { batch: 1, fromTrain: false, chunk: 99 }, 'gpu X')
    ).toBe(key)
    expect(
      shapeClass({ ...cfg, m: 1025, d: 40 }, { batch: 1, fromTrain: false, chunk: 10 }, 'gpu X')
    ).not.toBe(key)
  })
})

describe('auto remembers its choice per shape class', () => {
  const hardware: AdapterSummary = {
    vendor: 'nvidia',
    architecture: 'hopper',
    device: '',
    description: 'fake H100',
    software: false
  }
  const shape: WorkShape = { batch: 1, fromTrain: false, chunk: 100 }
  const memory = (entries: Record<string, AutoEntry>): AutoMemory & { saved: number } => {
    const m = {
      saved: 0,
      get: (k: string) => entries[k],
      set: (k: string, e: AutoEntry) => {
        entries[k] = e
        m.saved++
      }
    }
    return m
  }

  it('a remembered js opens js without touching the GPU, and the report says why', async () => {
    const key = shapeClass(cfg, shape, 'nvidia hopper (fake H100)')
    const mem = memory({
      [key]: {
        backend: 'js',
        stepsPerSecond: { js: 50000, webgpu: 4000 },
        measuredAt: '2026-12-01T00:00:00Z'
      }
    })
    let gpuOpened = false
    const { backend, report } = await openBackend('auto', cfg, {
      probeAdapter: async () => hardware,
      gpu: () => {
        gpuOpened = true
        throw new Error('no GPU in this test')
      },
      shape,
      autoMemory: mem
    })
    expect(backend.name).toBe('js')
    expect(gpuOpened).toBe(false)
    expect(report.fallbackReason).toMatch(
      /auto picked js: webgpu 4000 steps\/s vs js 50000 steps\/s \(remembered/
    )
    backend.dispose()
  })

  it('--remeasure ignores the memory (here the GPU fails, so js with that reason)', async () => {
    const key = shapeClass(cfg, shape, 'nvidia hopper (fake H100)')
    const mem = memory({
      [key]: { backend: 'js', stepsPerSecond: { js: 1, webgpu: 0 }, measuredAt: 'x' }
    })
    let gpuOpened = false
    const { backend, report } = await openBackend('auto', cfg, {
      probeAdapter: async () => hardware,
      gpu: () => {
        gpuOpened = true
        throw new Error('no GPU in this test')
      },
      shape,
      autoMemory: mem,
      remeasure: true
    })
    expect(gpuOpened).toBe(true)
    expect(backend.name).toBe('js')
    expect(report.fallbackReason).toMatch(/webgpu failed on nvidia hopper.*no GPU in this test/)
    backend.dispose()
  })
})
