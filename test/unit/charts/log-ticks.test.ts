import { describe, expect, it } from 'vitest'
import { logTickLabel } from '@shared/charts/log-ticks'

describe('logTickLabel', () => {
  it('labels 1, 2 and 5 times a power of ten in their shortest form', () => {
    expect([1, 0.5, 0.2, 0.1, 0.05, 0.001, 2000, 10000].map((v) => logTickLabel(v))).toEqual([
      '1',
      '0.5',
      '0.2',
      '0.1',
      '0.05',
      '0.001',
      '2000',
      '10000'
    ])
    expect([5e-8, 1e-7, 2e5, 1e-4].map((v) => logTickLabel(v))).toEqual([
      '5e-8',
      '1e-7',
      '2e5',
      '1e-4'
    ])
  })

  it('leaves the other ticks of a decade unlabelled, and anything not positive', () => {
    expect([3, 0.4, 7e-6, 0.09, 0, -1, Number.NaN].map((v) => logTickLabel(v))).toEqual(
      Array(7).fill('')
    )
  })

  it('survives the rounding of the values chart.js computes', () => {
    expect(logTickLabel(0.30000000000000004 / 3)).toBe('0.1')
    expect(logTickLabel(5.000000000000001e-8)).toBe('5e-8')
    expect(logTickLabel(1.9999999999999998)).toBe('2')
  })
})

describe('logTickLabel on a short axis', () => {
  it('labels every tick with two digits when fewer than two round ticks fall on the axis', () => {
    const ticks = [0.3, 0.4, 0.5, 0.6].map((value) => ({ value }))
    expect(ticks.map((t, i) => logTickLabel(t.value, i, ticks))).toEqual([
      '0.3',
      '0.4',
      '0.5',
      '0.6'
    ])
    const tiny = [3.1e-6, 3.5e-6, 4.2e-6].map((value) => ({ value }))
    expect(tiny.map((t, i) => logTickLabel(t.value, i, tiny))).toEqual([
      '3.1e-6',
      '3.5e-6',
      '4.2e-6'
    ])
  })

  it('keeps the 1-2-5 labels when the axis holds two or more of them', () => {
    const ticks = [0.1, 0.2, 0.3, 0.5, 0.7, 1].map((value) => ({ value }))
    expect(ticks.map((t, i) => logTickLabel(t.value, i, ticks))).toEqual([
      '0.1',
      '0.2',
      '',
      '0.5',
      '',
      '1'
    ])
  })

  it('labels only the powers of ten across more than three decades', () => {
    const ticks = [1e-6, 2e-6, 5e-6, 1e-5, 1e-4, 5e-4, 1e-3, 0.01, 0.02, 1].map((value) => ({
      value
    }))
    expect(ticks.map((t, i) => logTickLabel(t.value, i, ticks))).toEqual([
      '1e-6',
      '',
      '',
      '1e-5',
      '1e-4',
      '',
      '0.001',
      '0.01',
      '',
      '1'
    ])
  })
})
