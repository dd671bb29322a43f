import type { GaussianMoments } from '@shared/science/pde/gaussian-moments'
import { lowerGammaRatio, sampleInitialRadii } from '@shared/science/pde/radial-density'
import { makeRadialModel, type RadialModel } from '@shared/science/pde/radial-model'
import type { RadialPdeStepperOptions } from '@shared/science/pde/radial-pde'
import { Rng } from '@shared/science/rng'

/**
 * The radial PDE scheme as it was before the particle loop was made cheaper (the float64
 * reference the fast one must agree with): the cubic Hermite moment table evaluated per radius,
 * per τ and per order in its basis form (values and slopes of every order, from three separate
 * grids), the drift in two passes over a per-radius buffer of moments, RK4 or Euler–Maruyama in
 * the same order of operations; quantile radii by bisection of the χ_d CDF. Only the model's
 * moments, cosine coefficients, the CDF and sampled radii come from the engine (they were not
 * changed). Keep it as it is: it is what "unchanged" means.
 */

/** The N quantiles of (κ/√d)·χ_d at (i + ½)/N, by bisection to 1e-13 of the radius. */
export function referenceQuantileRadii(count: number, kappa: number, d: number): Float64Array {
  const out = new Float64Array(count)
  if (!Number.isFinite(d)) return out.fill(kappa)
  const scale = kappa / Math.sqrt(d)
  const cdf = (r: number) => lowerGammaRatio(d / 2, (r * r) / 2)
  let lo = 0
  const hi = Math.sqrt(d) + 12
  for (let i = 0; i < count; i++) {
    const p = (i + 0.5) / count
    let a = lo
    let b = hi
    for (let k = 0; k < 60 && b - a > 1e-13 * b; k++) {
      const m = 0.5 * (a + b)
      if (cdf(m) < p) a = m
      else b = m
    }
    lo = a
    out[i] = scale * 0.5 * (a + b)
  }
  return out
}

/** The moment table: cubic Hermite in basis form over three grids, all filled at construction. */
export class ReferenceMomentTable {
  private readonly h: number
  private readonly val: Float64Array[] = []
  private readonly der: Float64Array[] = []
  private readonly der2: Float64Array[] = []

  constructor(
    private readonly moments: GaussianMoments,
    readonly orders: number,
    readonly sMax: number,
    private readonly n = 2048
  ) {
    this.h = sMax / n
    for (let j = 0; j < orders; j++) {
      const k = 2 * j
      const v = new Float64Array(n + 1)
      const d1 = new Float64Array(n + 1)
      const d2 = new Float64Array(n + 1)
      for (let i = 0; i <= n; i++) {
        const s = i * this.h
        v[i] = moments.hermite(k, s)
        d1[i] = moments.hermiteDerivative(k, s)
        const eps = Math.max(1e-6 * s, 1e-7)
        const lo = Math.max(s - eps, 0)
        d2[i] =
          (moments.hermiteDerivative(k, s + eps) - moments.hermiteDerivative(k, lo)) /
          (s + eps - lo)
      }
      this.val.push(v)
      this.der.push(d1)
      this.der2.push(d2)
    }
  }

  evaluate(s: number, value: Float64Array, slope: Float64Array, offset = 0): void {
    if (!(s < this.sMax) || s < 0) {
      for (let j = 0; j < this.orders; j++) {
        value[offset + j] = this.moments.hermite(2 * j, s)
        slope[offset + j] = this.moments.hermiteDerivative(2 * j, s)
      }
      return
    }
    const x = s / this.h
    const i = Math.min(Math.floor(x), this.n - 1)
    const u = x - i
    const h = this.h
    const u2 = u * u
    const u3 = u2 * u
    const h00 = 2 * u3 - 3 * u2 + 1
    const h10 = u3 - 2 * u2 + u
    const h01 = -2 * u3 + 3 * u2
    const h11 = u3 - u2
    for (let j = 0; j < this.orders; j++) {
      const v = this.val[j]
      const d1 = this.der[j]
      const d2 = this.der2[j]
      value[offset + j] = h00 * v[i] + h10 * h * d1[i] + h01 * v[i + 1] + h11 * h * d1[i + 1]
      slope[offset + j] = h00 * d1[i] + h10 * h * d2[i] + h01 * d1[i + 1] + h11 * h * d2[i + 1]
    }
  }
}

export function referenceDrift(
  model: RadialModel,
  table: ReferenceMomentTable,
  radii: Float64Array,
  out: Float64Array,
  lambda: number,
  work: Float64Array
): void {
  const J = model.coefficients.length
  const n = radii.length
  const c = model.coefficients
  const size = 2 * n * J
  const val = work.subarray(0, size)
  const slope = work.subarray(size, 2 * size)
  const field = new Float64Array(2 * J)
  for (let i = 0; i < n; i++)
    for (let t = 0; t < 2; t++) {
      const o = (2 * i + t) * J
      table.evaluate(model.taus[t] * radii[i], val, slope, o)
      for (let j = 0; j < J; j++) field[t * J + j] += val[o + j] / n
    }
  for (let i = 0; i < n; i++) {
    let dpsi = lambda * radii[i]
    for (let t = 0; t < 2; t++) {
      const o = (2 * i + t) * J
      let g = (t === 0 ? -0.5 : 0.5) * slope[o]
      for (let j = 0; j < J; j++) g += 0.5 * c[j] * field[t * J + j] * slope[o + j]
      dpsi += model.taus[t] * g
    }
    out[i] = -2 * dpsi
  }
}

export function referenceRisk(
  model: RadialModel,
  table: ReferenceMomentTable,
  radii: Float64Array
): number {
  const J = model.coefficients.length
  const field = new Float64Array(2 * J)
  const val = new Float64Array(J)
  const slope = new Float64Array(J)
  for (let t = 0; t < 2; t++) {
    for (let i = 0; i < radii.length; i++) {
      table.evaluate(model.taus[t] * radii[i], val, slope)
      for (let j = 0; j < J; j++) field[t * J + j] += val[j]
    }
    for (let j = 0; j < J; j++) field[t * J + j] /= radii.length
  }
  let r = 1 - (field[0] - field[J])
  for (let t = 0; t < 2; t++)
    for (let j = 0; j < J; j++) r += 0.5 * model.coefficients[j] * field[t * J + j] ** 2
  return r
}

/** The reference stepper: advanceTo, risk and radii as createRadialPdeStepper had them. */
export function referenceRadialPdeStepper(opts: RadialPdeStepperOptions) {
  const d = opts.d ?? Infinity
  const beta = opts.beta ?? Infinity
  const lambda = opts.lambda ?? 0
  const noisy = Number.isFinite(beta)
  const diffusion = opts.diffusion ?? 2 / beta
  const r =
    opts.initialRadii === 'quantiles'
      ? referenceQuantileRadii(opts.radii, opts.kappa, d)
      : sampleInitialRadii(opts.radii, opts.kappa, d, new Rng(opts.seed, 'pde-init'))
  let rMax = 0
  for (const x of r) rMax = Math.max(rMax, x)
  const model = makeRadialModel({
    activation: opts.activation,
    delta: opts.delta,
    d: opts.finiteD ? d : undefined,
    sMax: Math.max(16, 4 * (1 + opts.delta) * rMax)
  })
  const table = new ReferenceMomentTable(model.moments, model.coefficients.length, model.table.sMax)
  const noise = new Rng(opts.seed, 'pde-noise')
  const n = r.length
  const [k1, k2, k3, k4, tmp] = Array.from({ length: 5 }, () => new Float64Array(n))
  const work = new Float64Array(4 * n * model.coefficients.length)
  const drift = (x: Float64Array, out: Float64Array) =>
    referenceDrift(model, table, x, out, lambda, work)
  const rk4 = (h: number) => {
    drift(r, k1)
    for (let i = 0; i < n; i++) tmp[i] = Math.abs(r[i] + 0.5 * h * k1[i])
    drift(tmp, k2)
    for (let i = 0; i < n; i++) tmp[i] = Math.abs(r[i] + 0.5 * h * k2[i])
    drift(tmp, k3)
    for (let i = 0; i < n; i++) tmp[i] = Math.abs(r[i] + h * k3[i])
    drift(tmp, k4)
    for (let i = 0; i < n; i++)
      r[i] = Math.abs(r[i] + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]))
  }
  const eulerMaruyama = (h: number) => {
    drift(r, k1)
    const amp = Math.sqrt(2 * diffusion * h)
    const ito = diffusion * (d - 1)
    for (let i = 0; i < n; i++)
      r[i] = Math.abs(r[i] + h * (k1[i] + ito / r[i]) + amp * noise.normal())
  }
  let t = 0
  return {
    get t() {
      return t
    },
    advanceTo(target: number) {
      while (target - t > 1e-12 * Math.max(1, target)) {
        const h = Math.min(opts.dt, target - t)
        if (noisy) eulerMaruyama(h)
        else rk4(h)
        t += h
      }
      t = Math.max(t, target)
    },
    risk: () => referenceRisk(model, table, r),
    radii: () => r
  }
}
