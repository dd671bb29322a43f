import { quoteLessonNumber } from '../lesson-measurements'
import { MMN_TRUNCATED_RELU, mmnModel } from '../mmn-model'
import type { Preset } from './preset'

export const langevinFreeEnergy: Preset = {
  id: 'langevin-free-energy',
  title: 'Noisy SGD and the free energy',
  claim:
    'With noise and a penalty on large weights the free energy falls and the neurons settle into a steady spread.',
  narrative:
    'Noisy SGD adds −2sλθ and √(4s/β)·g to every step: in the mean-field limit it is the Wasserstein ' +
    'gradient flow of F(ρ) = ½R(ρ) + (λ/2)∫‖θ‖²dρ + β⁻¹∫ρ log ρ. Watch the free energy fall and ' +
    'level off while the risk stays above the noiseless one: the entropy term keeps the particles ' +
    'spread. On its plateau the recorded F still wanders up and down: it is estimated from the M ' +
    'particles (its energy and L2 parts fluctuate like 1/√M, the entropy estimate hardly less with ' +
    'M), so a small rise there is the estimate’s noise, not the free energy rising. Lower β (more ' +
    'noise) or raise λ and the stationary risk rises; without data the ' +
    'coordinates would have variance 1/(βλ). The stationary law is the Boltzmann fixed point ' +
    'ρ ∝ exp(−βΨ(θ; ρ)); watch `equipartition` = β⟨θ·∇Ψ⟩/D, which it sets to 1 as a gas at ' +
    'temperature 1/β sets ⟨x·∇U⟩ = kT per coordinate (the noisy-GD variant; online SGD’s own ' +
    'gradient noise heats its run, which is still far from stationary at the end: its ratio ' +
    'measured ' +
    `${quoteLessonNumber('langevin-free-energy', 'onlineSgdEquipartition', 'default')}, mean over ` +
    'the second half of the run).',
  estimatedSeconds: 40,
  editable: ['dynamics.beta', 'dynamics.lambda', 'model.width', 'dynamics.steps', 'seed'],
  spec: {
    title: 'Noisy SGD and the free energy',
    preset: 'langevin-free-energy',
    seed: 1,
    task: { kind: 'two-gaussians', dim: 10, trainSize: 1000, testSize: 1000, delta: 0.8 },
    model: mmnModel(400, MMN_TRUNCATED_RELU, 0.8),
    dynamics: {
      kind: 'online-sgd',
      stepSize: 1e-3,
      steps: 40_000,
      batchSize: 1,
      beta: 200,
      lambda: 0.02,
      schedule: { kind: 'constant' }
    },
    // the free energy and its parts are what the claim free-energy-decreases reads
    observe: {
      every: 500,
      snapshotEvery: 10_000,
      riskSamples: 1000,
      histogramBins: 40,
      observables: ['freeEnergy']
    },
    compute: { backend: 'auto', chunkSteps: 500, autosaveSeconds: 5 }
  },
  sizes: {
    ci: {
      'model.width': 100,
      'dynamics.steps': 10_000,
      'observe.every': 500,
      'observe.snapshotEvery': 5000,
      'observe.riskSamples': 500
    },
    paper: { 'model.width': 2000, 'dynamics.steps': 100_000 }
  },
  // The no-data variant (a ≡ 0 fixed, β = 40, λ = 0.1) is the closed-form check: each coordinate of
  // w is an OU process with stationary variance 1/(βλ) = 0.25, reached after t ≫ 1/(4λ) = 2.5.
  variants: [
    { label: 'with data', overrides: {} },
    {
      label: 'no data (a ≡ 0): variance 1/(βλ)',
      overrides: {
        'model.init.a': { kind: 'constant', value: 0 },
        'dynamics.beta': 40,
        'dynamics.lambda': 0.1,
        'dynamics.steps': 20_000
      }
    },
    {
      // Noisy full-batch GD samples exp(−βℋ) exactly (online SGD's own gradient noise heats the
      // with-data run, which is not stationary either: its lesson number onlineSgdEquipartition); a small tanh network
      // relaxes in t ≈ 16, so
      // the time average over the second half is stationary.
      label: 'with data, noisy GD: Boltzmann equipartition',
      overrides: {
        task: {
          kind: 'single-index',
          dim: 2,
          trainSize: 40,
          testSize: 1000,
          link: { kind: 'tanh' },
          inputs: 'gaussian'
        },
        model: {
          width: 200,
          bias: true,
          activation: { kind: 'tanh' },
          train: { a: true, b: true, w: true },
          init: {
            a: { kind: 'normal', mean: 0, std: 0.5 },
            b: { kind: 'normal', mean: 0, std: 0.5 },
            w: { kind: 'normal', std: 0.5 }
          }
        },
        'dynamics.kind': 'gd',
        'dynamics.stepSize': 0.01,
        'dynamics.steps': 8000,
        'dynamics.beta': 20,
        'dynamics.lambda': 0.25,
        'observe.every': 100,
        'observe.snapshotEvery': 4000,
        'observe.observables': ['freeEnergy']
      }
    }
  ]
}
