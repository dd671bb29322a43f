import { describe, expect, it } from 'vitest'
import { LIGHT_THEME } from '@shared/charts/chart-theme'
import { bandOf, groupBySetting, settingLabel, studyBandConfig } from '@shared/charts/study-bands'
import { spreadByWidth, spreadChartConfig, spreadSlope } from '@shared/charts/spread-summary'

const run = (label: string, risk: number[]) => ({
  label,
  series: { time: risk.map((_, i) => i), risk }
})

describe('study bands', () => {
  it('groups a variant study by setting, whatever the seed', () => {
    expect(settingLabel('M = 25, seed 3')).toBe('M = 25')
    expect(settingLabel('seed 2')).toBe('all runs')
    expect(settingLabel('small κ, β = 100')).toBe('small κ, β = 100')
    const groups = groupBySetting([
      run('M = 25, seed 1', [1]),
      run('M = 100, seed 1', [1]),
      run('M = 25, seed 2', [1])
    ])
    expect(groups.map((g) => [g.label, g.runs.length])).toEqual([
      ['M = 25', 2],
      ['M = 100', 1]
    ])
  })

  it('draws one colour per setting: a mean line and a ± sd band for several seeds', () => {
    const groups = groupBySetting([
      run('A, seed 1', [1, 2]),
      run('A, seed 2', [3, 4]),
      run('B, seed 1', [5, 6])
    ])
    const b = bandOf(groups[0], 'risk', 'time')
    expect(b.mean).toEqual([2, 3])
    expect(b.sd[0]).toBeCloseTo(Math.SQRT2)
    const config = studyBandConfig(LIGHT_THEME, groups, 'risk', 'time', false, 'risk')
    const labels = config.data.datasets.map((d) => d.label)
    // A: two band edges (no legend text) and its mean; B: its one line
    expect(labels).toEqual(['', '', 'A (mean ± sd of 2 seeds)', 'B'])
    expect(config.data.datasets[1].fill).toBe('-1')
    expect(config.data.datasets[2].borderColor).not.toBe(config.data.datasets[3].borderColor)
  })
})

describe('spread against width', () => {
  it('measures the across-seed spread per width and fits its log–log slope', () => {
    // spread ∝ 1/√M by construction: seeds at ±c/√M around 1
    const runs = [25, 100, 400].flatMap((m) =>
      [-1, 1].map((sgn, s) =>
        run(`M = ${m}, seed ${s + 1}`, [
          1 + (sgn * 0.5) / Math.sqrt(m),
          1 + (sgn * 0.5) / Math.sqrt(m)
        ])
      )
    )
    const widths: Record<string, number> = { 'M = 25': 25, 'M = 100': 100, 'M = 400': 400 }
    const pts = spreadByWidth(groupBySetting(runs), (s) => widths[s] ?? null)
    expect(pts.map((p) => p.width)).toEqual([25, 100, 400])
    expect(spreadSlope(pts)).toBeCloseTo(-0.5, 6)
    const config = spreadChartConfig(LIGHT_THEME, pts)
    expect(config.data.datasets[1].label).toBe('fitted slope −0.50')
    expect(config.data.datasets[2].label).toBe('theory slope −½')
  })
})

describe('final risk against width', () => {
  it('draws one line per regime through the seeds’ mean final values', async () => {
    const { finalByWidth, regimeOf } = await import('@shared/charts/spread-summary')
    expect(regimeOf('NTK, M = 100')).toBe('NTK')
    expect(regimeOf('M = 25')).toBe('')
    const runs = [
      run('NTK, M = 10, seed 1', [1, 0.2]),
      run('NTK, M = 10, seed 2', [1, 0.4]),
      run('NTK, M = 100, seed 1', [1, 0.5]),
      run('mean-field, M = 10, seed 1', [1, 0.01]),
      run('mean-field, M = 100, seed 1', [1, 0.02])
    ]
    const widths = (s: string) => Number(/M = (\d+)/.exec(s)?.[1] ?? NaN) || null
    const lines = finalByWidth(groupBySetting(runs), widths)
    expect(lines.map((l) => l.regime)).toEqual(['NTK', 'mean-field'])
    expect(lines[0].points.map((p) => [p.width, p.seeds])).toEqual([
      [10, 2],
      [100, 1]
    ])
    expect(lines[0].points[0].mean).toBeCloseTo(0.3)
    expect(lines[1].points[1].mean).toBeCloseTo(0.02)
  })
})
