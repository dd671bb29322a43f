import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateInvoke } from '@shared/protocol/arg-schemas'
import { DEFAULT_SETTINGS } from '@shared/protocol/settings-schema'
import { presetVariantLabels } from '@shared/study/preset-study'
import type { StudyData } from '@shared/study/study-data'
import type { LabBackend } from '../../../src-main/backend/lab-backend'
import { saveSessionFile } from '../../../src-main/backend/session-store'
import { autoMemoryPath, fileAutoMemory } from '../../../src-main/compute/auto-memory-file'
import { loadStudyFile } from '../../../src-main/backend/study-runner'
import { sampleSession } from '../../fixtures/session/sample-session'
import { backendHarness } from './backend-harness'

const harness = backendHarness('mflab-app-studies-')
const tempDir = harness.tempDir

function backendIn(dir: string, extra: { maxConcurrentRuns?: number } = {}): LabBackend {
  return harness.backend({ dataDir: dir, ...extra })
}

async function until<T>(
  probe: () => Promise<T>,
  done: (v: T) => boolean,
  what: string,
  timeoutMs = 90_000
): Promise<T> {
  const t0 = Date.now()
  for (;;) {
    const v = await probe()
    if (done(v)) return v
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 150))
  }
}

// The Home page's "Run all variants": the same variant study as `mflab sweep --variants`, run by
// the app's backend, shown live, and judged on the claims of the preset at the end.
describe('preset variant studies started through the LabApi', () => {
  it('lists the variants of comparison presets and none for single-run presets', async () => {
    const backend = backendIn(tempDir())
    const presets = await backend.listPresets()
    const lazy = presets.find((p) => p.id === 'lazy-vs-mean-field')
    expect(lazy?.variants?.default).toEqual(presetVariantLabels('lazy-vs-mean-field'))
    expect(lazy?.variants?.ci).toEqual(presetVariantLabels('lazy-vs-mean-field', 'ci'))
    expect(lazy?.variants?.default.length).toBeGreaterThan(1)
    expect(presets.find((p) => p.id === 'mmn-two-gaussians')?.variants).toBeUndefined()
    await expect(backend.startStudy('mmn-two-gaussians', 'ci')).rejects.toThrow(
      /no variants \(a single-run preset\)/
    )
    await expect(backend.startStudy('no-such-preset', 'ci')).rejects.toThrow(/unknown preset/)
  })

  it('runs lazy-vs-mean-field at the ci size: live view, then the claims met and saved', async () => {
    const dir = tempDir()
    const backend = backendIn(dir)
    const summary = await backend.startStudy('lazy-vs-mean-field', 'ci')
    expect(summary.fileName).toMatch(/\.mflabstudy$/)
    expect(summary.running).toBe(true)
    expect(summary.runs).toBe(presetVariantLabels('lazy-vs-mean-field', 'ci').length)

    const first = await backend.loadStudy(summary.id)
    expect(first.variantStudy).toBe(true)
    expect(first.runs.map((r) => r.label)).toEqual(presetVariantLabels('lazy-vs-mean-field', 'ci'))

    const done = await until(
      () => backend.loadStudy(summary.id),
      (s: StudyData) => !s.running,
      'the study to end'
    )
    expect(done.runs.every((r) => r.status === 'completed')).toBe(true)
    expect(done.runs.every((r) => (r.series.risk?.length ?? 0) > 1)).toBe(true)
    // The theory's verdicts (docs/science.md#guided-experiments): lazy training fails where mean-field learns.
    expect(done.claims?.map((c) => [c.id, c.met])).toEqual(done.claims?.map((c) => [c.id, true]))
    expect(done.claims?.length).toBeGreaterThan(0)

    // The file holds the same verdicts, and the study is listed as finished.
    const file = await loadStudyFile(join(dir, 'sessions', summary.fileName))
    expect(file.claims?.map((c) => c.met)).toEqual(done.claims?.map((c) => c.met))
    const listed = (await backend.listStudies()).find((s) => s.id === summary.id)
    expect(listed).toMatchObject({ status: 'completed', completed: summary.runs })
    expect(listed?.running).toBeUndefined()
    await expect(backend.controlStudy(summary.id, 'resume')).rejects.toThrow(/has completed/)
  })

  it('stops a running study resumably, and resumes it to the end', async () => {
    const dir = tempDir()
    const backend = backendIn(dir)
    const summary = await backend.startStudy('bad-minimum-escape', 'ci')
    await until(
      () => backend.loadStudy(summary.id),
      (s) => s.runs.some((r) => r.step > 0),
      'a run to make progress'
    )
    await backend.controlStudy(summary.id, 'stop')
    const stopped = await backend.loadStudy(summary.id)
    expect(stopped.running).toBe(false)
    expect(stopped.runs.some((r) => r.status !== 'completed')).toBe(true)
    const resumedFrom = stopped.runs.map((r) => r.step)

    await backend.controlStudy(summary.id, 'resume')
    const done = await until(
      () => backend.loadStudy(summary.id),
      (s) => !s.running,
      'the resumed study to end'
    )
    expect(done.runs.every((r) => r.status === 'completed')).toBe(true)
    // a stopped run continues from its checkpoint, it does not start again from step 0
    done.runs.forEach((r, i) => expect(r.step).toBeGreaterThanOrEqual(resumedFrom[i]))
    expect(done.claims?.every((c) => c.met !== null)).toBe(true)
  })
})

describe('value sweeps started through the LabApi', () => {
  it('runs a preset over widths × seeds, as `mflab sweep` does, and refuses a bad value first', async () => {
    const dir = tempDir()
    const backend = backendIn(dir)
    await expect(
      backend.startSweep({
        preset: 'lazy-vs-mean-field',
        size: 'ci',
        param: 'model.width',
        values: [10, -4],
        seeds: [1]
      })
    ).rejects.toThrow(/-4.*model\.width/)
    await expect(
      backend.startSweep({
        preset: 'lazy-vs-mean-field',
        param: 'model.nope',
        values: [1],
        seeds: [1]
      })
    ).rejects.toThrow(/model\.nope/)
    expect(await backend.listStudies()).toEqual([])

    const summary = await backend.startSweep({
      preset: 'lazy-vs-mean-field',
      size: 'ci',
      param: 'model.width',
      values: [10, 40],
      seeds: [1, 2]
    })
    expect(summary).toMatchObject({ param: 'model.width', runs: 4, running: true })
    const done = await until(
      () => backend.loadStudy(summary.id),
      (s) => !s.running,
      'the sweep to end'
    )
    expect(done.variantStudy).toBe(false)
    expect(done.claims).toBeNull()
    expect(done.runs.map((r) => [r.value, r.seed, r.status])).toEqual([
      [10, 1, 'completed'],
      [10, 2, 'completed'],
      [40, 1, 'completed'],
      [40, 2, 'completed']
    ])
    expect(done.runs.every((r) => r.finalRisk !== null && r.finalRisk > 0)).toBe(true)
  })
})

describe('chart export through the LabApi (the app’s SVG buttons)', () => {
  it('draws a session’s charts with the report renderer, and names the charts it has', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'sessions'))
    await saveSessionFile(join(dir, 'sessions', 'one.mflab'), sampleSession({ records: 30 }))
    const backend = backendIn(dir)
    const [s] = await backend.listSessions()
    const svg = await backend.exportChart(s.id, 'risk', 'svg')
    expect(svg.mimeType).toBe('image/svg+xml')
    expect(svg.fileName).toMatch(/-risk\.svg$/)
    const text = new TextDecoder().decode(svg.bytes)
    expect(text).toMatch(/^<\?xml|^<svg/)
    expect((text.match(/<path/g) ?? []).length).toBeGreaterThan(10)
    const png = await backend.exportChart(s.id, 'norm-histogram', 'png')
    expect(Array.from(png.bytes.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10])
    await expect(backend.exportChart(s.id, 'kernel-heatmap', 'svg')).rejects.toThrow(
      /no chart 'kernel-heatmap' \(it has: risk, norm-histogram/
    )
  })
})

describe('settings through the LabApi', () => {
  it('reads defaults, saves a change atomically as JSON, and keeps it for the next start', async () => {
    const dir = tempDir()
    const backend = backendIn(dir)
    const view = await backend.getSettings()
    expect(view.settings).toEqual(DEFAULT_SETTINGS)
    expect(view.overridden).toEqual([])
    expect(view.cores).toBeGreaterThan(0)

    const next = await backend.updateSettings({ maxConcurrentRuns: 3, studyWorkers: 1 })
    expect(next.settings).toMatchObject({ maxConcurrentRuns: 3, studyWorkers: 1 })
    const onDisk = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))
    expect(onDisk).toMatchObject({ maxConcurrentRuns: 3, studyWorkers: 1 })
    await backend.shutdown()

    const again = backendIn(dir)
    expect((await again.getSettings()).settings.maxConcurrentRuns).toBe(3)
  })

  it("shows auto's remembered processor/graphics card choices and forgets them, settings kept", async () => {
    const dir = tempDir()
    const backend = backendIn(dir)
    await backend.updateSettings({ studyWorkers: 1 })
    const settingsBefore = readFileSync(join(dir, 'settings.json'), 'utf8')
    expect((await backend.getSettings()).backendChoices).toEqual({
      measured: 0,
      onGraphicsCard: 0,
      lastMeasured: null
    })
    // the choices as a run's compute worker remembers them: the same writer, the same file
    const file = autoMemoryPath(join(dir, 'settings.json'))
    const memory = fileAutoMemory(file)
    memory.set('online SGD, noiseless, batch≤1, M≤1024, d≤64 on a test GPU', {
      backend: 'js',
      stepsPerSecond: { js: 90_000, webgpu: 5_000 },
      measuredAt: '2026-12-01T10:00:00.000Z'
    })
    memory.set('full-batch GD, noisy, batch≤4096, M≤4096, d≤64 on a test GPU', {
      backend: 'webgpu',
      stepsPerSecond: { js: 20, webgpu: 600 },
      measuredAt: '2026-12-02T09:00:00.000Z'
    })
    expect((await backend.getSettings()).backendChoices).toEqual({
      measured: 2,
      onGraphicsCard: 1,
      lastMeasured: '2026-12-02T09:00:00.000Z'
    })
    expect(validateInvoke('forgetBackendChoices', [])).toEqual([])
    const after = await backend.forgetBackendChoices()
    expect(after.backendChoices).toEqual({ measured: 0, onGraphicsCard: 0, lastMeasured: null })
    expect(existsSync(file)).toBe(false)
    expect(memory.get('online SGD, noiseless, batch≤1, M≤1024, d≤64 on a test GPU')).toBeUndefined()
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(settingsBefore)
    // forgetting nothing is no error
    expect((await backend.forgetBackendChoices()).backendChoices.measured).toBe(0)
  })

  it('refuses bad values at the boundary and in the backend, leaving the file as it was', async () => {
    const dir = tempDir()
    const backend = backendIn(dir)
    await backend.updateSettings({ histogramsPerSecond: 2 })
    const before = readFileSync(join(dir, 'settings.json'), 'utf8')
    expect(() => validateInvoke('updateSettings', [{ maxConcurrentRuns: 0 }])).toThrow(
      /patch\.maxConcurrentRuns/
    )
    await expect(backend.updateSettings({ maxConcurrentRuns: 1000 })).rejects.toThrow()
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before)
  })

  it('says which setting the host fixed (serve --max-runs) and keeps it', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ maxConcurrentRuns: 4 }))
    const backend = backendIn(dir, { maxConcurrentRuns: 2 })
    const view = await backend.getSettings()
    expect(view.overridden).toEqual(['maxConcurrentRuns'])
    expect(view.settings.maxConcurrentRuns).toBe(2)
  })
})
