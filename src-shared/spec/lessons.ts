import type { ExperimentSpec } from './experiment-spec'
import {
  formatMeasurement,
  lessonNumber,
  measuredSeeds,
  type LessonMeasurement
} from './lesson-measurements'
import { presetSpec, type PresetSize } from './presets'

/**
 * The guided experiments' lessons in the order a class uses them: predict what will happen, watch
 * a named chart, then the explanation; and, folded away, the theory for the teacher with its paper
 * and the section of the science notes. Plain words for students: no file names, ids, backend
 * words or raw metric names (test/unit/spec/lessons.test.ts scans for them). Numbers come from
 * LESSON_MEASUREMENTS at the size that runs, never typed in here.
 */
export interface StructuredLesson {
  predict: string
  watch: string
  explain: string
  teacher: string
  /** The section of the science notes (docs/science.md) the teacher's part links to. */
  notesSection: string
}

type LessonText = (size: PresetSize | null) => StructuredLesson

/** A measured number as a sentence part: "−0.41, measured with seeds 1–4". */
function measured(m: LessonMeasurement): string {
  return `${formatMeasurement(m)}, measured with ${measuredSeeds(m)}`
}

/** A preset's measured number at `size`, if one was measured at that size. */
function atSize(preset: string, name: string, size: PresetSize | null): LessonMeasurement | null {
  return (size && lessonNumber(preset, name, size)) || null
}

/**
 * " Measured at this size (seeds 1–3): …" from a preset's numbers at `size`, or '' when the size is
 * unknown or one of them was not measured there.
 */
function measuredHere(
  preset: string,
  size: PresetSize | null,
  names: readonly string[],
  text: (values: string[]) => string
): string {
  const ms = names.map((n) => atSize(preset, n, size))
  if (!ms.every((m) => m !== null)) return ''
  return ` Measured at this size (${measuredSeeds(ms[0])}): ${text(ms.map(formatMeasurement))}.`
}

const LESSONS: Readonly<Record<string, LessonText>> = {
  'mmn-two-gaussians': (size) => ({
    predict:
      'The network sorts points from two clouds, a narrow one and a wide one. Will its neurons move one by one, or all together?',
    watch:
      'Watch “Sizes of the neurons ‖wᵢ‖”: the bars are the network, the line is the theory’s prediction. The risk falls towards zero.',
    explain:
      'With many neurons the whole population moves as one density, and a single equation (the mean-field PDE) predicts it. The density splits into two groups of sizes.' +
      measuredHere(
        'mmn-two-gaussians',
        size,
        ['riskStart', 'riskEnd'],
        ([a, b]) => `the risk falls from ${a} to ${b}`
      ),
    teacher:
      'Mei, Montanari and Nguyen (2018): one-pass SGD on a two-layer network follows the distributional dynamics, a PDE for the law of the neurons, with error shrinking in the width M. Try the width and the initial scale in the fields below.',
    notesSection: 'pde'
  }),
  'propagation-of-chaos': (size) => {
    const m = atSize('propagation-of-chaos', 'spreadSlope', size)
    return {
      predict:
        'Run the same network with different random seeds. If you make it four times wider, how much closer do the runs end up?',
      watch:
        'Watch the band of risk curves for each width, and the chart of the spread against the width with its fitted slope.',
      explain: `Each neuron becomes an independent draw from one law as the width grows, so the runs differ by about 1/√M: four times wider, half the spread. The fitted slope should be near −½${m ? ` (here ${measured(m)})` : ''}.`,
      teacher:
        'Propagation of chaos (Rotskoff and Vanden-Eijnden 2018; Sirignano and Spiliopoulos 2020): the empirical law of M particles converges to the mean-field limit with fluctuations of order 1/√M, plus a term from the SGD noise kept small here by batches of 10.',
      notesSection: 'pde'
    }
  },
  'langevin-free-energy': (size) => {
    const m = atSize('langevin-free-energy', 'onlineSgdEquipartition', size)
    return {
      predict:
        'Add random kicks (noise) and a pull towards zero to every step. Will the neurons still settle down?',
      watch:
        'Watch “Free energy”: it falls and levels off. Without data, the spread of the weights settles on the dashed line 1/(βλ).',
      explain:
        'Noisy training minimises a free energy: the risk plus a penalty minus the entropy divided by β. The noise keeps the neurons spread out, like a gas at temperature 1/β.',
      teacher: `In the mean-field limit noisy SGD is the Wasserstein gradient flow of F(ρ) = ½R(ρ) + (λ/2)∫‖θ‖²dρ + β⁻¹∫ρ log ρ, whose stationary law is the Boltzmann fixed point ρ ∝ exp(−βΨ) (Mei, Montanari and Nguyen 2018). The equipartition ratio is 1 there; noisy full-batch GD reaches it, while online SGD's own gradient noise heats its run${m ? ` (its ratio: ${measured(m)})` : ''}.`,
      notesSection: 'dynamics'
    }
  },
  'bad-minimum-escape': (size) => ({
    predict:
      'Start with tiny neurons and an activation with a dip near zero. Will plain training get out of the trap? Will noise help?',
    watch:
      'Watch “Sizes of the neurons ‖wᵢ‖”: stuck is a spike at zero; escaped is a broad spread at larger sizes. Compare the risks of the three runs.',
    explain:
      'Near zero the pull on every neuron points inwards, so noiseless training shrinks them and stops at a high risk. Noise lets them wander out; a large start never meets the trap.' +
      measuredHere(
        'bad-minimum-escape',
        size,
        ['riskStuck', 'riskNoise', 'riskLargeKappa'],
        ([a, b, c]) => `final risk ${a} when stuck, ${b} with noise, ${c} from a large start`
      ),
    teacher:
      'Mei, Montanari and Nguyen (2018): a small initialisation can trap noiseless SGD at a stationary point, while noisy SGD converges to the minimiser of the free energy.',
    notesSection: 'dynamics'
  }),
  'lazy-vs-mean-field': (size) => ({
    predict:
      'Two networks learn one hidden neuron. One is scaled so that its weights barely move (lazy), the other so that they must move (mean-field). Which one improves as it gets wider?',
    watch:
      'Watch “Mean alignment with the target direction” and the final risk against the width for each scaling.',
    explain:
      'The lazy network behaves like a fixed kernel: its neurons keep their random directions, so its error does not improve with width. The mean-field network turns its neurons towards the target.' +
      measuredHere(
        'lazy-vs-mean-field',
        size,
        ['ntkRiskSmallest', 'ntkRiskLargest', 'mfRiskLargest'],
        ([a, b, c]) =>
          `the lazy network's final risk is ${a} at the smallest width and ${b} at the largest; the mean-field one ends at ${c}`
      ),
    teacher:
      'Chizat, Oyallon and Bach (2019), lazy training; Mei, Misiakiewicz and Montanari (2019). With the 1/√M scaling the network stays near its linearisation; with 1/M it learns features. Random directions have alignment √(2/(πd)).',
    notesSection: 'model'
  }),
  'ntk-gram': (size) => ({
    predict:
      'A very wide network trains on a few points. Does the kernel that describes it change during training?',
    watch:
      'Watch “Smallest NTK eigenvalue λ_min(H)”: it stays above the dashed line λ0/2. In the risk chart the train risk stays under its dashed bound.',
    explain:
      'A wide network hardly moves its weights, so its kernel (the Gram matrix H) stays close to where it started and training converges at an exponential rate set by λ0.' +
      measuredHere(
        'ntk-gram',
        size,
        ['lambda0', 'movementLargest'],
        ([a, b]) => `λ0 = ${a}; at the largest width the weights move by ${b} of their size`
      ),
    teacher:
      'Jacot, Gabriel and Hongler (2018); Du, Zhai, Póczos and Singh (2019): with λ0 = λ_min(H∞) > 0, λ_min(H(t)) ≥ λ0/2 and ‖y − u(t)‖² ≤ e^{−λ0 t}‖y − u(0)‖², which reads e^{−2λ0 t/n} with this app’s risk and time.',
    notesSection: 'observables'
  }),
  'random-features-vs-network': (size) => ({
    predict:
      'Same width, two ways to train: only the output weights (random features), or both layers. Which learns a small teacher network better?',
    watch:
      'Watch the two risk curves and “How far the weights moved”: with random features the first layer stays where it started.',
    explain:
      'Random features can only combine fixed random neurons. Training both layers moves the neurons towards the teacher’s directions, so the error drops much lower at the same width.' +
      measuredHere(
        'random-features-vs-network',
        size,
        ['riskBothLayers', 'riskRandomFeatures'],
        ([a, b]) => `final test risk ${a} with both layers, ${b} with random features`
      ),
    teacher:
      'The target is in the Barron class; random features need many more units to approximate it than a trained two-layer network (Bach 2017).',
    notesSection: 'model'
  }),
  'two-timescale-kernel': (size) => ({
    predict:
      'The output layer is always refitted exactly while the first layer moves slowly. Does the kernel learn which two inputs matter?',
    watch:
      'Watch “Free energy” (the objective with its entropy term): on a log scale it falls along a straight line. In Other metrics, “Kernel–target alignment” rises.',
    explain:
      'The network is a kernel method whose kernel learns: the neurons move into the plane of the two inputs that matter, so the kernel lines up with the target.' +
      measuredHere(
        'two-timescale-kernel',
        size,
        ['alignmentStart', 'alignmentEnd'],
        ([a, b]) => `the kernel–target alignment rises from ${a} to ${b}`
      ),
    teacher:
      'Takakura and Suzuki (2024): with the second layer at its ridge optimum, the first layer follows mean-field Langevin dynamics on G(μ) + λ·Ent(μ), which converges linearly.',
    notesSection: 'dynamics'
  }),
  'label-noise-dof': (size) => ({
    predict:
      'Add fresh noise to the labels the output layer is fitted to. Does the learnt model become simpler or more complex?',
    watch:
      'Watch “Effective degrees of freedom d(μ)” for each noise level, and the test risk against the clean labels (dotted).',
    explain:
      'Label noise acts as a regulariser: the more of it, the fewer effective degrees of freedom, and the less the network fits the noise in the data. The gain in test error is small.' +
      measuredHere(
        'label-noise-dof',
        size,
        ['dofSigma0', 'dofSigma1', 'cleanRiskRatio'],
        ([a, b, c]) =>
          `d(μ) ends at ${a} without label noise and ${b} with σ̃ = 1, and the clean test risk at σ̃ = 1 is ${c} times that without`
      ),
    teacher:
      'Takakura and Suzuki (2024): in expectation the noise adds (σ̃²/3n)·d(μ) to the objective. The contrasting run puts the noisy labels inside the exact fit and raises d(μ) instead.',
    notesSection: 'dynamics'
  })
}

/** The structured lesson of a preset at the size that runs (null: unknown size), or null. */
export function presetLessonText(
  preset: string | null | undefined,
  size: PresetSize | null = null
): StructuredLesson | null {
  const text = preset ? LESSONS[preset] : undefined
  return text ? text(size) : null
}

/**
 * A preset's lesson as the plain text a session file and the preset list carry: Predict, Watch,
 * Why and the teacher's part as paragraphs, with the numbers of `size` ('' for an unknown preset).
 * This, not the preset's research notes, is what a reader of a session or the Library sees.
 */
export function presetNarrative(
  preset: string | null | undefined,
  size: PresetSize | null = null
): string {
  const l = presetLessonText(preset, size)
  if (!l) return ''
  return [
    `Predict: ${l.predict}`,
    `Watch: ${l.watch}`,
    `Why: ${l.explain}`,
    `For the teacher: ${l.teacher}`
  ].join('\n\n')
}

/** The presets that have a structured lesson. */
export function lessonPresets(): string[] {
  return Object.keys(LESSONS)
}

/** Spec fields the sizes of a preset differ in, compared to tell which size a run is. */
const SIZE_FIELDS: readonly ((s: ExperimentSpec) => unknown)[] = [
  (s) => s.model.width,
  (s) => s.dynamics.steps,
  (s) => s.observe.riskSamples,
  (s) => s.task.trainSize
]

/**
 * The preset size a run's spec was made at: the size whose spec agrees with it on the most of
 * the fields sizes change (a study's variants change some of them); null when none or a tie.
 */
export function presetSizeOf(spec: ExperimentSpec): PresetSize | null {
  if (!spec.preset) return null
  const scores: [PresetSize, number][] = []
  for (const size of ['ci', 'default', 'paper'] as const) {
    let ref: ExperimentSpec
    try {
      ref = presetSpec(spec.preset, { size })
    } catch {
      return null
    }
    scores.push([size, SIZE_FIELDS.filter((f) => f(ref) === f(spec)).length])
  }
  scores.sort((x, y) => y[1] - x[1])
  return scores[0][1] > 0 && scores[0][1] > scores[1][1] ? scores[0][0] : null
}

/** The structured lesson of a run's preset, with the numbers of the size it runs at. */
export function lessonForSpec(spec: ExperimentSpec | null | undefined): StructuredLesson | null {
  if (!spec?.preset) return null
  return presetLessonText(spec.preset, presetSizeOf(spec))
}
