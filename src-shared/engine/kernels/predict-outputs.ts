import type { IKernelFunctionThis } from 'gpu.js'
import { actValue } from './activation-functions'
import { normals, referenceActivation, type KernelSpec, type StepConstants } from './kernel-spec'

type Inputs = { w: Float32Array; b: Float32Array; a: Float32Array; x: Float32Array }

/** f(x_k) = (α/M) Σ_i a_i σ(b_i + ⟨w_i, x_k⟩) for each row k of x (docs/science.md#model). Output: rows of x. */
function body(
  this: IKernelFunctionThis<StepConstants>,
  w: number[],
  b: number[],
  a: number[],
  x: number[]
): number {
  const k = this.thread.x
  let f = 0
  for (let i = 0; i < this.constants.m; i++) {
    let t = b[i]
    for (let j = 0; j < this.constants.d; j++)
      t += w[i * this.constants.d + j] * x[k * this.constants.d + j]
    f +=
      a[i] *
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
      let t = v.b[i]
      for (let j = 0; j < c.d; j++) t += v.w[i * c.d + j] * v.x[k * c.d + j]
      f += v.a[i] * sigma.value(t)
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
  args: ['w', 'b', 'a', 'x'],
  output: () => [SAMPLE_ROWS],
  reference,
  relTol: 1e-5,
  sampleInputs: (rng, c) => ({
    w: normals(rng, c.m * c.d, 1 / Math.sqrt(c.d)),
    b: normals(rng, c.m, 0.5),
    a: normals(rng, c.m),
    x: normals(rng, SAMPLE_ROWS * c.d)
  })
}
