import { narrativeNumber as num, narrativeSource as src } from '../lesson-measurements'
import { ntkModel } from '../ntk-model'
import { grid, type Preset } from './preset'

const relu = { kind: 'relu' } as const

const LVM = 'lazy-vs-mean-field'

export const lazyVsMeanField: Preset = {
  id: 'lazy-vs-mean-field',
  title: 'Lazy vs mean-field: one neuron',
  claim:
    'In the lazy regime the test error grows with the width and the neurons hardly turn towards the target; in the mean-field regime neither happens.',
  narrative:
    'A single ReLU neuron y = σ(⟨w*, x⟩) on the sphere (‖w*‖ = √d) is learnt by M neurons with the same ' +
    'init, once with the NTK scaling f = (1/√M)Σ a_i σ(⟨w_i, x⟩) and once with the mean-field scaling ' +
    'f = (1/M)Σ …. Predict: as M grows the NTK network moves less and less (lazy training) and behaves ' +
    'like a fixed kernel that must pay for the random function at init, so its test error does not ' +
    'improve and gets worse with M; the mean-field network learns the direction w*. Watch the risk ' +
    'per width and meanAbsCos = mean_i |cos(w_i, w*)| (random directions: √(2/(πd)) ≈ 0.18 at d = 20). ' +
    'Source: Mei, Misiakiewicz and Montanari [MMM19] and [COB19], docs/science.md. Measured on this ' +
    `engine (${src(LVM, 'ntkRiskLargest')}): NTK final risk ${num(LVM, 'ntkRiskSmallest')} at the ` +
    `smallest width and ${num(LVM, 'ntkRiskLargest')} at the largest, where meanAbsCos ends at ` +
    `${num(LVM, 'ntkCosLargest')}; mean-field ${num(LVM, 'mfRiskLargest')} at the largest width, ` +
    `meanAbsCos ${num(LVM, 'mfCosLargest')}.`,
  estimatedSeconds: 8,
  editable: [
    'model.width',
    'model.scaling',
    'dynamics.stepSize',
    'dynamics.steps',
    'task.dim',
    'seed'
  ],
  spec: {
    title: 'Lazy vs mean-field: one neuron',
    preset: 'lazy-vs-mean-field',
    seed: 1,
    task: {
      kind: 'single-index',
      dim: 20,
      trainSize: 1000,
      testSize: 1000,
      link: relu,
      inputs: 'sphere',
      noiseStd: 0
    },
    model: ntkModel(1000, { trainA: true }),
    dynamics: {
      kind: 'online-sgd',
      stepSize: 0.05,
      steps: 4000,
      batchSize: 10,
      beta: null,
      lambda: 0
    },
    observe: {
      every: 200,
      snapshotEvery: 0,
      riskSamples: 1000,
      // common test points for every run of the study (its seeds differ in particles and data)
      testSeed: 1,
      histogramBins: 40,
      observables: ['planted', 'movement']
    },
    compute: { backend: 'auto', chunkSteps: 200, autosaveSeconds: 5 }
  },
  sizes: {
    // 4000 steps as at the default size: after 1000 the NTK run at M = 10 has not converged and
    // the width trend is noise (measured slopes of both signs over seeds 1–3)
    ci: {
      'model.width': 100,
      'observe.riskSamples': 500
    },
    paper: { 'model.width': 10_000, 'dynamics.steps': 20_000, 'observe.riskSamples': 5000 }
  },
  // three seeds: the width trends are judged by a paired t test over seeds (docs/claims.md)
  variants: grid([
    {
      path: 'model.scaling',
      values: ['ntk', 'mean-field'],
      name: (v) => (v === 'ntk' ? 'NTK' : 'mean-field')
    },
    { path: 'model.width', values: [10, 100, 1000], name: (v) => `M = ${v}` },
    { path: 'seed', values: [1, 2, 3], name: (v) => `seed ${v}` }
  ]),
  sizeVariants: {
    ci: grid([
      { path: 'model.scaling', values: ['ntk', 'mean-field'], name: (v) => String(v) },
      { path: 'model.width', values: [10, 100], name: (v) => `M = ${v}` },
      { path: 'seed', values: [1, 2, 3], name: (v) => `seed ${v}` }
    ]),
    paper: grid([
      { path: 'model.scaling', values: ['ntk', 'mean-field'], name: (v) => String(v) },
      { path: 'model.width', values: [10, 100, 1000, 10_000], name: (v) => `M = ${v}` },
      { path: 'seed', values: [1, 2, 3], name: (v) => `seed ${v}` }
    ])
  }
}
