import { assertSpec, type ExperimentSpec, type ExperimentSpecInput } from './experiment-spec'
import { findGuidedPreset } from './guided-presets'
import { MMN_TRUNCATED_RELU, mmnModel } from './mmn-model'
import { LESSON_MEASUREMENTS, quoteMeasurement } from './lesson-measurements'
import { setPath } from './set-path'

/**
 * The guided experiments (SCIENCE.md §6): each is a spec plus the claim a user can check with it.
 * Sizes: 'default' runs on a classroom CPU in about a minute, 'ci' is a reduced run for tests
 * (same phenomenon, fewer particles and steps), 'paper' is the size of the publication's figure.
 */

/** How big to make a preset's run. */
export type PresetSize = 'default' | 'ci' | 'paper'

/** Overrides of a size, as dotted spec path → value (the same paths `--set` takes). */
export type SpecOverrides = Record<string, unknown>

export interface Preset {
  id: string
  title: string
  /** The claim the run lets a user check, in one line. */
  claim: string
  /** What to look at and why, a few sentences for the lesson panel. */
  narrative: string
  /** Estimated wall-clock seconds at the default size on a 2-core CPU. */
  estimatedSeconds: number
  /** Spec paths the lesson invites the user to change. */
  editable: string[]
  spec: ExperimentSpecInput
  sizes: { ci: SpecOverrides; paper: SpecOverrides }
}

const mmnTwoGaussians: Preset = {
  id: 'mmn-two-gaussians',
  title: 'SGD vs PDE: two Gaussians',
  claim:
    'The histogram of ‖w_i‖ follows the mean-field PDE, the risk falls to near zero and the law splits into two radii.',
  narrative:
    'Mei, Montanari and Nguyen classify two centred Gaussians with variances (1 ± Δ)² using M neurons ' +
    'σ(⟨w_i, x⟩) with a truncated ReLU; only the first layer trains, by one-pass SGD with step s, so ' +
    'time is t = k·s. Watch the norms ‖w_i‖: they start concentrated near 0.8 and the population moves ' +
    'as one density, which is what the distributional-dynamics PDE predicts. The risk drops from about ' +
    '1.7 towards zero by t ≈ 20. Change the width M: the curves barely move once M is a few hundred ' +
    '(mean-field limit); change the init scale κ = model.init.w.std to see a slower start.',
  estimatedSeconds: 30,
  editable: [
    'model.width',
    'model.init.w.std',
    'dynamics.stepSize',
    'dynamics.steps',
    'task.delta',
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

const langevinFreeEnergy: Preset = {
  id: 'langevin-free-energy',
  title: 'Noisy SGD and the free energy',
  claim:
    'With Langevin noise (β) and L2 penalty (λ) the free energy decreases and the particles settle in a stationary law.',
  narrative:
    'Noisy SGD adds −2sλθ and √(4s/β)·g to every step: in the mean-field limit it is the Wasserstein ' +
    'gradient flow of F(ρ) = ½R(ρ) + (λ/2)∫‖θ‖²dρ + β⁻¹∫ρ log ρ. Watch the free energy fall and ' +
    'level off while the risk stays above the noiseless one: the entropy term keeps the particles ' +
    'spread. Lower β (more noise) or raise λ and the stationary risk rises; without data the ' +
    'coordinates would have variance 1/(βλ). The stationary law is the Boltzmann fixed point ' +
    'ρ ∝ exp(−βΨ(θ; ρ)); watch `equipartition` = β⟨θ·∇Ψ⟩/D, which it sets to 1 as a gas at ' +
    'temperature 1/β sets ⟨x·∇U⟩ = kT per coordinate (the noisy-GD variant; online SGD’s own ' +
    'gradient noise heats its run, which is still far from stationary at the end: its ratio ' +
    'measured ' +
    `${quoteMeasurement(LESSON_MEASUREMENTS['langevin-free-energy'].onlineSgdEquipartitionCi)}).`,
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
  }
}

/** In SCIENCE.md §6's order: the table a teacher follows. */
const PRESETS: readonly Preset[] = [
  mmnTwoGaussians,
  guided('lazy-vs-mean-field'),
  guided('propagation-of-chaos'),
  langevinFreeEnergy,
  guided('bad-minimum-escape'),
  guided('ntk-gram'),
  guided('random-features-vs-network'),
  guided('two-timescale-kernel'),
  guided('label-noise-dof')
]

function guided(id: string): Preset {
  const p = findGuidedPreset(id)
  if (!p) throw new Error(`guided preset '${id}' is missing`)
  return p
}

/** Every preset, in the order the app lists them. */
export function listPresets(): readonly Preset[] {
  return PRESETS
}

/** The preset with this id, or undefined. */
export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id)
}

/** Thrown for an unknown preset id; the message lists the known ones. */
export class UnknownPresetError extends Error {
  constructor(readonly id: string) {
    super(`unknown preset '${id}' (known: ${PRESETS.map((p) => p.id).join(', ')})`)
    this.name = 'UnknownPresetError'
  }
}

/** The validated, defaulted spec of a preset at a size ('default' when omitted). */
export function presetSpec(id: string, opts: { size?: PresetSize } = {}): ExperimentSpec {
  const preset = findPreset(id)
  if (!preset) throw new UnknownPresetError(id)
  const size = opts.size ?? 'default'
  let input: unknown = preset.spec
  if (size !== 'default')
    for (const [path, value] of Object.entries(preset.sizes[size]))
      input = setPath(input, path.split('.'), value)
  return assertSpec(input)
}
