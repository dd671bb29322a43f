import { describe, expect, it } from 'vitest'
import { keyChartOf, referenceLines } from '@shared/charts/key-charts'
import { metricAxisTitle, metricLabel, METRIC_LABELS } from '@shared/charts/metric-labels'
import { OBSERVABLE_COLUMNS } from '@shared/observe/observable-columns'
import { presetSpec } from '@shared/spec/presets'

describe('metric labels', () => {
  it('names every observable column and the engine columns in words', () => {
    const columns = [
      ...Object.values(OBSERVABLE_COLUMNS).flat(),
      'risk',
      'trainRisk',
      'cleanRisk',
      'meanNormW',
      'l2'
    ]
    for (const c of columns) {
      expect(METRIC_LABELS[c], c).toBeDefined()
      expect(metricLabel(c)).not.toBe(c)
    }
    expect(metricLabel('ntkLambdaMin')).toBe('Smallest NTK eigenvalue λ_min(H)')
    expect(metricAxisTitle('freeEnergy')).toMatch(/^Free energy \(/)
  })

  it('splits an unknown column into words', () => {
    expect(metricLabel('someNewThing')).toBe('Some new thing')
  })
})

describe('key charts', () => {
  it('gives each guided experiment the chart its lesson watches', () => {
    expect(keyChartOf({ preset: 'ntk-gram' })).toEqual({ kind: 'metric', metric: 'ntkLambdaMin' })
    expect(keyChartOf({ preset: 'mmn-two-gaussians' })).toEqual({ kind: 'histogram' })
    expect(keyChartOf({ preset: undefined })).toEqual({ kind: 'histogram' })
  })

  it('draws λ0/2 under λ_min(H) and the exponential bound over the NTK train risk', () => {
    const spec = presetSpec('ntk-gram')
    const cols: Record<string, number[]> = {
      time: [0, 10, 20],
      ntkLambda0: [0.3, 0.3, 0.3],
      ntkLambdaMin: [0.32, 0.31, 0.31],
      trainRisk: [0.5, 0.2, 0.1]
    }
    const read = (k: string) => cols[k]
    const [half] = referenceLines('ntkLambdaMin', spec, read)
    expect(half.label).toBe('λ0/2')
    expect(half.y(5)).toBeCloseTo(0.15)
    const [bound] = referenceLines('trainRisk', spec, read)
    const n = spec.task.trainSize
    expect(bound.y(0)).toBeCloseTo(0.5)
    expect(bound.y(10)).toBeCloseTo(0.5 * Math.exp((-2 * 0.3 * 10) / n))
    // without λ0 there is nothing to draw
    expect(referenceLines('ntkLambdaMin', spec, () => undefined)).toEqual([])
  })

  it('draws the Ornstein–Uhlenbeck level 1/(βλ) only for noisy runs with weight decay', () => {
    const spec = presetSpec('langevin-free-energy')
    const noisy = { ...spec, dynamics: { ...spec.dynamics, beta: 40, lambda: 0.1 } }
    const [ou] = referenceLines('wMeanSquare', noisy, () => undefined)
    expect(ou.y(3)).toBeCloseTo(0.25)
    const cold = { ...spec, dynamics: { ...spec.dynamics, beta: null, lambda: 0.1 } }
    expect(referenceLines('wMeanSquare', cold, () => undefined)).toEqual([])
  })
})

describe('histogram ticks', () => {
  it('label round values at the bins that hold them, not the bin centres', async () => {
    const { niceBinTicks, binCenters } = await import('@shared/charts/histogram-chart')
    const edges = Array.from({ length: 41 }, (_, i) => 0.06 + (4.76 * i) / 40)
    const ticks = niceBinTicks(binCenters(edges))
    expect(ticks.filter((t) => t !== '')).toEqual(['1', '2', '3', '4'])
    // each label sits in the bin that holds its value
    const i = ticks.indexOf('2')
    expect(edges[i]).toBeLessThanOrEqual(2)
    expect(edges[i + 1]).toBeGreaterThan(2)
  })
})
