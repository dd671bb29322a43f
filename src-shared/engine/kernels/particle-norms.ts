import type { IKernelFunctionThis } from 'gpu.js'
import { sampleTheta, type KernelSpec, type StepConstants } from './kernel-spec'

type Inputs = { theta: Float32Array }

/**
 * The per-particle reductions the driver reads after every chunk, on the device so the particles
 * need not come back: out[i] = ‖w_i‖², out[M + i] = a_i² + b_i² (θ packed). Output 2M.
 */
function body(this: IKernelFunctionThis<StepConstants>, theta: number[]): number {
  const e = this.thread.x
  const md = this.constants.m * this.constants.d
  if (e < this.constants.m) {
    let s = 0
    for (let j = 0; j < this.constants.d; j++) {
      const v = theta[e * this.constants.d + j]
      s += v * v
    }
    return s
  }
  const i = e - this.constants.m
  const b = theta[md + i]
  const a = theta[md + this.constants.m + i]
  return a * a + b * b
}

function reference(v: Inputs, c: StepConstants): Float64Array {
  const out = new Float64Array(2 * c.m)
  const md = c.m * c.d
  for (let i = 0; i < c.m; i++) {
    let s = 0
    for (let j = 0; j < c.d; j++) s += v.theta[i * c.d + j] ** 2
    out[i] = s
    out[c.m + i] = v.theta[md + i] ** 2 + v.theta[md + c.m + i] ** 2
  }
  return out
}

export const particleNorms: KernelSpec<Inputs> = {
  name: 'particleNorms',
  body: body as KernelSpec['body'],
  args: ['theta'],
  output: (c) => [2 * c.m],
  reference,
  relTol: 1e-6,
  sampleInputs: (rng, c) => ({ theta: sampleTheta(rng, c) })
}
