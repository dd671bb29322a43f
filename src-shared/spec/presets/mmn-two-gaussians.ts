import { narrativeNumber as num, narrativeSource as src } from '../lesson-measurements'
import { MMN_TRUNCATED_RELU, mmnModel } from '../mmn-model'
import type { Preset } from './preset'

const MMN = 'mmn-two-gaussians'

export const mmnTwoGaussians: Preset = {
  id: 'mmn-two-gaussians',
  title: 'SGD vs PDE: two Gaussians',
  claim:
    'The neurons move as one density that the mean-field equation predicts: the risk falls to near zero and the neurons split into two groups of sizes.',
  narrative:
    'Mei, Montanari and Nguyen classify two centred Gaussians with variances (1 ± Δ)² using M neurons ' +
    'σ(⟨w_i, x⟩) with a truncated ReLU; only the first layer trains, by one-pass SGD with step s, so ' +
    'time is t = k·s. Watch the norms ‖w_i‖: they start concentrated near 0.8 and the population moves ' +
    'as one density, which is what the distributional-dynamics PDE predicts. The risk drops from ' +
    `${num(MMN, 'riskStart')} to ${num(MMN, 'riskEnd')} over the run (${src(MMN, 'riskEnd')}). ` +
    'Change the width M: the curves barely move once M is a few hundred (mean-field limit); change ' +
    'the init scale κ = model.init.w.std to see a slower start. The dashed PDE curve follows the ' +
    'mean-field PDE at this input dimension d; switch it to the limit d → ∞ to see how little the ' +
    'dimension matters here (the two differ by O(1/d)).',
  estimatedSeconds: 30,
  editable: [
    'model.width',
    'model.init.w.std',
    'dynamics.stepSize',
    'dynamics.steps',
    'task.delta',
    'observe.pdeKernel',
    'seed'
  ],
  spec: {
    title: 'SGD vs PDE: two Gaussians',
    preset: 'mmn-two-gaussians',
    seed: 1,
    task: { kind: 'two-gaussians', dim: 40, trainSize: 1000, testSize: 1000, delta: 0.8 },
    model: mmnModel(800, MMN_TRUNCATED_RELU, 0.8),
    dynamics: {
      kind: 'online-sgd',
      stepSize: 1e-4,
      steps: 200_000,
      batchSize: 1,
      beta: null,
      lambda: 0,
      schedule: { kind: 'constant' }
    },
    // 'pde': the radial PDE's risk and ‖w‖ law travel with the records (claim pde-tracks-sgd)
    observe: {
      every: 1000,
      snapshotEvery: 20_000,
      riskSamples: 2000,
      histogramBins: 40,
      observables: ['pde']
    },
    compute: { backend: 'auto', chunkSteps: 1000, autosaveSeconds: 5 }
  },
  sizes: {
    // A larger step reaches t = 8 in 20k steps: the risk falls from ≈1.7 to ≈0.3 at M = 100.
    ci: {
      'model.width': 100,
      'dynamics.stepSize': 4e-4,
      'dynamics.steps': 20_000,
      'observe.every': 1000,
      'observe.snapshotEvery': 10_000,
      'observe.riskSamples': 500
    },
    paper: { 'model.width': 800, 'dynamics.steps': 200_000 }
  }
}
