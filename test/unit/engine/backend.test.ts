import { GPU } from 'gpu.js'
import { describe, expect, it } from 'vitest'
import { openBackend } from '@shared/engine/backend'
import { createSimulation } from '@shared/engine/create-simulation'
import {
  probeWebGpuAdapter,
  type AdapterSummary,
  type GpuFactory
} from '@shared/engine/gpu-factory'
import { dynamicsConfig } from '@shared/engine/simulation'
import { experimentSpec } from '@shared/spec/experiment-spec'
import { gpuModesHere } from './gpu-modes'

const here = await gpuModesHere()
const spec = experimentSpec.parse({
  task: { kind: 'two-gaussians', dim: 4, trainSize: 20, testSize: 20 },
  model: { width: 8 },
  dynamics: { kind: 'gd', stepSize: 0.01, steps: 10 },
  observe: { every: 5 }
})
const cfg = dynamicsConfig(spec)

const adapter = (over: Partial<AdapterSummary>): AdapterSummary => ({
  vendor: 'nvidia',
  architecture: 'hopper',
  device: '',
  description: 'NVIDIA H100',
  software: false,
  ...over
})
const failing =
  (bad: string): GpuFactory =>
  (mode) => {
    if (mode === bad) throw new Error(`${mode} refused by the test factory`)
    return new GPU({ mode })
  }

describe('backend selection', () => {
  it('auto never picks a software WebGPU adapter', async () => {
    const soft = adapter({ vendor: 'google', architecture: 'swiftshader', software: true })
    const r = await openBackend('auto', cfg, { probeAdapter: async () => soft })
    expect(r.report.actual).toBe('js')
    expect(r.report.fallbackReason).toMatch(/software WebGPU adapter/)
  })

  it('auto on this machine: the real adapter (if any) is used only when it is hardware', async () => {
    const real = await probeWebGpuAdapter()
    const r = await openBackend('auto', cfg)
    if (real?.software !== false) expect(r.report.actual).toBe('js')
    else expect(r.report.actual).toBe('webgpu')
    r.backend.dispose()
  })

  it('classifies SwiftShader, llvmpipe and lavapipe as software', async () => {
    const g = globalThis as { navigator?: { gpu?: unknown } }
    const saved = g.navigator?.gpu
    const nav = (g.navigator ??= {})
    try {
      for (const [vendor, arch, software] of [
        ['google', 'swiftshader', true],
        ['mesa', 'llvmpipe (LLVM 15)', true],
        ['mesa', 'lavapipe', true],
        ['nvidia', 'hopper', false]
      ] as const) {
        nav.gpu = { requestAdapter: async () => ({ info: { vendor, architecture: arch } }) }
        expect((await probeWebGpuAdapter())?.software).toBe(software)
      }
    } finally {
      nav.gpu = saved
    }
  })

  it('auto falls back to the CPU when the hardware adapter fails, saying why', async () => {
    const r = await openBackend('auto', cfg, {
      probeAdapter: async () => adapter({}),
      gpu: failing('webgpu')
    })
    expect(r.report.actual).toBe('js')
    expect(r.report.fallbackReason).toMatch(/webgpu failed on nvidia hopper.*refused/)
  })

  it('an explicit webgpu without an adapter falls back to webasm with the reason', async () => {
    const r = await openBackend('webgpu', cfg, { probeAdapter: async () => null })
    expect(r.report).toMatchObject({ requested: 'webgpu', actual: 'webasm' })
    expect(r.report.fallbackReason).toMatch(/webgpu: no WebGPU adapter/)
    r.backend.dispose()
  })

  it('an explicit webasm that fails falls back to cpu, then js', async () => {
    const r = await openBackend('webasm', cfg, { gpu: failing('webasm') })
    expect(r.report.actual).toBe('cpu')
    expect(r.report.fallbackReason).toMatch(/webasm: webasm refused/)
    const all: GpuFactory = (mode) => {
      throw new Error(`no ${mode}`)
    }
    const r2 = await openBackend('webasm', cfg, { gpu: all })
    expect(r2.report.actual).toBe('js')
    expect(r2.report.fallbackReason).toMatch(/webasm: no webasm; cpu: no cpu/)
    r.backend.dispose()
  })

  it.skipIf(!here.modes.includes('webgpu'))(
    'an explicit webgpu runs on a software adapter and says so',
    async () => {
      const sim = await createSimulation(spec, { backend: 'webgpu' })
      await sim.advance(10)
      expect(sim.backend.actual).toBe('webgpu')
      expect(sim.backend.detail).toMatch(/software/)
      expect(sim.backend.detail).toMatch(/executor fused-encoder|executor generic|θ resident/)
      sim.dispose()
    }
  )

  it('the report names the executor that ran', async () => {
    const sim = await createSimulation(spec, { backend: 'webasm' })
    await sim.advance(10)
    expect(sim.backend.detail).toMatch(
      /gpu\.js webasm, executor (fused-threaded|fused-sync|generic)/
    )
    sim.dispose()
    const js = await createSimulation(spec, { backend: 'js' })
    expect(js.backend.detail).toMatch(/wasm f32x4|typed arrays/)
  })
})
