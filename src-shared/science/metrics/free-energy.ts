import type { Activation } from '../activations'
import { risk } from '../network'
import type { Dataset, Particles } from '../particles'
import { knnEntropy } from './knn-entropy'
import { l2Penalty } from './l2-penalty'
import { groupDim, trainedCoordinates, type ParameterGroups } from './trained-coordinates'

/** The free energy F = ½R + (λ/2)∫‖θ‖²dρ + β⁻¹∫ρ log ρ and its parts (docs/science.md#dynamics). */
export interface FreeEnergyParts {
  /** ½R, R = E(y − f)². */
  energy: number
  /** (λ/2)·mean_i ‖θ_i‖² over the trained coordinates. */
  l2: number
  /**
   * Differential entropy H = −∫ρ log ρ of the particle cloud (nats; k-NN estimate). NaN when β = ∞.
   */
  entropy: number
  /** β⁻¹∫ρ log ρ = −H/β; 0 when β = ∞. */
  entropyTerm: number
  /** F = energy + l2 + entropyTerm. */
  total: number
}

/**
 * Assembles F = ½R + L2 − H/β from its parts. Sign convention: Ent = ∫ρ log ρ = −H, so a wider
 * cloud (larger H) lowers F. With β = ∞ the entropy term is 0 and `entropy` may be NaN (not
 * computed).
 */
export function freeEnergy(
  risk: number,
  l2: number,
  entropy: number,
  beta: number
): FreeEnergyParts {
  const entropyTerm = Number.isFinite(beta) ? -entropy / beta : 0
  const energy = risk / 2
  return { energy, l2, entropy, entropyTerm, total: energy + l2 + entropyTerm }
}

/** What freeEnergyOf needs besides the particles. */
export interface FreeEnergyInputs {
  sigma: Activation
  /** Output scale α of f = (α/M) Σ a_i σ(·). */
  alpha: number
  /** Data on which R is measured (a training set, or fresh samples for the population risk). */
  data: Dataset
  lambda: number
  /** Inverse temperature; Infinity skips the entropy estimate. */
  beta: number
  /** The trained groups: the L2 and the entropy are taken over their coordinates. */
  groups: ParameterGroups
  /** k of the k-NN entropy estimator (default 1). */
  k?: number
  /**
   * Estimate the entropy on at most this many particles (every ⌈M/max⌉-th one, deterministic), to
   * bound the O(M² D) cost for large M; the estimator's bias is then that of the smaller N.
   */
  maxEntropyPoints?: number
}

/**
 * The free energy of the particles' empirical law, the entropy by the Kozachenko–Leonenko estimator
 * on the trained coordinates (see knnEntropy for its bias; cost O(M² D)).
 */
export function freeEnergyOf(p: Particles, inp: FreeEnergyInputs): FreeEnergyParts {
  const r = risk(p, inp.sigma, inp.alpha, inp.data)
  const l2 = l2Penalty(p, inp.lambda, inp.groups)
  const entropy = Number.isFinite(inp.beta) ? cloudEntropy(p, inp) : NaN
  return freeEnergy(r, l2, entropy, inp.beta)
}

function cloudEntropy(p: Particles, inp: FreeEnergyInputs): number {
  const dim = groupDim(p.d, inp.groups)
  const all = trainedCoordinates(p, inp.groups)
  const stride = Math.ceil(p.m / Math.min(p.m, inp.maxEntropyPoints ?? p.m))
  if (stride === 1) return knnEntropy(all, p.m, dim, inp.k ?? 1)
  const n = Math.ceil(p.m / stride)
  const some = new Float64Array(n * dim)
  for (let i = 0; i < n; i++)
    some.set(all.subarray(i * stride * dim, (i * stride + 1) * dim), i * dim)
  return knnEntropy(some, n, dim, inp.k ?? 1)
}
