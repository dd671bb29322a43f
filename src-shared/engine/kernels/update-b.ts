import type { IKernelFunctionThis } from 'gpu.js'
import { actSlope } from './activation-functions'
import {
  noiseScale,
  normals,
  referenceActivation,
  type KernelSpec,
  type StepConstants
} from './kernel-spec'

type Inputs = {
  a: Float32Array
  b: Float32Array
  pre: Float32Array
  r: Float32Array
  stepSizes: Float32Array
  s: number
  g: Float32Array
}

/**
 * The b-part of one step of science/sgd-step.ts for particle i (old a_i):
 * b_i ← (1 − 2 s_k λ) b_i + (2 s_k / α B) Σ_k r_k a_i σ′(pre[k·M + i]) + √(4 s_k/β) g_b,i. Output M.
 * g at g[s·M(d+2) + M + i].
 */
function body(
  this: IKernelFunctionThis<StepConstants>,
  a: number[],
  b: number[],
  pre: number[],
  r: number[],
  stepSizes: number[],
  s: number,
  g: number[]
): number {
  const i = this.thread.x
  const st = stepSizes[s]
  let gb = 0
  for (let k = 0; k < this.constants.batch; k++)
    gb +=
      r[k] *
      actSlope(
        pre[k * this.constants.m + i],
        this.constants.act,
        this.constants.kt0,
        this.constants.ks0,
        this.constants.kt1,
        this.constants.ks1
      )
  let noise = 0
  if (this.constants.invBeta > 0) {
    const z = g[s * this.constants.m * (this.constants.d + 2) + this.constants.m + i]
    noise = Math.sqrt(this.constants.noiseFactor * st * this.constants.invBeta) * z
  }
  return (
    (1 - 2 * st * this.constants.lambda) * b[i] +
    ((2 * st) / (this.constants.alpha * this.constants.batch)) * a[i] * gb +
    noise
  )
}

function reference(v: Inputs, c: StepConstants): Float64Array {
  const sigma = referenceActivation(c)
  const st = v.stepSizes[v.s]
  const out = new Float64Array(c.m)
  for (let i = 0; i < c.m; i++) {
    let gb = 0
    for (let k = 0; k < c.batch; k++) gb += v.r[k] * v.a[i] * sigma.derivative(v.pre[k * c.m + i])
    const z = c.invBeta > 0 ? v.g[v.s * c.m * (c.d + 2) + c.m + i] : 0
    out[i] =
      (1 - 2 * st * c.lambda) * v.b[i] +
      ((2 * st) / (c.alpha * c.batch)) * gb +
      noiseScale(st, c) * z
  }
  return out
}

export const updateB: KernelSpec<Inputs> = {
  name: 'updateB',
  body: body as KernelSpec['body'],
  args: ['a', 'b', 'pre', 'r', 'stepSizes', 's', 'g'],
  output: (c) => [c.m],
  reference,
  relTol: 1e-5,
  sampleInputs: (rng, c) => ({
    a: normals(rng, c.m),
    b: normals(rng, c.m, 0.5),
    pre: normals(rng, c.batch * c.m, 1, 0.8),
    r: normals(rng, c.batch),
    stepSizes: Float32Array.of(0.01, 0.05),
    s: 1,
    g: normals(rng, 2 * c.m * (c.d + 2))
  })
}
