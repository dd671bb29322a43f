import { narrativeNumber as num, narrativeSource as src } from '../lesson-measurements'
import type { ActivationSpec } from '../experiment-spec'
import { mmnModel } from '../mmn-model'
import type { Preset } from './preset'

/**
 * A non-monotone piecewise-linear activation: a tent peak at 0 (slopes ±1/0.6), dips to −1 at
 * t = ±0.6, rises to 3 at |t| = 3. Near r = ‖w‖ = 0, E σ(τ r G) ≈ −(1/0.6)·τ r √(2/π), larger for the
 * wide class, which pushes small norms towards 0 (f ≡ σ(0) = 0, risk ≈ 1): the bad stationary point.
 */
const tentActivation: ActivationSpec = {
  kind: 'piecewise-linear',
  knots: [
    [-3, 3],
    [-0.6, -1],
    [0, 0],
    [0.6, -1],
    [3, 3]
  ]
}

const BME = 'bad-minimum-escape'

export const badMinimumEscape: Preset = {
  id: 'bad-minimum-escape',
  title: 'Escaping a bad minimum',
  claim:
    'From a small start, training without noise gets stuck at a high risk; with noise it escapes.',
  narrative:
    'Two Gaussians (d = 20, y = ±1, so the zero predictor has risk 1) with a non-monotone activation: ' +
    'a peak at 0 and dips at ±0.6 before rising. Near ‖w‖ = 0 the mean-field force points inwards, ' +
    'so particles that start small (κ = 0.1) shrink to 0 and SGD sits at a stationary point with ' +
    'a risk close to that of the zero predictor. Predict: the same run with Langevin noise (β = 100) ' +
    'diffuses out of the trap and the risk falls far below it; a large init (κ = 1) never sees the ' +
    'trap. Watch the ‖w‖ histogram: stuck = a spike at 0; escaped = a broad law at larger radii. ' +
    'Source: MMN [paper] (small init traps SGD; noisy SGD converges to the global minimiser of the ' +
    `free energy); measured on this engine (${src(BME, 'riskStuck')}): final risk ` +
    `${num(BME, 'riskStuck')} (stuck), ${num(BME, 'riskNoise')} (noise), ` +
    `${num(BME, 'riskLargeKappa')} (κ = 1).`,
  estimatedSeconds: 5,
  editable: ['model.init.w.std', 'dynamics.beta', 'dynamics.steps', 'model.width', 'seed'],
  spec: {
    title: 'Escaping a bad minimum',
    preset: 'bad-minimum-escape',
    seed: 1,
    task: { kind: 'two-gaussians', dim: 20, trainSize: 1000, testSize: 1000, delta: 0.8 },
    model: mmnModel(200, tentActivation, 0.1),
    dynamics: {
      kind: 'online-sgd',
      stepSize: 1e-3,
      steps: 20_000,
      batchSize: 1,
      beta: null,
      lambda: 0
    },
    observe: { every: 500, snapshotEvery: 5000, riskSamples: 1000, histogramBins: 40 },
    compute: { backend: 'auto', chunkSteps: 500, autosaveSeconds: 5 }
  },
  sizes: {
    ci: { 'model.width': 100, 'observe.riskSamples': 500 },
    paper: { 'model.width': 2000, 'dynamics.steps': 50_000, 'observe.riskSamples': 5000 }
  },
  variants: [
    { label: 'small κ, β = ∞', overrides: {} },
    { label: 'small κ, β = 100', overrides: { 'dynamics.beta': 100 } },
    { label: 'large κ, β = ∞', overrides: { 'model.init.w.std': 1 } }
  ]
}
