// @vitest-environment jsdom
/// <reference lib="dom" />
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { experimentSpec, type ExperimentSpecInput } from '@shared/spec/experiment-spec'
import type { LabApi, SessionData } from '@shared/protocol/lab-api'
import { setLab } from '../../../src-renderer/src/lab'
import { useRunStore } from '../../../src-renderer/src/stores/run-store'
import RunDashboardView from '../../../src-renderer/src/views/RunDashboard/RunDashboardView.vue'
import { noStudiesDefaultSettings } from './lab-stubs'
import { installCanvasStub, nextFrame } from './canvas-stub'

/** A LabApi holding one stored session that carries a lesson; records the specs it is asked to run. */
function labWithLesson(started: ExperimentSpecInput[]): LabApi {
  const data: SessionData & { lesson: unknown } = {
    summary: {
      id: 's1',
      title: 'Lesson run',
      fileName: 's1.mflab',
      status: 'completed',
      step: 100,
      steps: 100,
      updatedAt: '2026-11-24T21:00:00Z'
    },
    spec: experimentSpec.parse({
      title: 'Lesson run',
      model: { width: 50 },
      dynamics: { steps: 100 }
    }),
    series: {
      step: Float64Array.of(0, 100),
      time: Float64Array.of(0, 0.01),
      risk: Float64Array.of(1, 0.5)
    },
    histograms: [{ step: 100, edges: [0, 1, 2], counts: [10, 40] }],
    particles: {
      step: 100,
      m: 2,
      d: 2,
      a: new Float32Array([1, 1]),
      b: new Float32Array(2),
      w: new Float32Array([0.1, 0.2, 0.3, 0.4])
    },
    notes: [{ step: 50, text: 'look here' }],
    backend: { requested: 'auto', actual: 'js', detail: 'float64', fallbackReason: null },
    lesson: {
      narrative: 'Widen the network and watch.\n\nThen compare.',
      editable: ['model.width']
    }
  }
  return {
    listPresets: async () => [],
    presetSpec: async () => experimentSpec.parse({}),
    validateSpec: async () => [],
    startRun: async (spec) => {
      started.push(spec)
      return 'run-2'
    },
    chooseDataFile: async () => null,
    controlRun: async () => undefined,
    listSessions: async () => [data.summary],
    loadSession: async () => data,
    saveSession: async () => data.summary,
    addNote: async () => undefined,
    listStudies: async () => [],
    loadStudy: async (id) => {
      throw new Error(`no study '${id}'`)
    },
    ...noStudiesDefaultSettings,
    onRunEvent: () => () => undefined
  }
}

describe('Run dashboard with a lesson', () => {
  beforeAll(installCanvasStub)
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => setLab(null))

  it('shows the narrative, only the editable fields, and re-runs with the edited value', async () => {
    const started: ExperimentSpecInput[] = []
    setLab(labWithLesson(started))
    const wrapper = mount(RunDashboardView, { props: { id: 's1' }, attachTo: document.body })
    await flushPromises()
    await nextFrame()
    const panel = wrapper.get('[data-testid="lesson-panel"]')
    expect(panel.text()).toContain('Widen the network')
    expect(panel.findAll('p').length).toBeGreaterThanOrEqual(2)
    expect(panel.find('[data-testid="field-model.width"]').exists()).toBe(true)
    expect(panel.find('[data-testid="field-dynamics.stepSize"]').exists()).toBe(false)
    // stored, finished session: read-only controls, but its data is drawn
    expect(wrapper.get('[data-testid="run-view"]').attributes('data-status')).toBe('completed')
    expect(wrapper.get('[data-testid="run-pause"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid="run-risk-chart"]').attributes('data-points')).toBe('2')
    expect(wrapper.get('[data-testid="run-histogram"]').attributes('data-step')).toBe('100')
    expect(wrapper.get('[data-testid="run-backend"]').text()).toContain('js')
    await panel.get('[data-testid="field-model.width"]').setValue('500')
    await panel.get('form').trigger('submit')
    await flushPromises()
    expect(started).toHaveLength(1)
    expect((started[0] as { model: { width: number } }).model.width).toBe(500)
    expect(useRunStore().runId).toBe('run-2')
    expect(useRunStore().lesson?.editable).toEqual(['model.width'])
    wrapper.unmount()
  })

  it("reads a stored session once; one of a preset without a lesson shows the preset's", async () => {
    const base = labWithLesson([])
    const data = await base.loadSession('s1')
    const stored: SessionData = {
      ...data,
      spec: { ...data.spec, preset: 'mmn-two-gaussians' },
      lesson: null
    }
    let loads = 0
    setLab({
      ...base,
      loadSession: async () => {
        loads++
        return stored
      },
      listPresets: async () => [
        {
          id: 'mmn-two-gaussians',
          title: 'SGD vs PDE',
          claim: 'The histogram follows the PDE.',
          estimatedSeconds: 30,
          narrative: 'Watch the norms move as one density.',
          editable: ['model.width']
        }
      ]
    })
    const wrapper = mount(RunDashboardView, { props: { id: 's1' }, attachTo: document.body })
    await flushPromises()
    await nextFrame()
    expect(wrapper.get('[data-testid="lesson-panel"]').text()).toContain('as one density')
    expect(loads).toBe(1)
    wrapper.unmount()
  })
})
