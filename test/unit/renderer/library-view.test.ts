// @vitest-environment jsdom
/// <reference lib="dom" />
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { experimentSpec } from '@shared/spec/experiment-spec'
import type { LabApi, SessionData, SessionSummary } from '@shared/protocol/lab-api'
import { setLab } from '../../../src-renderer/src/lab'
import { parseRoute, route, routeHash } from '../../../src-renderer/src/router'
import { useWizardStore } from '../../../src-renderer/src/stores/wizard-store'
import HomeView from '../../../src-renderer/src/views/Home/HomeView.vue'
import LibraryView from '../../../src-renderer/src/views/Library/LibraryView.vue'
import CompareView from '../../../src-renderer/src/views/Compare/CompareView.vue'
import { noStudiesDefaultSettings } from './lab-stubs'
import { installCanvasStub, nextFrame } from './canvas-stub'

const summary = (id: string, extra: Partial<SessionSummary> & Record<string, unknown> = {}) => ({
  id,
  title: `Session ${id}`,
  fileName: `${id}.mflab`,
  status: 'completed' as const,
  step: 100,
  steps: 100,
  updatedAt: `2026-11-24T21:0${id.length}:00Z`,
  ...extra
})

/** An in-memory LabApi: the transport the views talk to, with canned sessions. */
function memoryLab(): LabApi & { calls: string[] } {
  const calls: string[] = []
  const sessions = [
    summary('a'),
    summary('bb', { status: 'paused', recoverable: true, message: 'left running' })
  ]
  const data = (id: string, width: number): SessionData => ({
    summary: summary(id),
    spec: experimentSpec.parse({ title: id, model: { width } }),
    series: {
      step: Float64Array.of(0, 50, 100),
      time: Float64Array.of(0, 0.5, 1),
      risk: Float64Array.of(1, 0.5, 0.25)
    },
    histograms: [],
    particles: null,
    notes: [],
    lesson: null,
    backend: null
  })
  return {
    calls,
    listPresets: async () => [
      { id: 'p1', title: 'Preset one', claim: 'It works.', estimatedSeconds: 30 },
      {
        id: 'p2',
        title: 'Preset two',
        claim: 'A beats B.',
        estimatedSeconds: 60,
        variants: { ci: ['A', 'B'], default: ['A', 'B', 'C'], paper: ['A', 'B', 'C'] }
      }
    ],
    presetSpec: async (id) => {
      calls.push(`presetSpec:${id}`)
      return experimentSpec.parse({ title: 'From preset', preset: id, model: { width: 123 } })
    },
    validateSpec: async () => [],
    startRun: async () => 'run',
    chooseDataFile: async () => null,
    controlRun: async () => undefined,
    listSessions: async () => sessions,
    loadSession: async (id) => data(id, id === 'a' ? 100 : 1000),
    saveSession: async (id) => summary(id),
    addNote: async () => undefined,
    listStudies: async () => [
      {
        id: 'width-sweep',
        title: 'Width sweep',
        fileName: 'width-sweep.mflabstudy',
        preset: 'mmn-two-gaussians',
        param: 'model.width',
        runs: 6,
        completed: 4,
        status: 'unfinished',
        updatedAt: '2026-11-24T21:00:00Z'
      }
    ],
    loadStudy: async (id) => {
      throw new Error(`no study '${id}'`)
    },
    ...noStudiesDefaultSettings,
    startStudy: async (id, size) => {
      calls.push(`startStudy:${id}:${size}`)
      if (id !== 'p2') throw new Error(`no variants for '${id}'`)
      return {
        id: 'p2-study',
        title: 'Preset two: variants',
        fileName: 'p2-study.mflabstudy',
        preset: 'p2',
        param: 'variant',
        runs: 2,
        completed: 0,
        status: 'unfinished',
        updatedAt: '2026-11-24T21:00:00Z',
        running: true
      }
    },
    onRunEvent: () => () => undefined
  }
}

describe('Home, Library and Compare views over a LabApi', () => {
  beforeAll(installCanvasStub)
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => setLab(null))

  it('a single-run card runs its preset and shows the dashboard', async () => {
    const lab = memoryLab()
    const started: string[] = []
    lab.startRun = async (spec) => {
      started.push(String((spec as { preset?: string }).preset))
      return 'run-p1'
    }
    setLab(lab)
    const wrapper = mount(HomeView, { attachTo: document.body })
    await flushPromises()
    expect(wrapper.find('[data-testid="preset-run-p1"]').exists()).toBe(false)
    await wrapper.get('[data-testid="preset-card-p1"]').trigger('click')
    await flushPromises()
    expect(started).toEqual(['p1'])
    expect(route.value).toEqual({ name: 'run', id: 'run-p1' })
    wrapper.unmount()
  })

  it('Customise opens the wizard prefilled with that preset', async () => {
    const lab = memoryLab()
    setLab(lab)
    const wrapper = mount(HomeView, { attachTo: document.body })
    await flushPromises()
    await wrapper.get('[data-testid="preset-customise-p1"]').trigger('click')
    await flushPromises()
    expect(lab.calls).toContain('presetSpec:p1')
    expect(useWizardStore().getField('model.width')).toBe(123)
    expect(useWizardStore().presetId).toBe('p1')
    expect(route.value.name).toBe('wizard')
    wrapper.unmount()
  })

  it('a comparison card runs all its variants as a study at the chosen size', async () => {
    const lab = memoryLab()
    setLab(lab)
    const wrapper = mount(HomeView, { attachTo: document.body })
    await flushPromises()
    const card = wrapper.get('[data-testid="preset-card-p2"]')
    expect(card.text()).toContain('Runs 3 runs side by side')
    await wrapper.get('[data-testid="home-size-ci"]').setValue(true)
    expect(card.attributes('data-runs')).toBe('2')
    await card.trigger('click')
    await flushPromises()
    expect(lab.calls).toContain('startStudy:p2:ci')
    expect(route.value).toEqual({ name: 'study', id: 'p2-study' })
    wrapper.unmount()
  })

  it('lists sessions with open buttons and the recoverable ones apart', async () => {
    setLab(memoryLab())
    const wrapper = mount(LibraryView, { attachTo: document.body })
    await flushPromises()
    expect(wrapper.get('[data-testid="library-row-a"]').text()).toContain('Session a')
    expect(wrapper.find('[data-testid="library-open-bb"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="recovery-bb"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="recovery-a"]').exists()).toBe(false)
    await wrapper.get('[data-testid="library-open-a"]').trigger('click')
    expect(route.value).toEqual({ name: 'run', id: 'a' })
    wrapper.unmount()
  })

  it('lists the studies with a link to the study route', async () => {
    setLab(memoryLab())
    const wrapper = mount(LibraryView, { attachTo: document.body })
    await flushPromises()
    const row = wrapper.get('[data-testid="library-study-width-sweep"]')
    expect(row.text()).toContain('model.width')
    expect(row.text()).toContain('4 / 6 completed')
    const link = wrapper.get('[data-testid="library-study-open-width-sweep"]')
    expect(link.attributes('href')).toBe('#/study/width-sweep')
    await link.trigger('click')
    expect(route.value).toEqual({ name: 'study', id: 'width-sweep' })
    expect(parseRoute('#/study')).toEqual({ name: 'study', id: null })
    expect(parseRoute(routeHash({ name: 'study', id: 'a b' }))).toEqual({
      name: 'study',
      id: 'a b'
    })
    wrapper.unmount()
  })

  it('compare overlays the sessions with legends from the differing parameter', async () => {
    setLab(memoryLab())
    const wrapper = mount(CompareView, { props: { ids: ['a', 'bb'] }, attachTo: document.body })
    await flushPromises()
    await nextFrame()
    expect(wrapper.text()).toContain('they differ in Width M')
    const { Chart } = await import('chart.js')
    const chart = Chart.getChart(wrapper.get('canvas').element as HTMLCanvasElement)!
    // the session titles, which differ here, name the curves
    expect(chart.data.datasets.map((d) => d.label)).toEqual(['Session a', 'Session bb'])
    expect(chart.data.datasets[0].data).toHaveLength(3)
    wrapper.unmount()
  })
})
