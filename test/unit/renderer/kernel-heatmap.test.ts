// @vitest-environment jsdom
/// <reference lib="dom" />
import { beforeAll, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { heatColor, heatmapPixels, kernelHeatmap } from '@shared/charts/kernel-heatmap'
import { runProbeSet } from '@shared/engine/run-data'
import { makeActivation } from '@shared/science/activations'
import { initParticles } from '@shared/science/particles'
import { presetSpec } from '@shared/spec/presets'
import KernelHeatmap from '../../../src-renderer/src/charts/KernelHeatmap.vue'
import { installCanvasStub, nextFrame } from './canvas-stub'

const spec = presetSpec('two-timescale-kernel', { size: 'ci' })

function snapshot(step: number) {
  const p = initParticles(spec.model, spec.task.dim, spec.seed + step)
  return { step, m: p.m, d: p.d, a: p.a, b: p.b, w: p.w }
}

describe('kernel heatmap model', () => {
  it('is (1/M)Σσ(⟨w,x⟩+b)σ(⟨w,x′⟩+b) on the probe points, sorted by label', () => {
    const probe = runProbeSet(spec)!
    expect(probe.n).toBe(Math.min(spec.observe.probeSize, spec.task.trainSize))
    const snap = snapshot(0)
    const h = kernelHeatmap(snap, spec.model.activation, probe, 30)
    expect(h.n).toBe(30)
    for (let i = 1; i < h.n; i++) expect(h.labels[i]).toBeGreaterThanOrEqual(h.labels[i - 1])
    // one cell by the formula, straight from the probe's own rows
    const sigma = makeActivation(spec.model.activation)
    const rowOf = (label: number) => Array.from(probe.y).indexOf(label)
    const [i, j] = [3, 17]
    const xi = rowOf(h.labels[i])
    const xj = rowOf(h.labels[j])
    let k = 0
    for (let n = 0; n < snap.m; n++) {
      let ti = snap.b[n]
      let tj = snap.b[n]
      for (let l = 0; l < snap.d; l++) {
        ti += snap.w[n * snap.d + l] * probe.x[xi * snap.d + l]
        tj += snap.w[n * snap.d + l] * probe.x[xj * snap.d + l]
      }
      k += sigma.value(ti) * sigma.value(tj)
    }
    expect(h.values[i * h.n + j]).toBeCloseTo(k / snap.m, 5)
    expect(h.values[j * h.n + i]).toBe(h.values[i * h.n + j])
    expect(h.min).toBeLessThanOrEqual(h.max)
  })

  it('colours min dark and max light, one opaque pixel per cell', () => {
    expect(heatColor(0)).toEqual([68, 1, 84])
    expect(heatColor(1)).toEqual([253, 231, 37])
    expect(heatColor(NaN)).toEqual(heatColor(0))
    const h = kernelHeatmap(snapshot(0), spec.model.activation, runProbeSet(spec)!, 8)
    const px = heatmapPixels(h)
    expect(px).toHaveLength(8 * 8 * 4)
    const argmax = h.values.indexOf(h.max)
    expect(Array.from(px.subarray(argmax * 4, argmax * 4 + 4))).toEqual([253, 231, 37, 255])
  })

  it('has no probe set for a CSV task (its rows live in the session)', () => {
    const csv = {
      ...spec,
      task: { kind: 'csv' as const, path: 'x.csv', trainSize: 10, testSize: 5 }
    }
    expect(runProbeSet(csv as unknown as typeof spec)).toBeNull()
  })
})

describe('KernelHeatmap component', () => {
  beforeAll(installCanvasStub)

  it('draws the snapshot it is given, one pixel per cell, and redraws on the next', async () => {
    const w = mount(KernelHeatmap, {
      props: { spec, particles: snapshot(0) },
      attachTo: document.body
    })
    await flushPromises()
    await nextFrame()
    const box = w.get('[data-testid="run-kernel"]')
    const n = Number(box.attributes('data-n'))
    expect(n).toBe(Math.min(120, spec.observe.probeSize, spec.task.trainSize))
    expect(box.attributes('data-step')).toBe('0')
    const canvas = w.get('canvas').element as HTMLCanvasElement & { lastImage?: ImageData }
    expect([canvas.width, canvas.height]).toEqual([n, n])
    const first = Array.from(canvas.lastImage!.data)
    expect(first).toHaveLength(n * n * 4)

    await w.setProps({ particles: snapshot(5) })
    await nextFrame()
    expect(box.attributes('data-step')).toBe('5')
    expect(Array.from(canvas.lastImage!.data)).not.toEqual(first)
    w.unmount()
  })
})
