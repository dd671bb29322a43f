// @vitest-environment jsdom
/// <reference lib="dom" />
import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { LabApi } from '@shared/protocol/lab-api'
import {
  DEFAULT_SETTINGS,
  settingsPatchSchema,
  settingsSchema,
  type Settings,
  type SettingsView
} from '@shared/protocol/settings-schema'
import { setLab } from '../../../src-renderer/src/lab'
import { parseRoute, routeHash } from '../../../src-renderer/src/router'
import SettingsViewComponent from '../../../src-renderer/src/views/Settings/SettingsView.vue'

/** A LabApi whose settings behave like the backend's: patches validated and merged. */
function settingsLab(overridden: SettingsView['overridden'] = []) {
  let settings: Settings = { ...DEFAULT_SETTINGS }
  const patches: unknown[] = []
  const view = (): SettingsView => ({
    settings,
    overridden,
    cores: 2,
    backendChoices: { measured: 0, onGraphicsCard: 0, lastMeasured: null }
  })
  const api = {
    getSettings: async () => view(),
    updateSettings: async (patch: Partial<Settings>) => {
      patches.push(patch)
      settings = settingsSchema.parse({ ...settings, ...settingsPatchSchema.parse(patch) })
      return view()
    }
  } as Partial<LabApi> as LabApi
  return { api, patches }
}

describe('Settings view', () => {
  afterEach(() => setLab(null))

  it('has its own route', () => {
    expect(parseRoute('#/settings')).toEqual({ name: 'settings' })
    expect(routeHash({ name: 'settings' })).toBe('#/settings')
  })

  it('shows the saved values, blocks an out-of-range one, and saves only what changed', async () => {
    const { api, patches } = settingsLab()
    setLab(api)
    const w = mount(SettingsViewComponent, { attachTo: document.body })
    await flushPromises()
    const runs = w.get('[data-testid="setting-maxConcurrentRuns"]')
    expect((runs.element as HTMLInputElement).value).toBe(
      String(DEFAULT_SETTINGS.maxConcurrentRuns)
    )
    const save = w.get('[data-testid="settings-save"]')
    expect(save.attributes('disabled')).toBeDefined() // nothing changed yet

    await runs.setValue('0')
    expect(w.get('[data-testid="setting-maxConcurrentRuns-error"]').text()).toMatch(/>=\s*1/)
    expect(save.attributes('disabled')).toBeDefined()
    await runs.setValue('2.5')
    expect(w.find('[data-testid="setting-maxConcurrentRuns-error"]').exists()).toBe(true)

    await runs.setValue('3')
    expect(w.find('[data-testid="setting-maxConcurrentRuns-error"]').exists()).toBe(false)
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(patches).toEqual([{ maxConcurrentRuns: 3 }])
    expect(w.get('[data-testid="settings-saved"]').text()).toMatch(/Saved/)
    expect((runs.element as HTMLInputElement).value).toBe('3')
    w.unmount()
  })

  it('shows a setting the host fixed as read-only and never sends it', async () => {
    const { api, patches } = settingsLab(['maxConcurrentRuns'])
    setLab(api)
    const w = mount(SettingsViewComponent, { attachTo: document.body })
    await flushPromises()
    const runs = w.get('[data-testid="setting-maxConcurrentRuns"]')
    expect(runs.attributes('disabled')).toBeDefined()
    await w.get('[data-testid="setting-studyWorkers"]').setValue('1')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(patches).toEqual([{ studyWorkers: 1 }])
    w.unmount()
  })

  it('says what the processor-or-graphics-card timings chose, and forgets them on request', async () => {
    let choices: SettingsView['backendChoices'] = {
      measured: 3,
      onGraphicsCard: 1,
      lastMeasured: '2026-12-01T10:00:00.000Z'
    }
    let forgets = 0
    const view = (): SettingsView => ({
      settings: DEFAULT_SETTINGS,
      overridden: [],
      cores: 2,
      backendChoices: choices
    })
    const api = {
      getSettings: async () => view(),
      forgetBackendChoices: async () => {
        forgets++
        choices = { measured: 0, onGraphicsCard: 0, lastMeasured: null }
        return view()
      }
    } as Partial<LabApi> as LabApi
    setLab(api)
    const w = mount(SettingsViewComponent, { attachTo: document.body })
    await flushPromises()
    const text = () => w.get('[data-testid="backend-choices-text"]').text()
    expect(text()).toMatch(
      /on 3 kinds of run, last on .*2026.*: the graphics card was faster on 1 of them/
    )
    const again = w.get('[data-testid="backend-choices-forget"]')
    expect(again.attributes('disabled')).toBeUndefined()
    await again.trigger('click')
    await flushPromises()
    expect(forgets).toBe(1)
    expect(w.get('[data-testid="backend-choices-forgot"]').text()).toMatch(/times both again/)
    expect(text()).toMatch(/Nothing measured yet/)
    // nothing left to forget
    expect(again.attributes('disabled')).toBeDefined()
    w.unmount()
  })
})
