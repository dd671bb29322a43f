// @vitest-environment jsdom
/// <reference lib="dom" />
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { Chart } from 'chart.js'
import type { LabApi } from '@shared/protocol/lab-api'
import { encodeStudy } from '@shared/study/encode-study'
import { studyToData, type StudyData, type StudyRunData } from '@shared/study/study-data'
import { STUDY_DATASETS } from '@shared/study/study-chart'
import { setLab } from '../../../src-renderer/src/lab'
import StudyView from '../../../src-renderer/src/views/Study/StudyView.vue'
import { parseRoute } from '../../../src-renderer/src/router'
import { installCanvasStub, nextFrame } from '../renderer/canvas-stub'
import { completedStudy } from './make-study'

const study = completedStudy([20, 80], [1, 2], (m, seed) => 1 / Math.sqrt(m as number) + seed / 50)

function lab(extra: Partial<LabApi> = {}): LabApi {
  const fail = () => Promise.reject(new Error('not used'))
  const base: LabApi = {
    listPresets: async () => [],
    presetSpec: fail,
    validateSpec: async () => [],
    startRun: fail,
    chooseDataFile: fail,
    controlRun: fail,
    listSessions: async () => [],
    loadSession: fail,
    saveSession: fail,
    addNote: fail,
    listStudies: async () => [],
    loadStudy: fail,
    startStudy: fail,
    exportChart: fail,
    startSweep: fail,
    controlStudy: fail,
    showingSession: async () => undefined,
    getSettings: fail,
    updateSettings: fail,
    forgetBackendChoices: fail,
    onRunEvent: () => () => undefined
  }
  return { ...base, ...extra }
}

function chartOf(el: Element): Chart {
  return Chart.getChart(el.querySelector('canvas') as HTMLCanvasElement)!
}

describe('Study view', () => {
  beforeAll(installCanvasStub)
  afterEach(() => setLab(null))

  it('parses #/study and #/study/<id>', () => {
    expect(parseRoute('#/study')).toEqual({ name: 'study', id: null })
    expect(parseRoute('#/study/w%20sweep')).toEqual({ name: 'study', id: 'w sweep' })
    expect(parseRoute('#/library').name).not.toBe('study')
  })

  it('draws a study from LabApi.loadStudy: runs, per-value summary, band and fit', async () => {
    const asked: string[] = []
    setLab(
      lab({
        loadStudy: async (id) => {
          asked.push(id)
          return studyToData(study, id)
        }
      })
    )
    const wrapper = mount(StudyView, { props: { id: 'w1' }, attachTo: document.body })
    await flushPromises()
    await nextFrame()
    expect(asked).toEqual(['w1'])
    expect(wrapper.findAll('[data-testid^="study-run-"]')).toHaveLength(4)
    expect(wrapper.get('[data-testid="study-summary"]').text()).toContain('2/2')
    expect(wrapper.get('[data-testid="study-fit"]').text()).toMatch(/R² = /)
    const chart = chartOf(wrapper.get('[data-testid="study-chart"]').element)
    expect(chart.data.datasets.map((d) => d.label)).toContain(STUDY_DATASETS.fit)
    const high = chart.data.datasets.find((d) => d.label === STUDY_DATASETS.bandHigh)!
    expect((high as { fill?: unknown }).fill).toBe('-1')
    expect(high.data).toHaveLength(2)
    wrapper.unmount()
  })

  it('opens a .mflabstudy file and shows decode errors precisely', async () => {
    setLab(lab())
    const wrapper = mount(StudyView, { props: { id: 'w1' }, attachTo: document.body })
    await flushPromises()
    const input = wrapper.get('[data-testid="study-file"]').element as HTMLInputElement
    const pick = async (file: File) => {
      Object.defineProperty(input, 'files', { value: [file], configurable: true })
      await wrapper.get('[data-testid="study-file"]').trigger('change')
      await flushPromises()
      await nextFrame()
    }
    await pick(new File([new Uint8Array(encodeStudy(study))], 'widths.mflabstudy'))
    expect(wrapper.find('[data-testid="study-error"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid^="study-run-"]')).toHaveLength(4)
    expect(chartOf(wrapper.get('[data-testid="study-chart"]').element)).toBeDefined()

    await pick(new File(['not a zip'], 'bad.mflabstudy'))
    expect(wrapper.get('[data-testid="study-error"]').text()).toBe(
      'bad.mflabstudy: archive: not a .mflabstudy study (not a zip archive)'
    )
    expect(wrapper.findAll('[data-testid^="study-run-"]')).toHaveLength(0)
    wrapper.unmount()
  })

  it('follows a running variant study live: claims, curves updated in place, stop', async () => {
    const run = (index: number, label: string, points: number, done: boolean): StudyRunData => ({
      index,
      value: label,
      label,
      seed: 1,
      status: done ? 'completed' : 'running',
      step: points * 10,
      steps: 40,
      finalRisk: done ? 0.1 * (index + 1) : null,
      seconds: 1,
      backend: 'js',
      message: null,
      series: {
        time: Float64Array.from({ length: points }, (_, i) => i),
        risk: Float64Array.from({ length: points }, (_, i) => 1 / (1 + i + index)),
        dof: Float64Array.from({ length: points }, (_, i) => 10 - i - index)
      }
    })
    const data = (points: number, running: boolean): StudyData => ({
      id: 'v1',
      title: 'Lazy vs mean field: variants',
      preset: 'lazy-vs-mean-field',
      size: 'ci',
      param: 'variant',
      values: ['lazy', 'mean field'],
      seeds: [1],
      createdAt: '2026-11-24T00:00:00.000Z',
      updatedAt: '2026-11-24T00:00:00.000Z',
      variantStudy: true,
      running,
      claims: [
        {
          id: 'lazy-test-error-worsens',
          text: 'lazy worsens',
          met: running ? null : true,
          value: running ? null : 4.5,
          expected: '> 1'
        }
      ],
      runs: [run(0, 'lazy', points, !running), run(1, 'mean field', points, !running)]
    })
    let loads = 0
    const actions: string[] = []
    setLab(
      lab({
        loadStudy: async () => data(++loads * 3, loads < 2),
        controlStudy: async (_id, action) => {
          actions.push(action)
        }
      })
    )
    const wrapper = mount(StudyView, { props: { id: 'v1' }, attachTo: document.body })
    await flushPromises()
    await nextFrame()
    expect(wrapper.get('[data-testid="study-state"]').text()).toBe('running')
    expect(wrapper.get('[data-testid="claim-lazy-test-error-worsens-state"]').text()).toBe(
      '… not yet'
    )
    expect(wrapper.findAll('[data-testid^="study-run-"]').map((r) => r.text())).toEqual([
      expect.stringContaining('lazy'),
      expect.stringContaining('mean field')
    ])
    const chart = chartOf(wrapper.get('[data-testid="study-curves"]').element)
    expect(chart.data.datasets.map((d) => d.label)).toEqual(['lazy', 'mean field'])
    expect(chart.data.datasets[0].data).toHaveLength(3)

    // one poll later the study has ended: same chart object, more points, claims judged
    await new Promise((r) => setTimeout(r, 1200))
    await flushPromises()
    await nextFrame()
    expect(loads).toBe(2)
    expect(chartOf(wrapper.get('[data-testid="study-curves"]').element)).toBe(chart)
    expect(chart.data.datasets[0].data).toHaveLength(6)
    expect(wrapper.get('[data-testid="study-state"]').text()).toBe('finished')
    expect(wrapper.get('[data-testid="claim-lazy-test-error-worsens-state"]').text()).toBe('✓ met')
    expect(wrapper.get('[data-testid="study-claims-count"]').text()).toBe('1 of 1 met')
    // it stops polling once the study has ended
    await new Promise((r) => setTimeout(r, 1200))
    expect(loads).toBe(2)
    expect(wrapper.find('[data-testid="study-stop"]').exists()).toBe(false)
    // any recorded metric can be drawn per run
    const select = wrapper.get('[data-testid="study-metric"]')
    expect(select.findAll('option').map((o) => o.text())).toEqual([
      'Test risk',
      'Effective degrees of freedom d(μ)'
    ])
    await select.setValue('dof')
    await flushPromises()
    await nextFrame()
    const dofChart = chartOf(wrapper.get('[data-testid="study-curves"]').element)
    expect(dofChart.data.datasets[1].data[0]).toMatchObject({ x: 0, y: 9 })
    wrapper.unmount()

    // a running study offers Stop, which asks the backend and reloads
    loads = 0
    const again = mount(StudyView, { props: { id: 'v1' }, attachTo: document.body })
    await flushPromises()
    await again.get('[data-testid="study-stop"]').trigger('click')
    await flushPromises()
    expect(actions).toEqual(['stop'])
    again.unmount()
  })
})
