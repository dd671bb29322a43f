import { describe, expect, it } from 'vitest'
import { makeActivation } from '@shared/science/activations'
import { linearisedPredict, linearisedStep } from '@shared/science/dynamics/linearised'
import { predict } from '@shared/science/network'
import { allocParticles, cloneParticles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'
import { sgdStep } from '@shared/science/sgd-step'
import { singleIndex } from '@shared/science/tasks/single-index'

const d = 5
const n = 20
const sigma = makeActivation({ kind: 'tanh' })
const task = singleIndex(
  { d, link: makeActivation({ kind: 'relu' }), inputs: 'gaussian', noiseStd: 0 },
  1
)
const data = task.sample(new Rng(1, 'train'), n)
const test = task.sample(new Rng(1, 'test'), 50)

function init(m: number) {
  const p = allocParticles(m, d)
  const rng = new Rng(2, 'init')
  rng.fillNormal(p.a, 0, 1)
  rng.fillNormal(p.w, 0, 1)
  rng.fillNormal(p.b, 0, 0.5)
  return p
}

describe('linearised network f_lin(x; θ) = f(x; θ0) + ∇f(x; θ0)·(θ − θ0)', () => {
  it('equals f at θ0 and agrees with f to first order (error O(‖θ − θ0‖²))', () => {
    const theta0 = init(30)
    const f0 = predict(theta0, sigma, 1, test.x, test.n)
    const l0 = linearisedPredict(theta0, theta0, sigma, 1, test.x, test.n)
    for (let i = 0; i < test.n; i++) expect(l0[i]).toBeCloseTo(f0[i], 14)
    const dir = init(30)
    new Rng(9, 'dir').fillNormal(dir.a)
    const errAt = (eps: number) => {
      const th = cloneParticles(theta0)
      for (const key of ['a', 'b', 'w'] as const)
        for (let i = 0; i < th[key].length; i++) th[key][i] += eps * dir[key][i]
      const f = predict(th, sigma, 1, test.x, test.n)
      const l = linearisedPredict(th, theta0, sigma, 1, test.x, test.n)
      return Math.max(...f.map((v, i) => Math.abs(v - l[i])))
    }
    // halving the displacement quarters the error
    const ratio = errAt(1e-2) / errAt(5e-3)
    expect(ratio).toBeGreaterThan(3.6)
    expect(ratio).toBeLessThan(4.4)
  })

  it('its first step from θ0 is exactly the real network’s step', () => {
    const p = init(25)
    const theta0 = cloneParticles(p)
    const lin = cloneParticles(p)
    const params = {
      alpha: 1,
      stepSize: 0.03,
      lambda: 0.01,
      beta: Infinity,
      train: { a: true, b: true, w: true }
    }
    sgdStep(p, sigma, data.x, data.y, n, params)
    linearisedStep(lin, theta0, sigma, data.x, data.y, n, params)
    for (const key of ['a', 'b', 'w'] as const)
      for (let i = 0; i < p[key].length; i++) expect(lin[key][i]).toBeCloseTo(p[key][i], 13)
  })

  /*
   * Along GD (a and w trained, fixed biases b ~ N(0, 0.5²), s = 0.05, 200 steps, tanh, single-index
   * ReLU target, n = 20), the distance between the real and the linearised network relative to how
   * far f moved, ‖f_t − f_lin,t‖/‖f_t − f_0‖ on 50 test points. Measured: NTK scaling α = √M:
   * 0.0092 (M = 100), 0.0031 (M = 400), 0.0009 (M = 1600); mean-field α = 1: 0.170 (M = 100), 0.113
   * (M = 400), 0.117 (M = 1600). Relative movement ‖w_t − w_0‖/‖w_0‖: NTK 0.071/0.032/0.019, MF
   * 0.42/0.39/0.41. Train risk after 200 steps 0.05–0.09 in both scalings.
   */
  function gap(m: number, alpha: number): number {
    const p = init(m)
    const theta0 = cloneParticles(p)
    const lin = cloneParticles(p)
    const params = {
      alpha,
      stepSize: 0.05,
      lambda: 0,
      beta: Infinity,
      train: { a: true, b: false, w: true }
    }
    const f0 = predict(theta0, sigma, alpha, test.x, test.n)
    for (let t = 0; t < 200; t++) {
      sgdStep(p, sigma, data.x, data.y, n, params)
      linearisedStep(lin, theta0, sigma, data.x, data.y, n, params)
    }
    const f = predict(p, sigma, alpha, test.x, test.n)
    const l = linearisedPredict(lin, theta0, sigma, alpha, test.x, test.n)
    let num = 0
    let den = 0
    for (let i = 0; i < test.n; i++) {
      num += (f[i] - l[i]) ** 2
      den += (f[i] - f0[i]) ** 2
    }
    return Math.sqrt(num / den)
  }

  it('stays close to the real network at large width in NTK scaling, not in mean-field', () => {
    const ntkSmall = gap(100, Math.sqrt(100))
    const ntkLarge = gap(400, Math.sqrt(400))
    const meanField = gap(400, 1)
    expect(ntkLarge).toBeLessThan(0.01)
    expect(ntkLarge).toBeLessThan(0.5 * ntkSmall)
    expect(meanField).toBeGreaterThan(0.05)
    expect(meanField).toBeGreaterThan(10 * ntkLarge)
  })
})
