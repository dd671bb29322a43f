import { ACTIVATION_FUNCTIONS } from './activation-functions'
import type { KernelInputs, KernelSpec } from './kernel-spec'
import { philoxNormal, philoxNormals } from './philox-normal'
import { predictOutputs } from './predict-outputs'
import { preActivations } from './pre-activations'
import { residuals } from './residuals'
import { updateA } from './update-a'
import { updateB } from './update-b'
import { updateW } from './update-w'

export { predictOutputs, preActivations, residuals, updateA, updateB, updateW }

// a registry entry only promises inputs it made itself (sampleInputs → body and reference)
const entry = <I extends KernelInputs>(k: KernelSpec<I>) => k as unknown as KernelSpec

/** Every gpu.js kernel of the engine: the explicit registry the kernel test walks. */
export const kernels: readonly KernelSpec[] = [
  entry(preActivations),
  entry(residuals),
  entry(updateA),
  entry(updateB),
  entry(updateW),
  entry(predictOutputs),
  entry(philoxNormals)
]

/** The helper functions every kernel is built with: σ, σ′ and the in-kernel Philox normal. */
export const KERNEL_FUNCTIONS = [...ACTIVATION_FUNCTIONS, philoxNormal]
