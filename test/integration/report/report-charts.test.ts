import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LIGHT_THEME } from '@shared/charts/chart-theme'
import { heatColor, sessionKernelHeatmap } from '@shared/charts/kernel-heatmap'
import type { XYPoint } from '@shared/charts/xy-point'
import type { Session } from '@shared/session/session-types'
import { loadSessionFile } from '../../../src-main/backend/session-store'
import { PDE_COUNTS_KEY, reportCharts } from '../../../src-main/report/report-charts'
import { writeReport } from '../../../src-main/report/write-report'
import { buildCli, cli } from '../cli/run-cli'
import { colourFraction, parseXml, pixelAt, pngSize } from './image-checks'

// The report's charts built in process from a real session (made and run by the built CLI).
const dir = mkdtempSync(join(tmpdir(), 'mflab-report-charts-'))
let session: Session

beforeAll(async () => {
  buildCli()
  const args = ['--preset', 'mmn-two-gaussians', '--size', 'ci', '-o', 's.mflab']
  const sets = ['dynamics.steps=1500', 'observe.every=500'].flatMap((s) => ['--set', s])
  expect((await cli(['new', ...args, ...sets], dir)).code).toBe(0)
  expect((await cli(['run', 's.mflab', '--backend', 'js'], dir)).code).toBe(0)
  session = (await loadSessionFile(join(dir, 's.mflab'))).session
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('reportCharts', () => {
  it('plots the recorded columns, the last histogram and the last snapshot', () => {
    const charts = reportCharts(session, { logScale: false })
    expect(charts.map((c) => c.name)).toEqual([
      'risk',
      'norm-histogram',
      'metric-meanNormW',
      'particles'
    ])
    const risk = charts[0].config.data.datasets
    // The preset records the 'pde' observable: its risk is drawn dashed beside the SGD risk.
    expect(risk.map((d) => d.label)).toEqual(['population risk', 'PDE, d = 40'])
    const points = risk[0].data as XYPoint[]
    expect(points.map((p) => p.x)).toEqual(Array.from(session.series.time))
    expect(points.map((p) => p.y)).toEqual(Array.from(session.series.risk))

    const hist = charts[1].config.data.datasets[0].data as number[]
    const last = session.histograms.at(-1)!
    expect(hist).toHaveLength(last.counts.length)
    expect(hist.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12)

    const snap = session.snapshots.at(-1)!
    const cloud = charts[3].config.data.datasets[0].data as XYPoint[]
    expect(cloud).toHaveLength(snap.m)
    expect(cloud[7]).toEqual({ x: snap.w[7 * snap.d], y: snap.w[7 * snap.d + 1] })
  })

  it('puts non-positive risk values out of a log plot instead of squashing the axis', () => {
    const s: Session = { ...session, series: { ...session.series } }
    s.series.risk = Float64Array.from(session.series.risk, (v, i) => (i === 1 ? 0 : v))
    const charts = reportCharts(s, { logScale: true })
    const ys = (charts[0].config.data.datasets[0].data as XYPoint[]).map((p) => p.y)
    expect(Number.isNaN(ys[1])).toBe(true)
    expect(ys[0]).toBe(s.series.risk[0])
  })

  it('draws the engine’s PDE counts (histogram.pdeCounts) over the last histogram', () => {
    const last = session.histograms.at(-1)!
    expect(last.pdeCounts).toHaveLength(last.counts.length)
    const chart = reportCharts(session, { logScale: false }).find(
      (c) => c.name === 'norm-histogram'
    )!
    const line = chart.config.data.datasets[1].data as number[]
    const total = last.pdeCounts!.reduce((s, v) => s + v, 0)
    expect(line[5]).toBeCloseTo(last.pdeCounts![5] / total, 12)
  })

  it('draws PDE counts over the histogram when the session has them', async () => {
    const last = session.histograms.at(-1)!
    // A made-up PDE prediction, shifted one bin, only to see that it is drawn.
    const pde = Float64Array.from(last.counts, (_, i) => last.counts[Math.max(0, i - 1)] + 1)
    const withPde: Session = { ...session, data: { [PDE_COUNTS_KEY]: pde } }
    const chart = reportCharts(withPde, { logScale: false }).find(
      (c) => c.name === 'norm-histogram'
    )!
    expect(chart.config.data.datasets.map((d) => d.label)).toEqual([
      'SGD particles',
      'mean-field PDE'
    ])
    const line = chart.config.data.datasets[1].data as number[]
    const total = pde.reduce((s, v) => s + v, 0)
    expect(line[3]).toBeCloseTo(pde[3] / total, 12)

    const opts = { format: 'png' as const, width: 600, height: 350, logScale: false, source: 's' }
    await writeReport(withPde, { ...opts, output: join(dir, 'pde') })
    // The run recorded the 'pde' observable: a plain histogram is one without the engine's pdeCounts.
    const plain: Session = {
      ...session,
      histograms: session.histograms.map((h) => ({
        step: h.step,
        edges: h.edges,
        counts: h.counts
      }))
    }
    await writeReport(plain, { ...opts, output: join(dir, 'plain') })
    const pdePng = new Uint8Array(readFileSync(join(dir, 'pde', 'norm-histogram.png')))
    const plainPng = new Uint8Array(readFileSync(join(dir, 'plain', 'norm-histogram.png')))
    expect(pngSize(pdePng)).toEqual({ width: 600, height: 350 })
    // The PDE line uses the theme's PDE colour (the same in every chart); the plain histogram has none of it.
    const pdeColour = LIGHT_THEME.pde
    expect(await colourFraction(plainPng, pdeColour)).toBe(0)
    expect(await colourFraction(pdePng, pdeColour)).toBeGreaterThan(0.0005)
  })
})

describe('the kernel heatmap in a report', () => {
  it('draws K_μ of the last snapshot for a kernel-learning run, cell colours as in the app', async () => {
    const args = ['--preset', 'two-timescale-kernel', '--size', 'ci', '-o', 'tt.mflab']
    const sets = ['dynamics.steps=20', 'observe.every=10'].flatMap((s) => ['--set', s])
    expect((await cli(['new', ...args, ...sets], dir)).code).toBe(0)
    expect((await cli(['run', 'tt.mflab', '--backend', 'js'], dir)).code).toBe(0)
    const tt = (await loadSessionFile(join(dir, 'tt.mflab'))).session
    const expected = sessionKernelHeatmap(tt)!
    expect(expected.step).toBe(tt.snapshots.at(-1)!.step)
    const out = join(dir, 'tt-report')
    const opts = { format: 'both' as const, width: 640, height: 480, logScale: false, source: 's' }
    await writeReport(tt, { ...opts, output: out })

    const png = new Uint8Array(readFileSync(join(out, 'kernel-heatmap.png')))
    expect(pngSize(png)).toEqual({ width: 480, height: 480 })
    // cells (i, j) are 480/n pixels square, coloured like the app's: check two of them
    const { heat } = expected
    const side = 480 / heat.n
    for (const [i, j] of [
      [0, 0],
      [heat.n - 1, 2]
    ]) {
      const v = (heat.values[i * heat.n + j] - heat.min) / (heat.max - heat.min)
      const centre = await pixelAt(png, Math.floor((j + 0.5) * side), Math.floor((i + 0.5) * side))
      expect(centre).toEqual([...heatColor(v), 255])
    }
    const svg = readFileSync(join(out, 'kernel-heatmap.svg'), 'utf8')
    expect(parseXml(svg).getElementsByTagName('rect')).toHaveLength(heat.n * heat.n)
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Intrinsic kernel')

    // a run without kernel observables has none
    await writeReport(session, { ...opts, output: join(dir, 'mmn-report') })
    expect(() => readFileSync(join(dir, 'mmn-report', 'kernel-heatmap.png'))).toThrow()
  })
})
