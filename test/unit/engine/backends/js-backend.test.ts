// the kernels as the CLI runs them: with relaxed SIMD's fused multiply-add where Node has it
import '../../../../src-main/wasm-flags'
import { describe, expect, it } from 'vitest'
import { createJsBackend, type JsDotsKind } from '@shared/engine/backends/js-backend'
import { gemmThreadsOf } from '@shared/engine/backends/gemm-threads'
import { createReferenceBackend } from '@shared/engine/backends/reference-backend'
import { dynamicsConfig } from '@shared/engine/simulation'
import { initParticles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'
import { makeTask } from '@shared/science/tasks/make-task'
import { experimentSpec, type ExperimentSpecInput } from '@shared/spec/experiment-spec'
import { maxRelDiff } from '../particles-diff'
import { workerThreadHost } from '../../../../src-main/compute/gemm-thread-host'

const truncated = { kind: 'truncated-relu', t1: 0.5, t2: 1.5, s1: -2.5, s2: 7.5 } as const
const cases: [string, ExperimentSpecInput['model'], ExperimentSpecInput['dynamics']][] = [
  ['W1-like: truncated ReLU, batch 1, noiseless', { activation: truncated }, { stepSize: 1e-3 }],
  [
    'truncated ReLU, batch 1, noisy with λ',
    { activation: truncated },
    { stepSize: 1e-3, beta: 1e3, lambda: 0.2 }
  ],
  [
    'truncated ReLU, batch 3, w only',
    { activation: truncated, train: { a: false, b: false, w: true } },
    { stepSize: 1e-3, batchSize: 3 }
  ],
  [
    'relu, batch 2, no bias',
    { activation: { kind: 'relu' }, bias: false },
    { stepSize: 1e-2, batchSize: 2 }
  ],
  // batches ≥ 16 take the blocked GEMM kernels (W1b), one batch of fresh samples per step
  [
    'W1b-like: truncated ReLU, batch 64, w only (GEMM path)',
    { activation: truncated, train: { a: false, b: false, w: true }, bias: false },
    { stepSize: 1e-3, batchSize: 64 }
  ],
  [
    'relu, batch 17, all groups, noisy with λ (GEMM path, ragged batch)',
    { activation: { kind: 'relu' } },
    { stepSize: 1e-2, batchSize: 17, beta: 1e3, lambda: 0.1 }
  ]
]

describe.each(['wasm-simd', 'js'] as JsDotsKind[])('js backend (%s dot products)', (dots) => {
  it.each(cases)(
    '%s: 60 online steps agree with the float64 reference',
    async (_n, model, dynamics) => {
      const spec = experimentSpec.parse({
        seed: 11,
        task: { kind: 'two-gaussians', dim: 13, delta: 0.8 },
        model: { width: 41, ...model },
        dynamics: { kind: 'online-sgd', steps: 60, ...dynamics }
      })
      const cfg = dynamicsConfig(spec)
      const ref = createReferenceBackend(cfg)
      const js = createJsBackend(cfg, dots)
      if (dots === 'wasm-simd') expect(js.detail).toMatch(/wasm/)
      const p0 = initParticles(spec.model, 13, 11)
      await ref.upload(p0)
      await js.upload(p0)
      const B = spec.dynamics.batchSize
      const data = makeTask(spec.task, 11).sample(new Rng(11, 'data'), 60 * B)
      const chunk = {
        stepSizes: new Float64Array(60).fill(spec.dynamics.stepSize),
        batches: { kind: 'samples' as const, batch: B, x: data.x, y: data.y }
      }
      await ref.runChunk(chunk)
      await js.runChunk(chunk)
      const [p, q] = [await js.read(), await ref.read()]
      expect(maxRelDiff(p, q)).toBeLessThan(1e-4)
      expect(maxRelDiff(p0, q)).toBeGreaterThan(1e-4) // the run moved the particles
      if (!spec.model.bias) expect(p.b.every((v) => v === 0)).toBe(true)
      const f1 = await js.predict(data.x, 9)
      const f2 = await ref.predict(data.x, 9)
      for (let k = 0; k < 9; k++)
        expect(Math.abs(f1[k] - f2[k])).toBeLessThan(1e-4 * Math.max(1, Math.abs(f2[k])))
    }
  )
})

describe('js backend with a helper thread drawing the Langevin normals ahead', () => {
  it.each([
    ['batch 1 (W1n)', 1],
    ['batch 17 (GEMM path)', 17]
  ])(
    '%s, M = 800, d = 40: the particles are those of one thread bit for bit',
    async (_n, batch) => {
      const spec = experimentSpec.parse({
        seed: 5,
        task: { kind: 'two-gaussians', dim: 40, delta: 0.8 },
        model: { width: 800, activation: truncated },
        dynamics: {
          kind: 'online-sgd',
          steps: 400,
          stepSize: 1e-3,
          batchSize: batch,
          beta: 1e3,
          lambda: 0.1
        }
      })
      const cfg = dynamicsConfig(spec)
      const one = createJsBackend(cfg, 'wasm-simd')
      const two = createJsBackend(cfg, 'wasm-simd', gemmThreadsOf(workerThreadHost, 2))
      expect(one.detail).not.toMatch(/second thread/)
      expect(two.detail).toMatch(/normals drawn ahead on a second thread/)
      const p0 = initParticles(spec.model, 40, 5)
      await one.upload(p0)
      await two.upload(p0)
      // let the helper boot so that it draws most of the parts
      await new Promise((resolve) => setTimeout(resolve, 300))
      const data = makeTask(spec.task, 5).sample(new Rng(5, 'data'), 400 * batch)
      for (let c = 0; c < 4; c++) {
        const chunk = {
          stepSizes: new Float64Array(100).fill(1e-3),
          batches: {
            kind: 'samples' as const,
            batch,
            x: data.x.subarray(c * 100 * batch * 40, (c + 1) * 100 * batch * 40),
            y: data.y.subarray(c * 100 * batch, (c + 1) * 100 * batch)
          }
        }
        await one.runChunk(chunk)
        await two.runChunk(chunk)
      }
      const [p, q] = [await one.read(), await two.read()]
      expect(maxRelDiff(p0, p)).toBeGreaterThan(1e-4)
      expect(Array.from(q.w)).toEqual(Array.from(p.w))
      expect(Array.from(q.a)).toEqual(Array.from(p.a))
      expect(Array.from(q.b)).toEqual(Array.from(p.b))
      expect(two.saveNoise!()).toEqual(one.saveNoise!())
      one.dispose()
      two.dispose()
    }
  )
})

describe('js backend: the joint forward of a record’s sets (predictBeginSets)', () => {
  it.each([
    ['one thread', 1],
    ['two threads', 2]
  ])(
    '%s: each set gets what predict gives it, bit for bit, from the particles at the call',
    async (_n, threads) => {
      const spec = experimentSpec.parse({
        seed: 9,
        task: { kind: 'two-gaussians', dim: 13, delta: 0.8 },
        model: { width: 45, activation: { kind: 'relu' } },
        dynamics: { kind: 'online-sgd', steps: 100, stepSize: 1e-2, batchSize: 1 }
      })
      const cfg = dynamicsConfig(spec)
      const js = createJsBackend(cfg, 'wasm-simd', gemmThreadsOf(workerThreadHost, threads))
      await js.upload(initParticles(spec.model, 13, 9))
      const task = makeTask(spec.task, 9)
      // sizes that pad the sample octets differently, and a set too small for the GEMM alone
      const sets = [301, 40, 9].map((n, i) => task.sample(new Rng(9, `set${i}`), n))
      const pending = js.predictBeginSets!(sets)
      const expected = []
      for (const s of sets) expected.push(await js.predict(s.x, s.n))
      // the particles move before the joint forward is collected: it keeps its snapshot
      const data = task.sample(new Rng(9, 'data'), 50)
      const chunk = {
        stepSizes: new Float64Array(50).fill(1e-2),
        batches: { kind: 'samples' as const, batch: 1, x: data.x, y: data.y }
      }
      await js.runChunk(chunk)
      const got = await Promise.all(pending.map((p) => p.collect()))
      for (let i = 0; i < sets.length; i++) {
        expect(got[i].length).toBe(sets[i].n)
        expect(Array.from(got[i])).toEqual(Array.from(expected[i]))
      }
      const moved = await js.predict(sets[0].x, sets[0].n)
      expect(Array.from(moved)).not.toEqual(Array.from(expected[0]))
      // the same sets again reuse the joint forward; its answers follow the particles
      const again = js.predictBeginSets!(sets)
      expect(Array.from(await again[0].collect())).toEqual(Array.from(moved))
      js.dispose()
    }
  )
})
