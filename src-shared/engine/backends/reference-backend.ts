import {
  exactSecondLayer,
  labelNoiseStep,
  linearisedPredict,
  linearisedStep,
  setOptimalSecondLayer,
  twoTimescaleStep,
  type ExactSecondLayer
} from '../../science/dynamics'
import { predict } from '../../science/network'
import { cloneParticles, type Dataset, type Particles } from '../../science/particles'
import { Rng } from '../../science/rng'
import { sgdStep, type StepNoise, type StepParams } from '../../science/sgd-step'
import {
  ruleOf,
  type Chunk,
  type DynamicsConfig,
  type ParticleBackend,
  type ParticleStats
} from '../particle-backend'
import { particleStats } from '../metrics'
import { drawStepNoiseFrom } from './step-noise'
import { fastNormalStream } from './wasm-normals'

/**
 * The exact float64 backend: every step is the science implementation of the config's rule
 * (`sgdStep`, `linearisedStep`, `twoTimescaleStep` / `labelNoiseStep`), noise from the science
 * normal stream (seed, 'noise') of science/normal-stream.ts (one draw per step: step-noise.ts),
 * label noise from (seed, 'label-noise'). Slow and obvious; the judge
 * of every other backend in tests.
 */
export function createReferenceBackend(cfg: DynamicsConfig): ParticleBackend {
  return createFloat64Backend(cfg, 'reference', `float64 ${RULE_SOURCE[ruleOf(cfg).kind]}`)
}

const RULE_SOURCE = {
  sgd: 'science/sgd-step.ts',
  linearised: 'science linearisedStep (Taylor model at θ0)',
  'two-timescale': 'science twoTimescaleStep / labelNoiseStep'
} as const

/**
 * The float64 science step under another backend's name: the js backend runs the rules it has no
 * hand-written loop for (linearised, two-timescale) this way. For two-timescale the cost is the
 * O(n²M + n³) kernel solve per step, which a float32 loop would not change.
 */
export function createFloat64Backend(
  cfg: DynamicsConfig,
  name: 'reference' | 'js',
  detail: string
): ParticleBackend {
  let p: Particles | null = null
  let train: Dataset | null = null
  const rule = ruleOf(cfg)
  const rng = fastNormalStream(cfg.seed, 'noise')
  const labelRng = new Rng(cfg.seed, 'label-noise')
  const noise: StepNoise = {
    a: new Float64Array(cfg.m),
    b: new Float64Array(cfg.m),
    w: new Float64Array(cfg.m * cfg.d)
  }
  const tt = rule.kind === 'two-timescale' ? rule.params : null
  // two-timescale: only the first layer is a particle coordinate, with the noise √(2ηλ)
  const noiseGroups = tt ? { a: false, b: tt.trainBias ?? false, w: true } : cfg.train
  const noisy = tt ? tt.temperature > 0 : Number.isFinite(cfg.beta)
  const labelled = tt !== null && tt.labelNoise > 0 && tt.mode !== 'none'
  const particles = () => {
    if (!p) throw new Error(`${name} backend: particles not uploaded`)
    return p
  }
  const trainSet = () => {
    if (!train) throw new Error(`${name} backend: no training set`)
    return train
  }
  // the stored a of a two-timescale run is the optimal second layer of the current μ, so that
  // predictions and snapshots show the network the dynamics describe
  const refreshSecondLayer = () => {
    if (tt && p && train && !staleFit) setOptimalSecondLayer(p, cfg.sigma, train, tt.lambdaA)
  }
  // faults (tests only, engine-fault.ts): a second layer solved once; a first layer that never moves
  let staleFit: ExactSecondLayer | null = null
  const frozen = tt !== null && cfg.fault === 'first-layer-frozen'

  const step = (q: Particles, chunk: Chunk, k: number) => {
    const st = chunk.stepSizes[k]
    if (noisy) drawStepNoiseFrom(rng, noise, noiseGroups)
    const nz = noisy ? noise : undefined
    if (tt) {
      const params = { ...tt, stepSize: st }
      const data = trainSet()
      if (frozen) return
      if (cfg.fault === 'second-layer-stale')
        staleFit ??= exactSecondLayer(q, cfg.sigma, data.x, data.n, tt.lambdaA)
      const fit = staleFit ?? undefined
      if (labelled) labelNoiseStep(q, cfg.sigma, data, params, labelRng, nz, fit)
      else twoTimescaleStep(q, cfg.sigma, data, params, nz, fit)
      return
    }
    const params: StepParams = {
      alpha: cfg.alpha,
      stepSize: st,
      lambda: cfg.lambda,
      beta: cfg.beta,
      train: cfg.train
    }
    let x: Float64Array
    let y: Float64Array
    let b: number
    if (chunk.batches.kind === 'train') {
      const t = trainSet()
      ;[x, y, b] = [t.x, t.y, t.n]
    } else {
      b = chunk.batches.batch
      x = chunk.batches.x.subarray(k * b * cfg.d, (k + 1) * b * cfg.d)
      y = chunk.batches.y.subarray(k * b, (k + 1) * b)
    }
    if (rule.kind === 'linearised') linearisedStep(q, rule.theta0, cfg.sigma, x, y, b, params, nz)
    else sgdStep(q, cfg.sigma, x, y, b, params, nz)
  }

  return {
    name,
    detail,
    async upload(q) {
      p = cloneParticles(q)
    },
    async setTrainSet(data) {
      train = data
      refreshSecondLayer()
    },
    async runChunk(chunk: Chunk) {
      const q = particles()
      for (let k = 0; k < chunk.stepSizes.length; k++) step(q, chunk, k)
      refreshSecondLayer()
    },
    async predict(x, n) {
      const q = particles()
      if (rule.kind === 'linearised')
        return linearisedPredict(q, rule.theta0, cfg.sigma, cfg.alpha, x, n)
      // the two-timescale network is f = (1/M) Σ a_k σ(·) (science/dynamics/two-timescale.ts)
      return predict(q, cfg.sigma, tt ? 1 : cfg.alpha, x, n)
    },
    async stats(): Promise<ParticleStats> {
      return particleStats(particles())
    },
    async read() {
      return cloneParticles(particles())
    },
    // the label-noise stream follows the noise stream only when it is used, so an SGD checkpoint
    // stays interchangeable with the other backends'
    saveNoise: () => (labelled ? [...rng.save(), ...labelRng.save()] : rng.save()),
    restoreNoise: (st) => {
      const one = rng.save().length
      rng.restore(st.slice(0, one))
      if (labelled && st.length > one) labelRng.restore(st.slice(one))
    },
    dispose() {
      p = null
      train = null
    }
  }
}
