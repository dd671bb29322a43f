import { narrativeNumber as num, narrativeSource as src } from '../lesson-measurements'
import type { Preset } from './preset'

const relu = { kind: 'relu' } as const

const RF = 'random-features-vs-network'

export const randomFeaturesVsNetwork: Preset = {
  id: 'random-features-vs-network',
  title: 'Random features vs network',
  claim: 'Training both layers beats training only the last layer, at the same width.',
  narrative:
    'The target is a small teacher network f* = (1/4)Σ a*_j σ(⟨w*_j, x⟩): a function in the Barron ' +
    'class, f* = ∫a*(b)σ(bᵀx)dπ(b) for a π concentrated on 4 directions. Training only the second ' +
    'layer a (random features: the w_i stay at their random init) fits the best combination of ' +
    'fixed random ReLUs; training both layers lets the neurons move to the teacher directions. ' +
    'Predict: at the same width the two-layer network reaches a clearly lower test risk, and the gap ' +
    'does not close by adding random features at this width. Watch the two risk curves (measured ' +
    `final test risk ${num(RF, 'riskBothLayers')} with both layers vs ` +
    `${num(RF, 'riskRandomFeatures')} with random features, ${src(RF, 'riskBothLayers')}). ` +
    'Source: docs/science.md#guided-experiments.',
  estimatedSeconds: 3,
  editable: ['model.width', 'dynamics.stepSize', 'dynamics.steps', 'task.teacherWidth', 'seed'],
  spec: {
    title: 'Random features vs network',
    preset: 'random-features-vs-network',
    seed: 1,
    task: {
      kind: 'teacher',
      dim: 10,
      trainSize: 1000,
      testSize: 1000,
      teacherWidth: 4,
      teacherActivation: relu,
      noiseStd: 0
    },
    model: {
      width: 200,
      activation: relu,
      scaling: 'mean-field',
      train: { a: true, b: false, w: true },
      bias: false,
      init: {
        a: { kind: 'normal', mean: 0, std: 1, scaleByDim: false },
        b: { kind: 'constant', value: 0 },
        w: { kind: 'normal', mean: 0, std: 1, scaleByDim: false }
      }
    },
    dynamics: { kind: 'sgd', stepSize: 0.05, steps: 6000, batchSize: 10, beta: null, lambda: 0 },
    observe: {
      every: 200,
      snapshotEvery: 0,
      riskSamples: 1000,
      histogramBins: 40,
      observables: ['movement']
    },
    compute: { backend: 'auto', chunkSteps: 200, autosaveSeconds: 5 }
  },
  sizes: {
    ci: { 'model.width': 100, 'dynamics.steps': 2000, 'observe.every': 100 },
    paper: { 'model.width': 1000, 'dynamics.steps': 50_000, 'task.trainSize': 10_000 }
  },
  variants: [
    { label: 'both layers', overrides: {} },
    { label: 'random features (a only)', overrides: { 'model.train.w': false } }
  ]
}
