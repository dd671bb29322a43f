import { quoteLessonNumber } from '../lesson-measurements'
import { MMN_TRUNCATED_RELU, mmnModel } from '../mmn-model'
import { grid, type Preset } from './preset'

export const propagationOfChaos: Preset = {
  id: 'propagation-of-chaos',
  title: 'Propagation of chaos',
  claim:
    'The spread between runs with different seeds shrinks like one over the square root of the number of neurons, and the curves approach the theory’s.',
  narrative:
    'Run the two-Gaussians classification (as in "SGD vs PDE", d = 20) at several widths M with ' +
    'several seeds each. Each seed draws its own particles and its own data stream, so the risk ' +
    'curves differ; propagation of chaos says the particles become independent draws from ρ_t as ' +
    'M → ∞, so the curves concentrate around the PDE solution with spread ~ 1/√M (plus a √(s/B) ' +
    'term from the SGD noise, kept small here by batches of 10). Predict: quadrupling M halves the ' +
    'spread. Watch the band of curves per width and the fitted exponent of the spread against M ' +
    `(theory −½; measured ${quoteLessonNumber('propagation-of-chaos', 'spreadSlope', 'ci')} and ` +
    `${quoteLessonNumber('propagation-of-chaos', 'spreadSlope', 'default')}; the seeds share their ` +
    'test points, so the spread ' +
    'is that of the particles). Source: [MMN18] (error ~ 1/√M + √η), docs/science.md.',
  estimatedSeconds: 4,
  editable: ['model.width', 'dynamics.stepSize', 'dynamics.batchSize', 'dynamics.steps', 'seed'],
  spec: {
    title: 'Propagation of chaos',
    preset: 'propagation-of-chaos',
    seed: 1,
    task: { kind: 'two-gaussians', dim: 20, trainSize: 1000, testSize: 1000, delta: 0.8 },
    model: mmnModel(100, MMN_TRUNCATED_RELU, 0.8),
    dynamics: {
      kind: 'online-sgd',
      stepSize: 4e-4,
      steps: 10_000,
      batchSize: 10,
      beta: null,
      lambda: 0
    },
    observe: {
      every: 500,
      snapshotEvery: 0,
      riskSamples: 4000,
      // common test points: the spread across seeds is that of the particles, not of the estimator
      testSeed: 1,
      histogramBins: 40,
      observables: ['pde']
    },
    compute: { backend: 'auto', chunkSteps: 500, autosaveSeconds: 5 }
  },
  sizes: {
    ci: { 'dynamics.steps': 4000, 'observe.riskSamples': 10_000 },
    paper: { 'dynamics.steps': 50_000, 'dynamics.stepSize': 1e-4, 'observe.riskSamples': 50_000 }
  },
  variants: grid([
    { path: 'model.width', values: [25, 100, 400], name: (v) => `M = ${v}` },
    { path: 'seed', values: [1, 2, 3, 4, 5, 6], name: (v) => `seed ${v}` }
  ]),
  sizeVariants: {
    ci: grid([
      { path: 'model.width', values: [25, 100, 400], name: (v) => `M = ${v}` },
      { path: 'seed', values: [1, 2, 3, 4], name: (v) => `seed ${v}` }
    ]),
    paper: grid([
      { path: 'model.width', values: [10, 100, 1000, 10_000], name: (v) => `M = ${v}` },
      { path: 'seed', values: [1, 2, 3, 4, 5, 6, 7, 8], name: (v) => `seed ${v}` }
    ])
  }
}
