// @vitest-environment jsdom
/// <reference lib="dom" />
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { LabApi, PresetSweepPlan, StudySummary } from '@shared/protocol/lab-api'
import { listPresets } from '@shared/spec/presets'
import { setLab } from '../../../src-renderer/src/lab'
import { route } from '../../../src-renderer/src/router'
import NewSweepForm from '../../../src-renderer/src/views/Study/NewSweepForm.vue'

function sweepLab(asked: PresetSweepPlan[]): LabApi {
  return {
    listPresets: async () =>
      listPresets().map((p) => ({
        id: p.id,
        title: p.title,
        claim: p.claim,
        estimatedSeconds: p.estimatedSeconds
      })),
    startSweep: async (plan: PresetSweepPlan): Promise<StudySummary> => {
      asked.push(plan)
      return {
        id: 'sweep-1',
        title: 'sweep',
        fileName: 'sweep-1.mflabstudy',
        preset: plan.preset,
        param: plan.param,
        runs: plan.values.length * plan.seeds.length,
        completed: 0,
        status: 'unfinished',
        updatedAt: '2026-11-25T00:00:00Z',
        running: true
      }
    }
  } as Partial<LabApi> as LabApi
}

describe('New sweep form', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => setLab(null))

  it('checks the plan with the shared planner before anything runs, then starts it', async () => {
    const asked: PresetSweepPlan[] = []
    setLab(sweepLab(asked))
    const w = mount(NewSweepForm, { attachTo: document.body })
    await flushPromises()
    const start = w.get('[data-testid="sweep-start"]')
    expect(start.text()).toBe('Run 9 runs') // 3 widths × 3 seeds by default

    await w.get('[data-testid="sweep-values"]').setValue('20,,80')
    expect(w.get('[data-testid="sweep-problem"]').text()).toMatch(/comma-separated/)
    expect(start.attributes('disabled')).toBeDefined()
    await w.get('[data-testid="sweep-values"]').setValue('20,-5')
    expect(w.get('[data-testid="sweep-problem"]').text()).toMatch(/-5.*model\.width/)
    // parameters are picked from the labelled field table, not typed as paths
    const options = w.get('[data-testid="sweep-param"]').findAll('option')
    expect(options.map((o) => o.text())).toContain('Width M (neurons)')
    expect(options.every((o) => !/^[a-z]+\.[a-zA-Z.]+$/.test(o.text()))).toBe(true)

    await w.get('[data-testid="sweep-param"]').setValue('dynamics.beta')
    await w.get('[data-testid="sweep-values"]').setValue('50, 200')
    await w.get('[data-testid="sweep-seeds"]').setValue('7')
    await w.get('[data-testid="sweep-preset"]').setValue('langevin-free-energy')
    expect(w.find('[data-testid="sweep-problem"]').exists()).toBe(false)
    expect(start.text()).toBe('Run 2 runs')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(asked).toEqual([
      {
        preset: 'langevin-free-energy',
        size: 'ci',
        param: 'dynamics.beta',
        values: [50, 200],
        seeds: [7]
      }
    ])
    expect(route.value).toEqual({ name: 'study', id: 'sweep-1' })
    w.unmount()
  })
})
