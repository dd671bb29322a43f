import { narrativeNumber as num, narrativeSource as src } from '../lesson-measurements'
import { ntkModel } from '../ntk-model'
import type { Preset } from './preset'

const relu = { kind: 'relu' } as const

export const ntkGram: Preset = {
  id: 'ntk-gram',
  title: 'NTK: the Gram matrix stays put',
  claim:
    'With many neurons the kernel matrix hardly changes: its smallest eigenvalue stays above half that of the infinite-width kernel, the training error falls at least exponentially and the weights barely move.',
  narrative:
    'Du et al.: f = (1/√m)Σ a_k σ(⟨w_k, x⟩) with ReLU, a_k = ±1 fixed, w_k ~ N(0, I), n = 20 points ' +
    'on the sphere, gradient descent on w. The NTK Gram H_ij = (1/m)Σ a_k² σ′(w_kᵀx_i)σ′(w_kᵀx_j)x_iᵀx_j ' +
    'tends to H∞_ij = x_iᵀx_j(π − arccos x_iᵀx_j)/(2π) as m → ∞, with λ0 = λ_min(H∞) > 0. Predict: ' +
    'at large m, λ_min(H(t)) never drops below λ0/2, so the training loss decays at least like ' +
    "exp(−2λ0 t/n) in this app's units (R = ‖y − u‖²/n, rate s on R; [DZPS19] writes e^{−λ0 t}), " +
    'and ‖W(t) − W(0)‖/‖W(0)‖ is tiny and shrinks like 1/√m. Watch ntkLambdaMin against ntkLambda0/2, ' +
    'the train risk against the bound, movement and ntkGramDrift. Measured on this engine ' +
    `(${src('ntk-gram', 'lambda0')}): λ0 = ${num('ntk-gram', 'lambda0')}; at the largest m the ` +
    `weights move by ${num('ntk-gram', 'movementLargest')} (relative) and H(t) drifts by ` +
    `${num('ntk-gram', 'gramDriftLargest')}; ‖H(0) − H∞‖/‖H∞‖ falls from ` +
    `${num('ntk-gram', 'limitGapSmallest')} at the smallest m to ` +
    `${num('ntk-gram', 'limitGapLargest')} at the largest. Source: [DZPS19, JGH18], docs/science.md.`,
  estimatedSeconds: 4,
  editable: ['model.width', 'dynamics.stepSize', 'dynamics.steps', 'task.trainSize', 'seed'],
  spec: {
    title: 'NTK: the Gram matrix stays put',
    preset: 'ntk-gram',
    seed: 1,
    task: {
      kind: 'single-index',
      dim: 10,
      trainSize: 20,
      testSize: 200,
      link: relu,
      inputs: 'sphere',
      noiseStd: 0
    },
    model: ntkModel(1000, { trainA: false }),
    dynamics: { kind: 'gd', stepSize: 0.5, steps: 1000, batchSize: 1, beta: null, lambda: 0 },
    observe: {
      every: 25,
      snapshotEvery: 0,
      riskSamples: 200,
      histogramBins: 40,
      observables: ['ntkGram', 'movement'],
      probeSize: 20
    },
    compute: { backend: 'auto', chunkSteps: 25, autosaveSeconds: 5 }
  },
  sizes: {
    ci: { 'model.width': 1000, 'dynamics.steps': 400, 'observe.every': 20 },
    paper: { 'model.width': 10_000, 'dynamics.steps': 4000, 'observe.every': 100 }
  },
  variants: [100, 400, 1600, 6400].map((m) => ({
    label: `m = ${m}`,
    overrides: { 'model.width': m }
  })),
  sizeVariants: {
    ci: [100, 1000].map((m) => ({ label: `m = ${m}`, overrides: { 'model.width': m } })),
    paper: [100, 1000, 10_000, 100_000].map((m) => ({
      label: `m = ${m}`,
      overrides: { 'model.width': m }
    }))
  }
}
