import type { IKernelFunctionThis } from 'gpu.js'
import { actValue } from './activation-functions'
import {
  normals,
  referenceActivation,
  sampleTheta,
  type KernelSpec,
  type StepConstants
} from './kernel-spec'

type Inputs = { theta: Float32Array; x: Float32Array }

/**
 * f(x_k) = (α/M) Σ_i a_i σ(b_i + ⟨w_i, x_k⟩) for each row k of x (docs/science.md#model), θ packed.
 * Output: rows of x.
 */
function body(this: IKernelFunctionThis<StepConstants>, theta: number[], x: number[]): number {
  const k = this.thread.x
  const md = this.constants.m * this.constants.d
  let f = 0
  for (let i = 0; i < this.constants.m; i++) {
    let t = theta[md + i]
    for (let j = 0; j < this.constants.d; j++)
      t += theta[i * this.constants.d + j] * x[k * this.constants.d + j]
    f +=
      theta[md + this.constants.m + i] *
      actValue(
        t,
        this.constants.act,
        this.constants.kt0,
        this.constants.ks0,
        this.constants.kt1,
        this.constants.ks1
      )
  }
  return (this.constants.alpha / this.constants.m) * f
}

function reference(v: Inputs, c: StepConstants): Float64Array {
  const sigma = referenceActivation(c)
  const n = v.x.length / c.d
  const out = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    let f = 0
    for (let i = 0; i < c.m; i++) {
      let t = v.theta[c.m * c.d + i]
      for (let j = 0; j < c.d; j++) t += v.theta[i * c.d + j] * v.x[k * c.d + j]
      f += v.theta[c.m * (c.d + 1) + i] * sigma.value(t)
    }
    out[k] = (c.alpha / c.m) * f
  }
  return out
}

/** Rows of the sample set in the kernel test. */
const SAMPLE_ROWS = 7

export const predictOutputs: KernelSpec<Inputs> = {
  name: 'predictOutputs',
  body: body as KernelSpec['body'],
  args: ['theta', 'x'],
  output: () => [SAMPLE_ROWS],
  reference,
  relTol: 1e-5,
  sampleInputs: (rng, c) => ({
    theta: sampleTheta(rng, c),
    x: normals(rng, SAMPLE_ROWS * c.d)
  })
}
