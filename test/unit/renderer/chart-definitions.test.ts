import { describe, expect, it } from 'vitest'
import { experimentSpec } from '@shared/spec/experiment-spec'
import { presetSpec } from '@shared/spec/presets'
import { LIGHT_THEME } from '@shared/charts/chart-theme'
import {
  compareChartConfig,
  differingParams,
  legendLabel,
  sessionLegends
} from '@shared/charts/compare-chart'
import {
  binCenters,
  binFractions,
  fillHistogram,
  histogramChartConfig,
  PARTICLES_LABEL,
  PDE_HISTOGRAM_LABEL
} from '@shared/charts/histogram-chart'
import { writeParticlePoints } from '@shared/charts/particle-scatter-chart'
import {
  fillLineChart,
  lineChartConfig,
  PDE_RISK_LINE,
  pdeRiskLine,
  RISK_LINES
} from '@shared/charts/risk-chart'
import { writePoints, type XYPoint } from '@shared/charts/xy-point'

describe('chart definitions (shared with the headless report)', () => {
  it('line config is set up for in-place, non-animated updates', () => {
    const c = lineChartConfig({
      theme: LIGHT_THEME,
      lines: RISK_LINES,
      xKey: 'time',
      logScale: true
    })
    expect(c.options?.animation).toBe(false)
    expect(c.options?.parsing).toBe(false)
    expect(c.options?.plugins?.decimation?.enabled).toBe(true)
    expect(c.options?.scales?.y?.type).toBe('logarithmic')
    expect(c.data.datasets).toHaveLength(2)
  })

  it('writePoints reuses point objects and only appends past the end', () => {
    const pts: XYPoint[] = []
    writePoints(pts, [0, 1, 2], [3, 4, 5], 0, 2, false)
    const first = pts[0]
    writePoints(pts, [0, 1, 2], [3, 4, 5], 0, 3, false)
    expect(pts[0]).toBe(first)
    expect(pts.map((p) => p.y)).toEqual([3, 4, 5])
  })

  it('fillLineChart hides a line whose column is missing', () => {
    const c = lineChartConfig({
      theme: LIGHT_THEME,
      lines: RISK_LINES,
      xKey: 'step',
      logScale: false
    })
    fillLineChart(c, { step: [0, 10], risk: [1, 0.5] }, RISK_LINES, 'step', false)
    expect(c.data.datasets[0].hidden).toBe(true)
    expect(c.data.datasets[1].data).toEqual([
      { x: 0, y: 1 },
      { x: 10, y: 0.5 }
    ])
  })

  it('histogram: centres, fractions that sum to one', () => {
    expect(binCenters([0, 1, 3])).toEqual([0.5, 2])
    const f = binFractions([1, 3, 4])
    expect(f.reduce((s, x) => s + x, 0)).toBeCloseTo(1)
    const c = histogramChartConfig(LIGHT_THEME)
    fillHistogram(c, { step: 5, edges: [0, 0.5, 1], counts: [2, 6] }, LIGHT_THEME)
    expect(c.data.labels).toHaveLength(2)
    expect(c.data.datasets[0].data).toEqual([0.25, 0.75])
    expect(c.data.datasets).toHaveLength(1)
  })

  it('histogram: the PDE line is drawn over the bars iff the histogram has pdeCounts', () => {
    const c = histogramChartConfig(LIGHT_THEME)
    const h = { step: 5, edges: [0, 0.5, 1, 1.5], counts: [2, 6, 2], pdeCounts: [1, 2, 7] }
    fillHistogram(c, h, LIGHT_THEME)
    expect(c.data.datasets.map((d) => d.label)).toEqual([PARTICLES_LABEL, PDE_HISTOGRAM_LABEL])
    const line = c.data.datasets[1] as unknown as { type: string; data: number[] }
    expect(line.type).toBe('line')
    expect(line.data).toHaveLength(3)
    expect(line.data[2]).toBeCloseTo(0.7, 12)
    expect(c.options?.plugins?.legend?.display).toBe(true)
    // The next histogram without PDE counts drops the line again (a live chart is refilled in place).
    fillHistogram(c, { step: 6, edges: h.edges, counts: [1, 1, 2] }, LIGHT_THEME)
    expect(c.data.datasets).toHaveLength(1)
    expect(c.options?.plugins?.legend?.display).toBe(false)
    // PDE counts on other bins than the histogram's are not drawn.
    fillHistogram(c, { ...h, pdeCounts: [1, 2] }, LIGHT_THEME)
    expect(c.data.datasets).toHaveLength(1)
  })

  it('risk chart: the PDE risk line is dashed and labelled, and hidden without a pdeRisk column', () => {
    // labelled with the kernel the overlay integrates: the finite-d one of the run
    const lines = [...RISK_LINES, pdeRiskLine(presetSpec('mmn-two-gaussians'))]
    const c = lineChartConfig({ theme: LIGHT_THEME, lines, xKey: 'step', logScale: false })
    const pde = c.data.datasets[2] as { label?: string; borderDash?: number[] }
    expect(pde.label).toBe('PDE, d = 40')
    expect(pdeRiskLine(null)).toBe(PDE_RISK_LINE)
    expect(pde.borderDash?.length).toBeGreaterThan(0)
    expect((c.data.datasets[1] as { borderDash?: number[] }).borderDash).toBeUndefined()
    fillLineChart(c, { step: [0, 1], risk: [1, 0.5] }, lines, 'step', false)
    expect(c.data.datasets[2].hidden).toBe(true)
    fillLineChart(c, { step: [0, 1], risk: [1, 0.5], pdeRisk: [1, 0.6] }, lines, 'step', false)
    expect(c.data.datasets[2].hidden).toBe(false)
    expect(c.data.datasets[2].data.map((p) => p.y)).toEqual([1, 0.6])
  })

  it('particle points: w_j vs w_k from the row-major matrix, and a vs ‖w‖', () => {
    const p = { m: 2, d: 3, a: [5, 6], b: [0, 0], w: [1, 2, 2, 0, 3, 4] }
    const pts: XYPoint[] = []
    writeParticlePoints(pts, p, { kind: 'w', j: 0, k: 2 })
    expect(pts).toEqual([
      { x: 1, y: 2 },
      { x: 0, y: 4 }
    ])
    writeParticlePoints(pts, p, { kind: 'a-norm' })
    expect(pts).toEqual([
      { x: 3, y: 5 },
      { x: 5, y: 6 }
    ])
  })

  it('compare legends name only the parameters that differ', () => {
    const a = experimentSpec.parse({ title: 'one', model: { width: 100 } })
    const b = experimentSpec.parse({ title: 'two', model: { width: 1000 }, dynamics: { beta: 50 } })
    const paths = differingParams([a, b])
    expect(paths).toEqual(['dynamics.beta', 'model.width'])
    expect(legendLabel(a, paths, 'x')).toBe('beta=∞, width=100')
    expect(legendLabel(b, paths, 'x')).toBe('beta=50, width=1000')
    expect(legendLabel(a, [], 'fallback')).toBe('fallback')
    // sessions named by title, and by their differing settings where titles repeat
    const names: Record<string, string> = { 'model.width': 'Width M' }
    expect(
      sessionLegends(
        [
          { title: 'Run', spec: a },
          { title: 'Run', spec: b },
          { title: 'Other', spec: b }
        ],
        paths,
        (p) => names[p] ?? null
      )
    ).toEqual([
      'Run (Width M = 100, dynamics.beta = ∞)',
      'Run (Width M = 1000, dynamics.beta = 50)',
      'Other'
    ])
    const c = compareChartConfig(
      LIGHT_THEME,
      [
        { label: 'A', columns: { time: [0, 1], risk: [1, 0.5] } },
        { label: 'B', columns: { time: [0, 1] } }
      ],
      'risk',
      'time',
      false
    )
    expect(c.data.datasets.map((d) => d.label)).toEqual(['A', 'B'])
    expect(c.data.datasets[1].hidden).toBe(true)
  })
})
