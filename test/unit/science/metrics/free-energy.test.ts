import { describe, expect, it } from 'vitest'
import { makeActivation } from '@shared/science/activations'
import { freeEnergy, freeEnergyOf } from '@shared/science/metrics/free-energy'
import { knnEntropy } from '@shared/science/metrics/knn-entropy'
import { l2Penalty } from '@shared/science/metrics/l2-penalty'
import { datasetRisk, populationRisk } from '@shared/science/metrics/risk-estimate'
import { trainedCoordinates } from '@shared/science/metrics/trained-coordinates'
import { risk } from '@shared/science/network'
import { allocParticles } from '@shared/science/particles'
import { Rng } from '@shared/science/rng'
import { twoGaussians } from '@shared/science/tasks/two-gaussians'

function smallNet() {
  const p = allocParticles(3, 2)
  p.a.set([1, -2, 0.5])
  p.b.set([0.1, 0, -0.3])
  p.w.set([1, 2, -1, 0, 0.5, 0.5])
  return p
}

describe('free energy parts', () => {
  it('L2 is (λ/2)·mean_i ‖θ_i‖² over the trained groups', () => {
    const p = smallNet()
    // Σ a² = 5.25, Σ b² = 0.1, Σ ‖w‖² = 5 + 1 + 0.5
    expect(l2Penalty(p, 2, { a: true, b: true, w: true })).toBeCloseTo((5.25 + 0.1 + 6.5) / 3, 14)
    expect(l2Penalty(p, 2, { a: false, b: false, w: true })).toBeCloseTo(6.5 / 3, 14)
    expect(l2Penalty(p, 0, { a: true, b: true, w: true })).toBe(0)
  })

  it('trainedCoordinates lays out a, b, w per particle', () => {
    const coords = trainedCoordinates(smallNet(), { a: true, b: false, w: true })
    expect(Array.from(coords)).toEqual([1, 1, 2, -2, -1, 0, 0.5, 0.5, 0.5])
  })

  it('F = ½R + L2 − H/β, and the entropy term vanishes at β = ∞', () => {
    const f = freeEnergy(0.8, 0.3, 2, 4)
    expect(f).toMatchObject({ energy: 0.4, l2: 0.3, entropy: 2, entropyTerm: -0.5 })
    expect(f.total).toBeCloseTo(0.2, 15)
    expect(freeEnergy(0.8, 0.3, NaN, Infinity).total).toBeCloseTo(0.7, 15)
  })

  it('freeEnergyOf assembles risk, L2 and the k-NN entropy of the trained coordinates', () => {
    const rng = new Rng(1, 'fe')
    const p = allocParticles(200, 2)
    rng.fillNormal(p.a)
    rng.fillNormal(p.w, 0, 0.5)
    const sigma = makeActivation({ kind: 'tanh' })
    const data = twoGaussians(2, 0.5).sample(new Rng(1, 'data'), 50)
    const groups = { a: true, b: false, w: true }
    const f = freeEnergyOf(p, { sigma, alpha: 1, data, lambda: 0.1, beta: 10, groups })
    expect(f.energy).toBeCloseTo(risk(p, sigma, 1, data) / 2, 14)
    expect(f.l2).toBeCloseTo(l2Penalty(p, 0.1, groups), 14)
    expect(f.entropy).toBeCloseTo(knnEntropy(trainedCoordinates(p, groups), 200, 3), 14)
    expect(f.total).toBeCloseTo(f.energy + f.l2 - f.entropy / 10, 14)
    expect(
      freeEnergyOf(p, { sigma, alpha: 1, data, lambda: 0.1, beta: Infinity, groups }).entropy
    ).toBeNaN()
  })
})

describe('risk estimates', () => {
  it('datasetRisk is the network risk with the standard error of the squared errors', () => {
    const p = smallNet()
    const sigma = makeActivation({ kind: 'relu' })
    const data = twoGaussians(2, 0.5).sample(new Rng(2, 'data'), 400)
    const est = datasetRisk(p, sigma, 1, data)
    expect(est.risk).toBeCloseTo(risk(p, sigma, 1, data), 14)
    expect(est.stdError).toBeGreaterThan(0)
    expect(est.stdError).toBeLessThan(est.risk)
  })

  it('populationRisk on two fresh sample sets agrees within the standard errors', () => {
    const p = smallNet()
    const sigma = makeActivation({ kind: 'relu' })
    const task = twoGaussians(2, 0.5)
    const a = populationRisk(p, sigma, 1, task, new Rng(3, 'pop'), 4000)
    const b = populationRisk(p, sigma, 1, task, new Rng(4, 'pop'), 4000)
    expect(Math.abs(a.risk - b.risk)).toBeLessThan(5 * Math.hypot(a.stdError, b.stdError))
  })
})
