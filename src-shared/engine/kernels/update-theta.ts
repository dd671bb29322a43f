import type { IKernelFunctionThis } from 'gpu.js'
import { philoxNormal as referenceNormal } from '../../science/philox'
import { actSlope, actValue } from './activation-functions'
import { philoxNormal } from './philox-normal'
import { residuals } from './residuals'
import {
  noiseScale,
  normals,
  referenceActivation,
  sampleTheta,
  type KernelSpec,
  type StepConstants
} from './kernel-spec'

type Inputs = {
  theta: Float32Array
  pre: Float32Array
  r: Float32Array
  x: Float32Array
  row0: number
  stepSizes: Float32Array
  s: number
  g: Float32Array
  stepLo: number
  stepHi: number
}

/**
 * One whole step of science/sgd-step.ts on packed θ = [w | b | a] (one launch for a, b and w),
 * with s_k = stepSizes[s], old a_i, decay 1 − 2 s_k λ and gain 2 s_k / (α B):
 * - w_ij ← decay·w_ij + gain·a_i Σ_k r_k σ′(pre[k·M + i]) x_{row0+k, j} + √(c s_k/β) g,
 * - b_i ← decay·b_i + gain·a_i Σ_k r_k σ′(pre[k·M + i]) + √(c s_k/β) g,
 * - a_i ← decay·a_i + gain·Σ_k r_k σ(pre[k·M + i]) + √(c s_k/β) g.
 * A group that does not train keeps its value. g: the Philox normal of step stepLo + s +
 * 65536·stepHi (deviceNoise = 1), or the host normal in g (see StepConstants). Output M·(d+2).
 * With residualInside = 1 (batch 1) r holds the labels y and each thread sums its sample's
 * residual r_0 = y_{row0} − (α/M) Σ_j a_j σ(pre[j]) first, as the residuals kernel would: one launch
 * fewer a step, at M serial terms per thread (the residuals kernel's one thread does the same).
 */
function body(
  this: IKernelFunctionThis<StepConstants>,
  theta: number[],
  pre: number[],
  r: number[],
  x: number[],
  row0: number,
  stepSizes: number[],
  s: number,
  g: number[],
  stepLo: number,
  stepHi: number
): number {
  const e = this.thread.x
  const m = this.constants.m
  const d = this.constants.d
  const md = m * d
  let i = 0
  let coord = 0
  let host = 0
  let trains = this.constants.trainW
  if (e < md) {
    i = Math.floor(e / d)
    coord = e - i * d
    host = 2 * m + e
  } else if (e < md + m) {
    i = e - md
    coord = d
    host = m + i
    trains = this.constants.trainB
  } else {
    i = e - md - m
    coord = d + 1
    host = i
    trains = this.constants.trainA
  }
  if (trains === 0) return theta[e]
  const st = stepSizes[s]
  let r0 = 0
  if (this.constants.residualInside > 0) {
    let f = 0
    for (let j = 0; j < m; j++)
      f +=
        theta[md + m + j] *
        actValue(
          pre[j],
          this.constants.act,
          this.constants.kt0,
          this.constants.ks0,
          this.constants.kt1,
          this.constants.ks1
        )
    r0 = r[row0] - (this.constants.alpha / m) * f
  }
  let grad = 0
  if (coord === d + 1) {
    for (let k = 0; k < this.constants.batch; k++)
      grad +=
        (this.constants.residualInside > 0 ? r0 : r[k]) *
        actValue(
          pre[k * m + i],
          this.constants.act,
          this.constants.kt0,
          this.constants.ks0,
          this.constants.kt1,
          this.constants.ks1
        )
  } else {
    for (let k = 0; k < this.constants.batch; k++) {
      let v =
        (this.constants.residualInside > 0 ? r0 : r[k]) *
        actSlope(
          pre[k * m + i],
          this.constants.act,
          this.constants.kt0,
          this.constants.ks0,
          this.constants.kt1,
          this.constants.ks1
        )
      if (coord < d) v = v * x[(row0 + k) * d + coord]
      grad += v
    }
    grad = grad * theta[md + m + i]
  }
  let noise = 0
  if (this.constants.invBeta > 0) {
    let z = 0
    if (this.constants.deviceNoise > 0)
      z = philoxNormal(
        this.constants.seedLo,
        this.constants.seedHi,
        stepLo + s,
        stepHi,
        i,
        coord,
        -1
      )
    else z = g[s * m * (d + 2) + host]
    noise = Math.sqrt(this.constants.noiseFactor * st * this.constants.invBeta) * z
  }
  return (
    (1 - 2 * st * this.constants.lambda) * theta[e] +
    ((2 * st) / (this.constants.alpha * this.constants.batch)) * grad +
    noise
  )
}

function reference(v: Inputs, c: StepConstants): Float64Array {
  const sigma = referenceActivation(c)
  const st = v.stepSizes[v.s]
  const { m, d } = c
  const md = m * d
  const step = v.stepLo + v.s + 65536 * v.stepHi
  const seed = c.seedLo + 65536 * c.seedHi
  const out = Float64Array.from(v.theta)
  const z = (i: number, coord: number, host: number) => {
    if (c.invBeta === 0) return 0
    const g = c.deviceNoise ? referenceNormal(seed, step, i, coord) : v.g[v.s * m * (d + 2) + host]
    return noiseScale(st, c) * g
  }
  const gain = (2 * st) / (c.alpha * c.batch)
  const decay = 1 - 2 * st * c.lambda
  // the residuals, or (residualInside, batch 1) the one the kernel sums from the labels in r:
  // the residuals kernel's own reference
  const res: ArrayLike<number> = c.residualInside
    ? residuals.reference({ theta: v.theta, pre: v.pre, y: v.r, row0: v.row0 }, c)
    : v.r
  for (let i = 0; i < m; i++) {
    const a = v.theta[md + m + i]
    let ga = 0
    let gb = 0
    const gw = new Float64Array(d)
    for (let k = 0; k < c.batch; k++) {
      const t = v.pre[k * m + i]
      ga += res[k] * sigma.value(t)
      const slope = res[k] * sigma.derivative(t)
      gb += slope
      for (let j = 0; j < d; j++) gw[j] += slope * v.x[(v.row0 + k) * d + j]
    }
    if (c.trainW)
      for (let j = 0; j < d; j++)
        out[i * d + j] = decay * v.theta[i * d + j] + gain * a * gw[j] + z(i, j, 2 * m + i * d + j)
    if (c.trainB) out[md + i] = decay * v.theta[md + i] + gain * a * gb + z(i, d, m + i)
    if (c.trainA) out[md + m + i] = decay * a + gain * ga + z(i, d + 1, i)
  }
  return out
}

export const updateTheta: KernelSpec<Inputs> = {
  name: 'updateTheta',
  body: body as KernelSpec['body'],
  args: ['theta', 'pre', 'r', 'x', 'row0', 'stepSizes', 's', 'g', 'stepLo', 'stepHi'],
  output: (c) => [c.m * (c.d + 2)],
  reference,
  relTol: 1e-5,
  sampleInputs: (rng, c) => ({
    theta: sampleTheta(rng, c),
    pre: normals(rng, c.batch * c.m, 1, 0.8),
    // residuals (k < batch), or with residualInside the labels, read at row0
    r: normals(rng, c.batch + 1),
    x: normals(rng, (c.batch + 1) * c.d),
    row0: 1,
    stepSizes: Float32Array.of(0.01, 0.05),
    s: 1,
    g: normals(rng, 2 * c.m * (c.d + 2)),
    // a step past 2^16 so the counter's high half is used
    stepLo: 65530,
    stepHi: 3
  })
}
