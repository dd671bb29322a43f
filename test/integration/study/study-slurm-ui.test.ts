// @vitest-environment jsdom
/// <reference lib="dom" />
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { LabApi } from '@shared/protocol/lab-api'
import { slurmSweepCommands } from '@shared/study/slurm-commands'
import { setLab } from '../../../src-renderer/src/lab'
import NewSweepForm from '../../../src-renderer/src/views/Study/NewSweepForm.vue'
import StudyView from '../../../src-renderer/src/views/Study/StudyView.vue'
import { buildCli, cli } from '../cli/run-cli'

// The Studies page's side of Slurm: the panel a long plan gets, whose command plans the same
// study, and a study collected from a Slurm folder opened like any study file.
const dir = mkdtempSync(join(tmpdir(), 'mflab-slurm-ui-'))
beforeAll(buildCli)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const lab = {
  listPresets: async () => [
    { id: 'mmn-two-gaussians', title: 'SGD vs PDE: two Gaussians', claim: '', estimatedSeconds: 30 }
  ],
  loadStudy: async (id: string) => {
    throw new Error(`no study '${id}'`)
  }
} as unknown as LabApi

describe('Studies page and Slurm', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setLab(lab)
  })
  afterEach(() => setLab(null))

  it('shows the CPU time of every plan, and for a long one the commands that run it on Slurm', async () => {
    const w = mount(NewSweepForm, { attachTo: document.body })
    await flushPromises()
    expect(w.find('[data-testid="sweep-estimate"]').text()).toMatch(/CPU-hours/)
    expect(w.find('[data-testid="sweep-slurm"]').exists()).toBe(false)

    await w.find('[data-testid="sweep-size"]').setValue('paper')
    await w.find('[data-testid="sweep-values"]').setValue('100,1000,10000')
    await w.find('[data-testid="sweep-seeds"]').setValue('1,2,3,4,5,6,7,8,9,10')
    const plan = {
      preset: 'mmn-two-gaussians',
      size: 'paper' as const,
      param: 'model.width',
      values: [100, 1000, 10000],
      seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    }
    const commands = slurmSweepCommands(plan)
    expect(w.find('[data-testid="sweep-slurm"]').exists()).toBe(true)
    expect(w.find('[data-testid="sweep-slurm-submit"]').text()).toBe(commands.submit)
    expect(w.find('[data-testid="sweep-slurm-collect"]').text()).toBe(commands.collect)
    w.unmount()
  })

  it('opens a study collected from a Slurm folder', async () => {
    const variants = [
      '--preset',
      'random-features-vs-network',
      '--variants',
      '--size',
      'ci',
      '--seeds',
      '1,2'
    ]
    expect((await cli(['sweep', ...variants, '--slurm', 'lazy'], dir)).code).toBe(0)
    for (const i of [0, 1, 2, 3])
      expect(
        (await cli(['run', join('lazy', 'runs', `${i}.mflab`), '--backend', 'js'], dir)).code
      ).toBe(0)
    const collected = await cli(['sweep', '--collect', 'lazy', '-o', 'lazy.mflabstudy'], dir)
    expect(collected.code, collected.stderr).toBe(0)

    const w = mount(StudyView, { props: { id: null }, attachTo: document.body })
    const bytes = readFileSync(join(dir, 'lazy.mflabstudy'))
    const file = new File([bytes], 'lazy.mflabstudy')
    const input = w.find('[data-testid="study-file"]')
    Object.defineProperty(input.element, 'files', { value: [file] })
    await input.trigger('change')
    await flushPromises()
    await new Promise((r) => setTimeout(r, 50))
    await flushPromises()
    expect(w.find('[data-testid="study-error"]').exists()).toBe(false)
    expect(w.find('[data-testid="study-title"]').text()).toMatch(/2 settings × 2 seeds/)
    expect(w.find('[data-testid="study-claims-count"]').text()).toMatch(/of\s+2 met/)
    for (const i of [0, 1, 2, 3])
      expect(w.find(`[data-testid="study-run-${i}"]`).text()).toMatch(/completed/)
    w.unmount()
  })
})
