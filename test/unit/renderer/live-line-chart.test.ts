// @vitest-environment jsdom
/// <reference lib="dom" />
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { Chart } from 'chart.js'
import { RISK_LINES, type LineSpec } from '@shared/charts/risk-chart'
import type { MetricRecord } from '@shared/engine/simulation-types'
import LiveLineChart from '../../../src-renderer/src/charts/LiveLineChart.vue'
import { useRunStore } from '../../../src-renderer/src/stores/run-store'
import { installCanvasStub, nextFrame } from './canvas-stub'

function batch(from: number, n: number): MetricRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const step = (from + i) * 100
    return { step, time: step * 1e-4, risk: 1 / (1 + step), trainRisk: 0.9 / (1 + step) }
  })
}

describe('LiveLineChart fed by the run store', () => {
  beforeAll(installCanvasStub)
  beforeEach(() => setActivePinia(createPinia()))

  /**
   * Mounts the chart bound to the run store, as the dashboard does: with a fresh (equal) lines array
   * on every render of the host, which `renders` forces.
   */
  function mountWithStore(
    logScale = false,
    lines = ref<LineSpec[]>([...RISK_LINES]),
    markers = ref<number[]>([]),
    renders = ref(0)
  ) {
    const run = useRunStore()
    run.begin('run-1', null)
    const Host = defineComponent({
      setup: () => () => {
        void renders.value
        return h(LiveLineChart, {
          buffer: run.series,
          tick: run.tick,
          lines: [...lines.value],
          logScale,
          markers: markers.value
        })
      }
    })
    const wrapper = mount(Host, { attachTo: document.body })
    const canvas = wrapper.find('canvas').element as HTMLCanvasElement
    return { run, wrapper, canvas }
  }

  it('keeps one Chart instance while three batches grow its datasets', async () => {
    const { run, wrapper, canvas } = mountWithStore()
    await nextFrame()
    const chart = Chart.getChart(canvas)
    expect(chart).toBeDefined()
    const lengths: number[] = []
    const sizes = [3, 5, 2]
    let from = 0
    for (const n of sizes) {
      run.onEvent({
        kind: 'metrics',
        runId: 'run-1',
        records: batch(from, n),
        stepsPerSecond: 1000
      })
      from += n
      await nextTick()
      await nextFrame()
      expect(Chart.getChart(canvas)).toBe(chart)
      lengths.push(chart!.data.datasets[1].data.length)
    }
    expect(lengths).toEqual([3, 8, 10])
    expect(chart!.data.datasets[0].data.length).toBe(10)
    // the tail copied in matches the store's buffer
    const last = chart!.data.datasets[1].data[9] as { x: number; y: number }
    expect(last.x).toBeCloseTo(run.series.last('time'))
    expect(last.y).toBeCloseTo(run.series.last('risk'))
    wrapper.unmount()
    expect(Chart.getChart(canvas)).toBeUndefined()
  })

  it('ignores metrics of another run and redraws once per frame at most', async () => {
    const { run, wrapper, canvas } = mountWithStore()
    await nextFrame()
    const chart = Chart.getChart(canvas)!
    let updates = 0
    const original = chart.update.bind(chart)
    chart.update = (mode) => {
      updates++
      return original(mode)
    }
    run.onEvent({ kind: 'metrics', runId: 'other', records: batch(0, 4), stepsPerSecond: 1 })
    for (let i = 0; i < 5; i++) {
      run.onEvent({ kind: 'metrics', runId: 'run-1', records: batch(i, 1), stepsPerSecond: 1 })
      await nextTick()
    }
    await nextFrame()
    expect(chart.data.datasets[1].data.length).toBe(5)
    expect(updates).toBe(1)
    wrapper.unmount()
  })

  it('a new set of lines swaps the datasets on the same Chart', async () => {
    const lines = ref<LineSpec[]>([...RISK_LINES])
    const { run, wrapper, canvas } = mountWithStore(false, lines)
    run.onEvent({ kind: 'metrics', runId: 'run-1', records: batch(0, 4), stepsPerSecond: 1 })
    await nextTick()
    await nextFrame()
    const chart = Chart.getChart(canvas)!
    expect(chart.data.datasets.map((d) => d.label)).toEqual(['train risk', 'test risk'])
    lines.value = [{ key: 'risk', label: 'population risk' }]
    await nextTick()
    await nextFrame()
    expect(Chart.getChart(canvas)).toBe(chart)
    expect(chart.data.datasets.map((d) => d.label)).toEqual(['population risk'])
    expect(chart.data.datasets[0].data.length).toBe(4)
    expect((chart.data.datasets[0].data[3] as { y: number }).y).toBeCloseTo(run.series.last('risk'))
    wrapper.unmount()
  })

  it('long series are decimated (LTTB) while the newest point stays exact', async () => {
    const { run, wrapper, canvas } = mountWithStore()
    await nextFrame()
    const chart = Chart.getChart(canvas)!
    let from = 0
    for (const n of [2000, 2000, 2000]) {
      run.onEvent({ kind: 'metrics', runId: 'run-1', records: batch(from, n), stepsPerSecond: 1 })
      from += n
      await nextTick()
      await nextFrame()
    }
    expect(Chart.getChart(canvas)).toBe(chart)
    const drawn = chart.data.datasets[1].data as { x: number; y: number }[]
    expect(drawn.length).toBeLessThanOrEqual(1000)
    expect(drawn.length).toBeGreaterThan(100)
    expect(drawn[drawn.length - 1].x).toBeCloseTo(run.series.last('time'))
    expect(run.series.length).toBe(6000)
    wrapper.unmount()
  })

  it('drops non-positive values on a log axis instead of plotting them', async () => {
    const { run, wrapper, canvas } = mountWithStore(true)
    await nextFrame()
    run.onEvent({
      kind: 'metrics',
      runId: 'run-1',
      records: [
        { step: 0, time: 0, risk: 0.5 },
        { step: 1, time: 1, risk: 0 }
      ],
      stepsPerSecond: 1
    })
    await nextTick()
    await nextFrame()
    const chart = Chart.getChart(canvas)!
    const ys = (chart.data.datasets[1].data as { y: number }[]).map((p) => p.y)
    expect(ys[0]).toBe(0.5)
    expect(Number.isNaN(ys[1])).toBe(true)
    expect(chart.options.scales?.y?.type).toBe('logarithmic')
    wrapper.unmount()
  })

  it('skips the redraw when nothing new arrived, even as the parent re-renders', async () => {
    const markers = ref<number[]>([])
    const parentRenders = ref(0)
    const { run, wrapper } = mountWithStore(false, undefined, markers, parentRenders)
    run.onEvent({ kind: 'metrics', runId: 'run-1', records: batch(0, 3), stepsPerSecond: 1 })
    await nextTick()
    await nextFrame()
    const chart = Chart.getChart(wrapper.find('canvas').element as HTMLCanvasElement)!
    let updates = 0
    const original = chart.update.bind(chart)
    chart.update = (mode) => {
      updates++
      return original(mode)
    }
    // an empty batch bumps the tick; a parent render passes new props: no new point, no redraw
    run.onEvent({ kind: 'metrics', runId: 'run-1', records: [], stepsPerSecond: 1 })
    parentRenders.value++
    await nextTick()
    await nextFrame()
    expect(updates).toBe(0)
    // a new bookmark is drawn without new points
    markers.value = [100]
    await nextTick()
    await nextFrame()
    expect(updates).toBe(1)
    run.onEvent({ kind: 'metrics', runId: 'run-1', records: batch(3, 2), stepsPerSecond: 1 })
    await nextTick()
    await nextFrame()
    expect(updates).toBe(2)
    expect(chart.data.datasets[1].data.length).toBe(5)
    wrapper.unmount()
  })

  it('thins a long line to one device pixel (a fast hairline to rasterize)', async () => {
    const { run, wrapper, canvas } = mountWithStore()
    run.onEvent({ kind: 'metrics', runId: 'run-1', records: batch(0, 10), stepsPerSecond: 1 })
    await nextTick()
    await nextFrame()
    const chart = Chart.getChart(canvas)!
    const configured = chart.data.datasets[1].borderWidth as number
    expect(configured).toBeGreaterThan(1)
    run.onEvent({ kind: 'metrics', runId: 'run-1', records: batch(10, 500), stepsPerSecond: 1 })
    await nextTick()
    await nextFrame()
    const ratio = globalThis.devicePixelRatio || 1
    for (const ds of chart.data.datasets)
      expect(ds.borderWidth).toBe(Math.min(configured, 1 / Math.max(1, ratio)))
    wrapper.unmount()
  })
})
