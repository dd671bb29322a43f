// @vitest-environment jsdom
/// <reference lib="dom" />
import { beforeAll, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { Chart } from 'chart.js'
import ParticleScatter from '../../../src-renderer/src/charts/ParticleScatter.vue'
import { installCanvasStub, nextFrame } from './canvas-stub'

/** m particles in d = 2 with w_1 deliberately unsorted (a sine of the index). */
function cloud(m: number, shift = 0) {
  const w = new Float32Array(m * 2)
  for (let i = 0; i < m; i++) {
    w[2 * i] = Math.sin(i * 2.39) * 3 + shift
    w[2 * i + 1] = Math.cos(i * 1.7)
  }
  return { step: 1, m, d: 2, a: new Float32Array(m).fill(1), b: new Float32Array(m), w }
}

describe('ParticleScatter', () => {
  beforeAll(installCanvasStub)

  it('scales to the whole unsorted cloud and updates the same Chart in place', async () => {
    const first = cloud(300)
    const wrapper = mount(ParticleScatter, {
      props: { particles: first, coords: { kind: 'w', j: 0, k: 1 } },
      attachTo: document.body
    })
    await nextFrame()
    const canvas = wrapper.get('canvas').element as HTMLCanvasElement
    const chart = Chart.getChart(canvas)!
    const xs = Array.from({ length: 300 }, (_, i) => first.w[2 * i])
    expect(chart.scales.x.min).toBeLessThanOrEqual(Math.min(...xs))
    expect(chart.scales.x.max).toBeGreaterThanOrEqual(Math.max(...xs))
    expect(chart.getDatasetMeta(0).data).toHaveLength(300)
    const pool = chart.data.datasets[0].data
    await wrapper.setProps({ particles: cloud(300, 10) })
    await nextFrame()
    expect(Chart.getChart(canvas)).toBe(chart)
    expect(chart.data.datasets[0].data).toBe(pool)
    expect(chart.scales.x.max).toBeGreaterThanOrEqual(12.9)
    await wrapper.setProps({ coords: { kind: 'a-norm' } })
    await nextFrame()
    const x = chart.options.scales?.x as { title?: { text?: string } } | undefined
    expect(x?.title?.text).toBe('‖wᵢ‖')
    wrapper.unmount()
  })
})
