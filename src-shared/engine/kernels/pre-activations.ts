import type { IKernelFunctionThis } from 'gpu.js'
import { normals, sampleTheta, type KernelSpec, type StepConstants } from './kernel-spec'

type Inputs = { theta: Float32Array; x: Float32Array; row0: number }

/**
 * Pre-activations of a batch: out[k·M + i] = b_i + ⟨w_i, x_{row0+k}⟩ for k < B, i < M
 * (θ packed [w | b | a], x row-major rows×d). Output B·M.
 */
function body(
  this: IKernelFunctionThis<StepConstants>,
  theta: number[],
  x: number[],
  row0: number
): number {
  const e = this.thread.x
  const k = Math.floor(e / this.constants.m)
  const i = e - k * this.constants.m
  let t = theta[this.constants.m * this.constants.d + i]
  for (let j = 0; j < this.constants.d; j++)
    t += theta[i * this.constants.d + j] * x[(row0 + k) * this.constants.d + j]
  return t
}

function reference(v: Inputs, c: StepConstants): Float64Array {
  const out = new Float64Array(c.batch * c.m)
  for (let k = 0; k < c.batch; k++)
    for (let i = 0; i < c.m; i++) {
      let t = v.theta[c.m * c.d + i]
      for (let j = 0; j < c.d; j++) t += v.theta[i * c.d + j] * v.x[(v.row0 + k) * c.d + j]
      out[k * c.m + i] = t
    }
  return out
}

export const preActivations: KernelSpec<Inputs> = {
  name: 'preActivations',
  body: body as KernelSpec['body'],
  args: ['theta', 'x', 'row0'],
  output: (c) => [c.batch * c.m],
  reference,
  relTol: 1e-5,
  sampleInputs: (rng, c) => ({
    theta: sampleTheta(rng, c),
    x: normals(rng, (c.batch + 2) * c.d),
    row0: 1
  })
}
