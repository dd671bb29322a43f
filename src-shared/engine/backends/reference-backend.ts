import { predict } from '../../science/network'
import { cloneParticles, type Dataset, type Particles } from '../../science/particles'
import { Rng } from '../../science/rng'
import { sgdStep, type StepNoise, type StepParams } from '../../science/sgd-step'
import type { Chunk, DynamicsConfig, ParticleBackend, ParticleStats } from '../particle-backend'
import { drawStepNoise } from './step-noise'

/**
 * The exact float64 backend: every step is `science/sgd-step.ts`, noise from the science `Rng`
 * stream (seed, 'noise'). Slow and obvious; the judge of every other backend in tests.
 */
export function createReferenceBackend(cfg: DynamicsConfig): ParticleBackend {
  let p: Particles | null = null
  let train: Dataset | null = null
  const rng = new Rng(cfg.seed, 'noise')
  const noisy = Number.isFinite(cfg.beta)
  const noise: StepNoise = {
    a: new Float64Array(cfg.m),
    b: new Float64Array(cfg.m),
    w: new Float64Array(cfg.m * cfg.d)
  }
  const particles = () => {
    if (!p) throw new Error('reference backend: particles not uploaded')
    return p
  }
  return {
    name: 'reference',
    detail: 'float64 science/sgd-step.ts',
    async upload(q) {
      p = cloneParticles(q)
    },
    async setTrainSet(data) {
      train = data
    },
    async runChunk(chunk: Chunk) {
      const q = particles()
      const { d } = cfg
      for (let k = 0; k < chunk.stepSizes.length; k++) {
        const params: StepParams = {
          alpha: cfg.alpha,
          stepSize: chunk.stepSizes[k],
          lambda: cfg.lambda,
          beta: cfg.beta,
          train: cfg.train
        }
        if (noisy) drawStepNoise(rng, noise, cfg.train)
        const nz = noisy ? noise : undefined
        if (chunk.batches.kind === 'train') {
          if (!train) throw new Error('reference backend: no training set')
          sgdStep(q, cfg.sigma, train.x, train.y, train.n, params, nz)
        } else {
          const b = chunk.batches.batch
          const x = chunk.batches.x.subarray(k * b * d, (k + 1) * b * d)
          const y = chunk.batches.y.subarray(k * b, (k + 1) * b)
          sgdStep(q, cfg.sigma, x, y, b, params, nz)
        }
      }
    },
    async predict(x, n) {
      return predict(particles(), cfg.sigma, cfg.alpha, x, n)
    },
    async stats(): Promise<ParticleStats> {
      const q = particles()
      const normW2 = new Float64Array(q.m)
      const normAB2 = new Float64Array(q.m)
      for (let i = 0; i < q.m; i++) {
        let s = 0
        for (let j = 0; j < q.d; j++) s += q.w[i * q.d + j] ** 2
        normW2[i] = s
        normAB2[i] = q.a[i] ** 2 + q.b[i] ** 2
      }
      return { normW2, normAB2 }
    },
    async read() {
      return cloneParticles(particles())
    },
    saveNoise: () => rng.save(),
    restoreNoise: (st) => rng.restore(st),
    dispose() {
      p = null
      train = null
    }
  }
}
