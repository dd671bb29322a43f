// the kernels as the CLI runs them: with relaxed SIMD's fused multiply-add where Node has it
import '../../../src-main/wasm-flags'
import { describe, expect, it } from 'vitest'
import { clampActivation } from '@shared/engine/backends/gd-full-batch'
import { createJsBackend } from '@shared/engine/backends/js-backend'
import { createReferenceBackend } from '@shared/engine/backends/reference-backend'
import { dynamicsConfig } from '@shared/engine/simulation'
import { makeActivation } from '@shared/science/activations'
import { initParticles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'
import { makeTask } from '@shared/science/tasks/make-task'
import { experimentSpec, type ExperimentSpecInput } from '@shared/spec/experiment-spec'
import { maxRelDiff } from './particles-diff'

const seed = Date.now() % 100000
console.log(`wasm-gemm-gd.test: seed ${seed}`)

const truncated = { kind: 'truncated-relu', t1: 0.5, t2: 1.5, s1: -2.5, s2: 7.5 } as const
// n crosses the 256-sample block and is not a multiple of 8; m is not a multiple of 8
const cases: [string, number, ExperimentSpecInput['model'], ExperimentSpecInput['dynamics']][] = [
  [
    'W2-like: ReLU, noisy with λ, all layers',
    300,
    { activation: { kind: 'relu' } },
    { stepSize: 0.05, beta: 1e4, lambda: 1e-3 }
  ],
  ['truncated ReLU, noiseless', 37, { activation: truncated }, { stepSize: 1e-3 }],
  [
    'ReLU, no bias, w only',
    521,
    { activation: { kind: 'relu' }, bias: false, train: { a: false, b: false, w: true } },
    { stepSize: 0.05 }
  ],
  ['identity, noisy', 20, { activation: { kind: 'identity' } }, { stepSize: 0.02, beta: 1e3 }]
]

describe('js backend full-batch GD on the blocked wasm GEMM kernels', () => {
  it.each(cases)(
    '%s (n = %i): 12 GD steps agree with the float64 reference',
    async (_name, n, model, dynamics) => {
      const d = 13
      const spec = experimentSpec.parse({
        seed,
        task: { kind: 'two-gaussians', dim: d, delta: 0.8 },
        model: { width: 29, ...model },
        dynamics: { kind: 'gd', steps: 12, ...dynamics }
      })
      const cfg = dynamicsConfig(spec)
      expect(clampActivation(cfg)).not.toBeNull() // so the fused path is the one under test
      const ref = createReferenceBackend(cfg)
      const js = createJsBackend(cfg, 'wasm-simd')
      const p0 = initParticles(spec.model, d, seed)
      await ref.upload(p0)
      await js.upload(p0)
      const data = makeTask(spec.task, seed).sample(new Rng(seed, 'data'), n)
      await ref.setTrainSet(data)
      await js.setTrainSet(data)
      const chunk = {
        stepSizes: new Float64Array(12).fill(spec.dynamics.stepSize),
        batches: { kind: 'train' as const }
      }
      await ref.runChunk(chunk)
      await js.runChunk(chunk)
      const [p, q] = [await js.read(), await ref.read()]
      expect(maxRelDiff(p, q)).toBeLessThan(1e-4)
      expect(maxRelDiff(p0, q)).toBeGreaterThan(1e-4) // the run moved the particles
      if (!spec.model.bias) expect(p.b.every((v) => v === 0)).toBe(true)
      if (!spec.model.train.a) expect(p.a).toEqual(p0.a)
    }
  )

  it('maps ReLU, the identity and two-knot σ to the clamp form, and declines others', () => {
    const spec = experimentSpec.parse({ seed: 1, task: { kind: 'two-gaussians', dim: 3 } })
    const cfg = dynamicsConfig(spec)
    for (const act of [{ kind: 'relu' }, { kind: 'identity' }, truncated] as const) {
      const sigma = makeActivation(act)
      const c = clampActivation({ ...cfg, sigma })!
      for (const t of [-3, -0.5, 0.25, 0.75, 1.2, 2, 9]) {
        const v = c.c0 + c.kappa * Math.min(c.hi, Math.max(c.lo, t))
        expect(v).toBeCloseTo(sigma.value(t), 12)
        expect(t > c.lo && t < c.hi ? c.kappa : 0).toBeCloseTo(sigma.derivative(t), 12)
      }
    }
    expect(clampActivation({ ...cfg, sigma: makeActivation({ kind: 'tanh' }) })).toBeNull()
  })
})
