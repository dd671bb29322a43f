import type { IKernelFunctionThis } from 'gpu.js'
import { actValue } from './activation-functions'
import {
  normals,
  referenceActivation,
  sampleTheta,
  type KernelSpec,
  type StepConstants
} from './kernel-spec'

type Inputs = { theta: Float32Array; pre: Float32Array; y: Float32Array; row0: number }

/**
 * Residuals of a batch: out[k] = y_{row0+k} − (α/M) Σ_i a_i σ(pre[k·M + i]) (docs/science.md#model).
 * a_i = θ[M(d+1) + i] (packed θ). One thread per sample sums over the M particles. Output B.
 */
function body(
  this: IKernelFunctionThis<StepConstants>,
  theta: number[],
  pre: number[],
  y: number[],
  row0: number
): number {
  const k = this.thread.x
  const a0 = this.constants.m * (this.constants.d + 1)
  let f = 0
  for (let i = 0; i < this.constants.m; i++)
    f +=
      theta[a0 + i] *
      actValue(
        pre[k * this.constants.m + i],
        this.constants.act,
        this.constants.kt0,
        this.constants.ks0,
        this.constants.kt1,
        this.constants.ks1
      )
  return y[row0 + k] - (this.constants.alpha / this.constants.m) * f
}

function reference(v: Inputs, c: StepConstants): Float64Array {
  const sigma = referenceActivation(c)
  const out = new Float64Array(c.batch)
  for (let k = 0; k < c.batch; k++) {
    let f = 0
    for (let i = 0; i < c.m; i++)
      f += v.theta[c.m * (c.d + 1) + i] * sigma.value(v.pre[k * c.m + i])
    out[k] = v.y[v.row0 + k] - (c.alpha / c.m) * f
  }
  return out
}

export const residuals: KernelSpec<Inputs> = {
  name: 'residuals',
  body: body as KernelSpec['body'],
  args: ['theta', 'pre', 'y', 'row0'],
  output: (c) => [c.batch],
  reference,
  relTol: 1e-5,
  sampleInputs: (rng, c) => ({
    theta: sampleTheta(rng, c),
    pre: normals(rng, c.batch * c.m, 1, 0.8),
    y: normals(rng, c.batch + 1),
    row0: 1
  })
}
