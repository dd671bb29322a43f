import { ACTIVATION_FUNCTIONS } from './activation-functions'
import type { KernelInputs, KernelSpec } from './kernel-spec'
import { philoxNormal, philoxNormals } from './philox-normal'
import { particleNorms } from './particle-norms'
import { predictOutputs } from './predict-outputs'
import { preActivations } from './pre-activations'
import { residuals } from './residuals'
import { updateTheta } from './update-theta'

export { particleNorms, philoxNormals, predictOutputs, preActivations, residuals, updateTheta }

// a registry entry only promises inputs it made itself (sampleInputs → body and reference)
const entry = <I extends KernelInputs>(k: KernelSpec<I>) => k as unknown as KernelSpec

/** Every gpu.js kernel of the engine: the explicit registry the kernel test walks. */
export const kernels: readonly KernelSpec[] = [
  entry(preActivations),
  entry(residuals),
  entry(updateTheta),
  entry(predictOutputs),
  entry(philoxNormals),
  entry(particleNorms)
]

/** The helper functions every kernel is built with: σ, σ′ and the in-kernel Philox normal. */
export const KERNEL_FUNCTIONS = [...ACTIVATION_FUNCTIONS, philoxNormal]
