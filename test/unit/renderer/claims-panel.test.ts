// @vitest-environment jsdom
/// <reference lib="dom" />
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { Chart } from 'chart.js'
import { claimsForPreset, type ClaimResult } from '@shared/claims'
import { PDE_HISTOGRAM_LABEL } from '@shared/charts/histogram-chart'
import { PDE_RISK_LINE } from '@shared/charts/risk-chart'
import type { NormHistogram } from '@shared/engine/simulation-types'
import type { LabApi, SessionData } from '@shared/protocol/lab-api'
import { experimentSpec } from '@shared/spec/experiment-spec'
import { intervalThrottle } from '../../../src-renderer/src/interval-throttle'
import { setLab } from '../../../src-renderer/src/lab'
import { useRunStore } from '../../../src-renderer/src/stores/run-store'
import ClaimsPanel from '../../../src-renderer/src/views/RunDashboard/ClaimsPanel.vue'
import RunDashboardView from '../../../src-renderer/src/views/RunDashboard/RunDashboardView.vue'
import { noStudiesDefaultSettings } from './lab-stubs'
import { installCanvasStub, nextFrame } from './canvas-stub'

const PRESET = 'mmn-two-gaussians'
const spec = () =>
  experimentSpec.parse({
    title: 'MMN',
    preset: PRESET,
    model: { width: 40 },
    dynamics: { steps: 300 }
  })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function stateOf(w: ReturnType<typeof mount>, id: string): string | undefined {
  return w.get(`[data-testid="claim-${id}"]`).attributes('data-state')
}

describe('Claims panel', () => {
  beforeAll(installCanvasStub)
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => setLab(null))

  it('judges the preset claims live: not yet → met, and "not judged" once the run ends', async () => {
    const run = useRunStore()
    run.begin('r1', spec())
    run.onEvent({ kind: 'status', runId: 'r1', status: 'running' })
    const w = mount(ClaimsPanel, { props: { intervalMs: 20 } })
    await flushPromises()
    const ids = claimsForPreset(PRESET).map((c) => c.id)
    for (const id of ids) expect(stateOf(w, id)).toBe('pending')
    expect(w.get('[data-testid="claim-risk-falls"]').text()).toContain('not yet')
    expect(w.get('[data-testid="claim-risk-falls"]').text()).toContain('final risk < 0.25')

    // The risk has halved: the claim (final < 0.25 × initial) is not met yet, and says its value.
    const records = [
      { step: 0, time: 0, risk: 1.6 },
      { step: 100, time: 1, risk: 0.8 }
    ]
    run.onEvent({ kind: 'metrics', runId: 'r1', records, stepsPerSecond: 100 })
    await sleep(40)
    await flushPromises()
    expect(stateOf(w, 'risk-falls')).toBe('pending')
    expect(w.get('[data-testid="claim-risk-falls-value"]').text()).toBe('0.5')

    run.onEvent({
      kind: 'metrics',
      runId: 'r1',
      records: [{ step: 200, time: 2, risk: 0.16 }],
      stepsPerSecond: 100
    })
    await sleep(40)
    await flushPromises()
    expect(stateOf(w, 'risk-falls')).toBe('met')
    expect(w.get('[data-testid="claim-risk-falls-state"]').text()).toContain('met')
    expect(w.get('[data-testid="claim-risk-falls-value"]').text()).toBe('0.1')

    // Ended without PDE columns: that claim cannot be judged, and says so in words.
    run.onEvent({ kind: 'status', runId: 'r1', status: 'completed' })
    await flushPromises()
    expect(stateOf(w, 'pde-tracks-sgd')).toBe('pending')
    expect(w.get('[data-testid="claim-pde-tracks-sgd-state"]').text()).toContain('not judged')
    expect(w.get('[data-testid="claims-count"]').text()).toMatch(/^1 of \d+ met/)
    w.unmount()
  })

  it('a completed stored session shows its saved verdicts, not a re-judgement', async () => {
    const run = useRunStore()
    const saved: ClaimResult[] = [
      {
        id: 'risk-falls',
        text: 'The risk falls.',
        met: false,
        value: 0.9,
        expected: 'final < 0.25'
      }
    ]
    run.load({ ...storedSession(false), claims: saved })
    const w = mount(ClaimsPanel, { props: { intervalMs: 20 } })
    await flushPromises()
    // The series alone would say 'met' (0.1 × initial): the file's verdict wins.
    expect(stateOf(w, 'risk-falls')).toBe('not-met')
    expect(w.get('[data-testid="claim-risk-falls"]').text()).toContain('not met')
    expect(w.get('[data-testid="claim-risk-falls-value"]').text()).toBe('0.9')
    expect(w.get('[data-testid="claims-count"]').text()).toContain('as saved')
    w.unmount()
  })

  it('throttles judging to one run per interval while events stream', () => {
    vi.useFakeTimers()
    try {
      const fn = vi.fn()
      const t = intervalThrottle(fn, 500)
      t.schedule()
      expect(fn).toHaveBeenCalledTimes(1)
      for (let i = 0; i < 10; i++) t.schedule()
      expect(fn).toHaveBeenCalledTimes(1)
      vi.advanceTimersByTime(499)
      expect(fn).toHaveBeenCalledTimes(1)
      vi.advanceTimersByTime(1)
      expect(fn).toHaveBeenCalledTimes(2)
      t.schedule()
      t.flush()
      expect(fn).toHaveBeenCalledTimes(3)
    } finally {
      vi.useRealTimers()
    }
  })
})

function storedSession(withPde: boolean): SessionData {
  const h: NormHistogram = { step: 300, edges: [0, 1, 2, 3], counts: [5, 30, 5] }
  if (withPde) h.pdeCounts = [6, 28, 6]
  return {
    summary: {
      id: 's1',
      title: 'MMN',
      fileName: 's1.mflab',
      status: 'completed',
      step: 300,
      steps: 300,
      updatedAt: '2026-11-24T21:00:00Z'
    },
    spec: spec(),
    series: {
      step: Float64Array.of(0, 150, 300),
      time: Float64Array.of(0, 1, 2),
      risk: Float64Array.of(1.6, 0.8, 0.16),
      ...(withPde ? { pdeRisk: Float64Array.of(1.6, 0.7, 0.15) } : {})
    },
    histograms: [h],
    particles: null,
    notes: [],
    backend: null,
    lesson: null
  }
}

function labWith(data: SessionData): LabApi {
  return {
    listPresets: async () => [],
    presetSpec: async () => spec(),
    validateSpec: async () => [],
    startRun: async () => 'r',
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

describe('Run dashboard: PDE overlay and claims', () => {
  beforeAll(installCanvasStub)
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => setLab(null))

  async function charts(withPde: boolean) {
    setLab(labWith(storedSession(withPde)))
    const w = mount(RunDashboardView, { props: { id: 's1' }, attachTo: document.body })
    await flushPromises()
    await nextFrame()
    await nextFrame()
    const canvas = (testid: string) =>
      w.get(`[data-testid="${testid}"] canvas`).element as HTMLCanvasElement
    const risk = Chart.getChart(canvas('run-risk-chart'))!
    const hist = Chart.getChart(canvas('run-histogram'))!
    return { w, risk, hist }
  }

  it('draws the PDE risk (dashed) and the PDE histogram line when the session has them', async () => {
    const { w, risk, hist } = await charts(true)
    const pde = risk.data.datasets.find((d) => d.label?.startsWith(PDE_RISK_LINE.label))
    expect(pde).toBeDefined()
    expect((pde as { borderDash?: number[] }).borderDash?.length).toBeGreaterThan(0)
    expect(pde!.hidden).toBe(false)
    expect(pde!.data).toHaveLength(3)
    expect(hist.data.datasets.map((d) => d.label)).toContain(PDE_HISTOGRAM_LABEL)
    expect(w.find('[data-testid="claims-panel"]').exists()).toBe(true)
    expect(w.get('[data-testid="claim-risk-falls"]').attributes('data-state')).toBe('met')
    w.unmount()
  })

  it('has no PDE datasets when the session has no pdeRisk / pdeCounts', async () => {
    const { w, risk, hist } = await charts(false)
    expect(risk.data.datasets.some((d) => d.label?.startsWith(PDE_RISK_LINE.label))).toBe(false)
    expect(hist.data.datasets).toHaveLength(1)
    w.unmount()
  })
})
