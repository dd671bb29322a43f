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
  w: Float32Array
  a: Float32Array
  pre: Float32Array
  r: Float32Array
  x: Float32Array
  row0: number
  stepSizes: Float32Array
  s: number
  g: Float32Array
}

/**
 * The w-part of one step of science/sgd-step.ts for element e = i·d + j (old a_i):
 * w_ij ← (1 − 2 s_k λ) w_ij + (2 s_k / α B) Σ_k r_k a_i σ′(pre[k·M + i]) x_{row0+k, j} + √(4 s_k/β) g.
 * Output M·d. Host noise at g[s·M(d+2) + 2M + e].
 */
function body(
  this: IKernelFunctionThis<StepConstants>,
  w: number[],
  a: number[],
  pre: number[],
  r: number[],
  x: number[],
  row0: number,
  stepSizes: number[],
  s: number,
  g: number[]
): number {
  const e = this.thread.x
  const i = Math.floor(e / this.constants.d)
  const j = e - i * this.constants.d
  const st = stepSizes[s]
  let gw = 0
  for (let k = 0; k < this.constants.batch; k++)
    gw +=
      r[k] *
      actSlope(
        pre[k * this.constants.m + i],
        this.constants.act,
        this.constants.kt0,
        this.constants.ks0,
        this.constants.kt1,
        this.constants.ks1
      ) *
      x[(row0 + k) * this.constants.d + j]
  let noise = 0
  if (this.constants.invBeta > 0) {
    const z = g[s * this.constants.m * (this.constants.d + 2) + 2 * this.constants.m + e]
    noise = Math.sqrt(this.constants.noiseFactor * st * this.constants.invBeta) * z
  }
  return (
    (1 - 2 * st * this.constants.lambda) * w[e] +
    ((2 * st) / (this.constants.alpha * this.constants.batch)) * a[i] * gw +
    noise
  )
}

function reference(v: Inputs, c: StepConstants): Float64Array {
  const sigma = referenceActivation(c)
  const st = v.stepSizes[v.s]
  const out = new Float64Array(c.m * c.d)
  for (let i = 0; i < c.m; i++)
    for (let j = 0; j < c.d; j++) {
      let gw = 0
      for (let k = 0; k < c.batch; k++)
        gw += v.r[k] * sigma.derivative(v.pre[k * c.m + i]) * v.x[(v.row0 + k) * c.d + j]
      const e = i * c.d + j
      const z = c.invBeta > 0 ? v.g[v.s * c.m * (c.d + 2) + 2 * c.m + e] : 0
      out[e] =
        (1 - 2 * st * c.lambda) * v.w[e] +
        ((2 * st) / (c.alpha * c.batch)) * v.a[i] * gw +
        noiseScale(st, c) * z
    }
  return out
}

export const updateW: KernelSpec<Inputs> = {
  name: 'updateW',
  body: body as KernelSpec['body'],
  args: ['w', 'a', 'pre', 'r', 'x', 'row0', 'stepSizes', 's', 'g'],
  output: (c) => [c.m * c.d],
  reference,
  relTol: 1e-5,
  sampleInputs: (rng, c) => ({
    w: normals(rng, c.m * c.d, 1 / Math.sqrt(c.d)),
    a: normals(rng, c.m),
    pre: normals(rng, c.batch * c.m, 1, 0.8),
    r: normals(rng, c.batch),
    x: normals(rng, (c.batch + 1) * c.d),
    row0: 1,
    stepSizes: Float32Array.of(0.01, 0.05),
    s: 1,
    g: normals(rng, 2 * c.m * (c.d + 2))
  })
}
