import type { IKernelFunctionThis } from 'gpu.js'
import { actValue } from './activation-functions'
import {
  noiseScale,
  normals,
  referenceActivation,
  type KernelSpec,
  type StepConstants
} from './kernel-spec'

type Inputs = {
  a: Float32Array
  pre: Float32Array
  r: Float32Array
  stepSizes: Float32Array
  s: number
  g: Float32Array
}

/**
 * The a-part of one step of science/sgd-step.ts for particle i, with s_k = stepSizes[s]:
 * a_i ← (1 − 2 s_k λ) a_i + (2 s_k / α B) Σ_k r_k σ(pre[k·M + i]) + √(4 s_k/β) g_a,i. Output M.
 * g_a,i = g[s·M(d+2) + i] (host normals, see StepConstants).
 */
function body(
  this: IKernelFunctionThis<StepConstants>,
  a: number[],
  pre: number[],
  r: number[],
  stepSizes: number[],
  s: number,
  g: number[]
): number {
  const i = this.thread.x
  const st = stepSizes[s]
  let ga = 0
  for (let k = 0; k < this.constants.batch; k++)
    ga +=
      r[k] *
      actValue(
        pre[k * this.constants.m + i],
        this.constants.act,
        this.constants.kt0,
        this.constants.ks0,
        this.constants.kt1,
        this.constants.ks1
      )
  let noise = 0
  if (this.constants.invBeta > 0) {
    const z = g[s * this.constants.m * (this.constants.d + 2) + i]
    noise = Math.sqrt(this.constants.noiseFactor * st * this.constants.invBeta) * z
  }
  return (
    (1 - 2 * st * this.constants.lambda) * a[i] +
    ((2 * st) / (this.constants.alpha * this.constants.batch)) * ga +
    noise
  )
}

function reference(v: Inputs, c: StepConstants): Float64Array {
  const sigma = referenceActivation(c)
  const st = v.stepSizes[v.s]
  const out = new Float64Array(c.m)
  for (let i = 0; i < c.m; i++) {
    let ga = 0
    for (let k = 0; k < c.batch; k++) ga += v.r[k] * sigma.value(v.pre[k * c.m + i])
    const z = c.invBeta > 0 ? v.g[v.s * c.m * (c.d + 2) + i] : 0
    out[i] =
      (1 - 2 * st * c.lambda) * v.a[i] +
      ((2 * st) / (c.alpha * c.batch)) * ga +
      noiseScale(st, c) * z
  }
  return out
}

export const updateA: KernelSpec<Inputs> = {
  name: 'updateA',
  body: body as KernelSpec['body'],
  args: ['a', 'pre', 'r', 'stepSizes', 's', 'g'],
  output: (c) => [c.m],
  reference,
  relTol: 1e-5,
  sampleInputs: (rng, c) => ({
    a: normals(rng, c.m),
    pre: normals(rng, c.batch * c.m, 1, 0.8),
    r: normals(rng, c.batch),
    stepSizes: Float32Array.of(0.01, 0.05),
    s: 1,
    g: normals(rng, 2 * c.m * (c.d + 2))
  })
}
