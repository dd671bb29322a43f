// @vitest-environment jsdom
/// <reference lib="dom" />
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { Chart } from 'chart.js'
import type { LabApi } from '@shared/protocol/lab-api'
import { encodeStudy } from '@shared/study/encode-study'
import { studyToData } from '@shared/study/study-data'
import { STUDY_DATASETS } from '@shared/study/study-chart'
import { setLab } from '../../../src-renderer/src/lab'
import StudyView from '../../../src-renderer/src/views/Study/StudyView.vue'
import { parseRoute } from '../../../src-renderer/src/router'
import type { StudyLabApi } from '../../../src-renderer/src/views/Study/study-api'
import { installCanvasStub, nextFrame } from '../renderer/canvas-stub'
import { completedStudy } from './make-study'

const study = completedStudy([20, 80], [1, 2], (m, seed) => 1 / Math.sqrt(m as number) + seed / 50)

function lab(extra: Partial<StudyLabApi> = {}): StudyLabApi {
  const fail = () => Promise.reject(new Error('not used'))
  const base: LabApi = {
    listPresets: async () => [],
    presetSpec: fail,
    validateSpec: async () => [],
    startRun: fail,
    controlRun: fail,
    listSessions: async () => [],
    loadSession: fail,
    saveSession: fail,
    addNote: fail,
    listStudies: async () => [],
    loadStudy: fail,
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

  it('without loadStudy, opens a .mflabstudy file and shows decode errors precisely', async () => {
    // an older bridge without the study methods: the view falls back to opening the file itself
    const old: Partial<StudyLabApi> = lab()
    delete old.loadStudy
    setLab(old as StudyLabApi)
    const wrapper = mount(StudyView, { props: { id: 'w1' }, attachTo: document.body })
    await flushPromises()
    expect(wrapper.find('[data-testid="study-no-api"]').exists()).toBe(true)
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
})
