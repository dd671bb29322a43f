// @vitest-environment jsdom
/// <reference lib="dom" />
import { presetSpec } from '@shared/spec/presets'
import { beforeEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { parseSpec } from '@shared/spec/experiment-spec'
import { useWizardStore } from '../../../src-renderer/src/stores/wizard-store'
import WizardView from '../../../src-renderer/src/views/Wizard/WizardView.vue'
import { FIELD_BY_PATH, WIZARD_STEPS } from '../../../src-renderer/src/spec-fields'

describe('wizard store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('starts from a valid default spec on the first step', () => {
    const w = useWizardStore()
    expect(w.stepIndex).toBe(0)
    expect(w.spec).not.toBeNull()
    expect(w.canNext).toBe(true)
  })

  it('a bad value yields a field error at its path and blocks Next', () => {
    const w = useWizardStore()
    expect(w.next()).toBe(true)
    expect(WIZARD_STEPS[w.stepIndex].title).toBe('Model')
    w.setField('model.width', -5)
    expect(w.fieldError('model.width')).toMatch(/./)
    expect(w.canNext).toBe(false)
    expect(w.next()).toBe(false)
    expect(w.stepIndex).toBe(1)
    expect(w.canStart).toBe(false)
    w.setField('model.width', 64)
    expect(w.fieldError('model.width')).toBeNull()
    expect(w.next()).toBe(true)
    expect(w.stepIndex).toBe(2)
  })

  it('an unparsable number is an error, not silently the old value', () => {
    const w = useWizardStore()
    w.setField('task.dim', Number('abc'))
    expect(w.fieldError('task.dim')).not.toBeNull()
    expect(w.canNext).toBe(false)
  })

  it('a cross-field rule blocks the step that owns the field', () => {
    const w = useWizardStore()
    w.setField('dynamics.kind', 'sgd')
    w.setField('task.trainSize', 10)
    w.setField('dynamics.batchSize', 50)
    expect(Object.keys(w.stepErrors(0))).toEqual([])
    expect(w.stepErrors(2)['dynamics.batchSize']).toMatch(/trainSize/)
  })

  it('a size that cannot fit in memory is an error at its field, before Start', () => {
    const w = useWizardStore()
    w.setField('model.width', 1_000_000)
    w.setField('task.dim', 40)
    expect(w.fieldError('model.width')).toBe(
      'width 10⁶ × d 40 needs 1.3 GB for the particles alone (the lab allows 1.0 GB per array); use a smaller width or dimension'
    )
    expect(w.spec).toBeNull()
  })

  it('switching a kind installs that kind’s defaults', () => {
    const w = useWizardStore()
    w.setField('task.kind', 'two-gaussians-anisotropic')
    expect(w.getField('task.subspaceDim')).toBe(4)
    w.setField('model.init.w.kind', 'constant')
    expect(w.getField('model.init.w.value')).toBe(1)
    expect(w.spec).not.toBeNull()
    expect(parseSpec(w.draft).ok).toBe(true)
  })

  it('goTo cannot jump past a step with an error', () => {
    const w = useWizardStore()
    w.setField('model.width', 0)
    w.goTo(4)
    expect(w.stepIndex).toBe(0)
    w.goTo(1)
    expect(w.stepIndex).toBe(1)
  })

  it('every field shown for the default draft names a real spec path', () => {
    const w = useWizardStore()
    const shown = [...FIELD_BY_PATH.values()].filter((f) => !f.when || f.when(w.draft))
    expect(shown.length).toBeGreaterThan(20)
    for (const f of shown) {
      const v = w.getField(f.path)
      if (f.kind === 'beta') expect(v === null || typeof v === 'number').toBe(true)
      else expect(v, f.path).not.toBeUndefined()
    }
  })
})

describe('WizardView', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('shows the error at the field and disables Next', async () => {
    const wrapper = mount(WizardView, { attachTo: document.body })
    const w = useWizardStore()
    w.next()
    await wrapper.vm.$nextTick()
    expect(wrapper.get('[data-testid="wizard-step"]').attributes('data-step')).toBe('1')
    const input = wrapper.get('[data-testid="field-model.width"]')
    await input.setValue('-3')
    const err = wrapper.get('[data-testid="field-error"]')
    expect(err.attributes('data-path')).toBe('model.width')
    // a sentence with the field's name and range, not the validator's wording
    expect(err.text()).toBe('Width M must be a whole number from 1 to 1,000,000.')
    await input.setValue('abc')
    expect(wrapper.get('[data-testid="field-error"]').text()).toMatch(/^Width M must be/)
    expect(wrapper.get('[data-testid="wizard-next"]').attributes('disabled')).toBeDefined()
    await input.setValue('100')
    expect(wrapper.find('[data-testid="field-error"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="wizard-next"]').attributes('disabled')).toBeUndefined()
    wrapper.unmount()
  })

  it('the review step shows the spec as JSON and an estimate', async () => {
    const wrapper = mount(WizardView, { attachTo: document.body })
    const w = useWizardStore()
    w.goTo(5)
    await wrapper.vm.$nextTick()
    const json = JSON.parse(wrapper.get('[data-testid="wizard-json"]').text())
    expect(json.model.width).toBe(w.spec?.model.width)
    expect(wrapper.get('[data-testid="wizard-estimate"]').attributes('data-fits')).toBe('true')
    expect(wrapper.get('[data-testid="wizard-start"]').attributes('disabled')).toBeUndefined()
    // far beyond memory: the field itself says how much it needs, and Start stays disabled
    w.setField('model.width', 1_000_000)
    w.setField('task.dim', 4096)
    await wrapper.vm.$nextTick()
    expect(w.fieldError('model.width')).toMatch(/needs \d+\.\d GB for the particles alone/)
    expect(wrapper.get('[data-testid="wizard-start"]').attributes('disabled')).toBeDefined()
    wrapper.unmount()
  })

  it('the review step says when a requested PDE overlay will not be drawn, and why', async () => {
    const wrapper = mount(WizardView, { attachTo: document.body })
    const w = useWizardStore()
    w.loadSpec(presetSpec('mmn-two-gaussians', { size: 'ci' }), 'mmn-two-gaussians')
    w.goTo(5)
    await wrapper.vm.$nextTick()
    expect(w.spec?.observe.observables).toContain('pde')
    expect(wrapper.find('[data-testid="pde-mismatch"]').exists()).toBe(false)
    w.setField('dynamics.kind', 'gd')
    await wrapper.vm.$nextTick()
    expect(wrapper.get('[data-testid="pde-mismatch"]').text()).toContain(
      "dynamics 'gd' is not online SGD"
    )
    // a warning, not a refusal: the run still starts
    expect(wrapper.get('[data-testid="wizard-start"]').attributes('disabled')).toBeUndefined()
    wrapper.unmount()
  })
})

describe('the step formula', () => {
  it('matches the dynamics: SGD with its decay and noise, GD, two-timescale with label noise', async () => {
    const { stepFormula } = await import('../../../src-renderer/src/spec-fields')
    const sgd = { dynamics: { kind: 'online-sgd', beta: null, lambda: 0 } }
    expect(stepFormula(sgd)).toContain('2s\\,(y_k - f(x_k))')
    expect(stepFormula(sgd)).not.toContain('\\beta')
    const noisy = { dynamics: { kind: 'online-sgd', beta: 40, lambda: 0.1 } }
    expect(stepFormula(noisy)).toContain('\\sqrt{4s/\\beta}')
    expect(stepFormula(noisy)).toContain('2s\\lambda')
    expect(stepFormula({ dynamics: { kind: 'gd', beta: null, lambda: 0 } })).toContain('\\sum_k')
    const tt = { dynamics: { kind: 'two-timescale', twoTimescale: { labelNoise: 1 } } }
    expect(stepFormula(tt)).toContain('K_\\mu + cI')
    expect(stepFormula(tt)).toContain('\\tilde y')
    expect(stepFormula(tt)).not.toContain('y_k - f(x_k)')
  })
})
