import { assertSpec, type ExperimentSpec } from '../experiment-spec'
import { setPath } from '../set-path'
import { badMinimumEscape } from './bad-minimum-escape'
import { labelNoiseDof } from './label-noise-dof'
import { langevinFreeEnergy } from './langevin-free-energy'
import { lazyVsMeanField } from './lazy-vs-mean-field'
import { mmnTwoGaussians } from './mmn-two-gaussians'
import { ntkGram } from './ntk-gram'
import { presetVariants, type Preset, type PresetSize, type SpecOverrides } from './preset'
import { propagationOfChaos } from './propagation-of-chaos'
import { randomFeaturesVsNetwork } from './random-features-vs-network'
import { twoTimescaleKernel } from './two-timescale-kernel'

/**
 * The one registry of guided experiments (docs/science.md#guided-experiments), one file each in
 * this folder. Their claim checks are in claims/claims-for-preset.ts, so spec/ never imports claims/.
 */

export {
  hasVariants,
  presetVariants,
  type Preset,
  type PresetSize,
  type PresetVariant,
  type SpecOverrides
} from './preset'

/** In the order of docs/science.md#guided-experiments: the table a teacher follows. */
const PRESETS: readonly Preset[] = [
  mmnTwoGaussians,
  lazyVsMeanField,
  propagationOfChaos,
  langevinFreeEnergy,
  badMinimumEscape,
  ntkGram,
  randomFeaturesVsNetwork,
  twoTimescaleKernel,
  labelNoiseDof
]

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

/**
 * The validated, defaulted spec of a preset at a size ('default' when omitted), optionally with
 * the overrides of one of its variants applied after the size's. Throws UnknownPresetError for an
 * unknown id, and an Error for a variant the preset does not have at that size.
 */
export function presetSpec(
  id: string,
  opts: { size?: PresetSize; variant?: string } = {}
): ExperimentSpec {
  const preset = findPreset(id)
  if (!preset) throw new UnknownPresetError(id)
  const size = opts.size ?? 'default'
  const steps: SpecOverrides[] = [size === 'default' ? {} : preset.sizes[size]]
  if (opts.variant !== undefined) {
    const v = presetVariants(preset, size).find((x) => x.label === opts.variant)
    if (!v) throw new Error(`preset '${id}' has no variant '${opts.variant}' at size ${size}`)
    steps.push(v.overrides)
  }
  let input: unknown = preset.spec
  for (const o of steps)
    for (const [path, value] of Object.entries(o)) input = setPath(input, path.split('.'), value)
  return assertSpec(input)
}
