import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { presetSpec } from '@shared/spec/presets'
import { applyAssignments, parseAssignment } from '@shared/spec/set-path'
import { createStudy } from '@shared/study/study-plan'
import type { Study } from '@shared/study/study-types'
import { loadStudyFile, StudyRunner, type StudyEvent } from '../../../src-main/backend/study-runner'
import { buildCli, ROOT } from '../cli/run-cli'

const dir = mkdtempSync(join(tmpdir(), 'mflab-study-runner-'))
const workerPath = join(ROOT, 'out/cli/compute-worker.cjs')
beforeAll(buildCli)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Two seeds of the ci preset at width 30, long enough (60k steps) to be stopped midway. */
function study(steps = 60000): Study {
  const baseSpec = applyAssignments(presetSpec('mmn-two-gaussians', { size: 'ci' }), [
    parseAssignment(`dynamics.steps=${steps}`),
    parseAssignment('compute.backend=js')
  ])
  return createStudy({
    title: 'runner test',
    preset: 'mmn-two-gaussians',
    size: 'ci',
    baseSpec,
    param: 'model.width',
    values: [30],
    seeds: [1, 2]
  })
}

describe('StudyRunner', () => {
  it('concurrency is min(cores, jobs, runs to do)', () => {
    const s = study()
    expect(new StudyRunner(s, { workerPath, cores: 8 }).concurrency()).toBe(2)
    expect(new StudyRunner(s, { workerPath, cores: 1 }).concurrency()).toBe(1)
    expect(new StudyRunner(s, { workerPath, cores: 8, jobs: 1 }).concurrency()).toBe(1)
  })

  it('runs at once share the cores out: each run gets cores / jobs threads, at least 1', () => {
    const s = study()
    const saved = process.env.MFLAB_THREADS
    delete process.env.MFLAB_THREADS
    try {
      expect(new StudyRunner(s, { workerPath, cores: 2 }).threadsPerRun(1)).toBeUndefined()
      expect(new StudyRunner(s, { workerPath, cores: 2 }).threadsPerRun(2)).toBe(1)
      expect(new StudyRunner(s, { workerPath, cores: 8 }).threadsPerRun(2)).toBe(4)
      expect(new StudyRunner(s, { workerPath, cores: 8 }).threadsPerRun(3)).toBe(2)
      expect(new StudyRunner(s, { workerPath, cores: 2 }).threadsPerRun(4)).toBe(1)
      process.env.MFLAB_THREADS = '3'
      expect(new StudyRunner(s, { workerPath, cores: 16 }).threadsPerRun(2)).toBe(3)
    } finally {
      if (saved === undefined) delete process.env.MFLAB_THREADS
      else process.env.MFLAB_THREADS = saved
    }
  })

  it('stop keeps checkpoints; a new runner resumes them to the same end as a straight run', async () => {
    const file = join(dir, 'stopped.mflabstudy')
    const runner = new StudyRunner(study(), {
      workerPath,
      file,
      jobs: 2,
      cores: 2,
      metricsFlushMs: 20
    })
    runner.on((e) => {
      if (e.type === 'runProgress' && e.step >= 1000) runner.stop()
    })
    const stopped = await runner.run()
    const onDisk = await loadStudyFile(file)
    for (const s of [stopped, onDisk])
      for (const r of s.runs) {
        expect(r.session.status).toBe('stopped')
        expect(r.session.checkpoint!.step).toBeLessThan(60000)
        expect(r.session.series.risk.length).toBe(r.session.checkpoint!.step / 1000 + 1)
      }

    // At least the run that triggered the stop is resumed from midway.
    expect(Math.max(...onDisk.runs.map((r) => r.session.checkpoint!.step))).toBeGreaterThan(0)

    const events: StudyEvent[] = []
    const resumer = new StudyRunner(onDisk, { workerPath, file, cores: 2 })
    resumer.on((e) => events.push(e))
    const resumed = await resumer.run()
    const starts = events.filter((e) => e.type === 'runStarted')
    expect(starts.map((e) => e.fromStep)).toEqual(
      onDisk.runs.map((r) => r.session.checkpoint!.step)
    )
    const straight = await new StudyRunner(study(), { workerPath, cores: 2 }).run()
    for (let i = 0; i < 2; i++) {
      const a = resumed.runs[i].session
      const b = straight.runs[i].session
      expect(a.status).toBe('completed')
      expect(a.series.risk.length).toBe(61)
      expect(a.summary.risk).toBeCloseTo(b.summary.risk, 9)
      expect(resumed.runs[i].seconds).toBeGreaterThan(onDisk.runs[i].seconds)
    }
    const final = await loadStudyFile(file)
    expect(final.runs.map((r) => r.session.status)).toEqual(['completed', 'completed'])
  })

  it('autosaves the checkpoints of runs in flight, so a killed process can resume them', async () => {
    const file = join(dir, 'autosave.mflabstudy')
    const runner = new StudyRunner(study(120000), { workerPath, file, autosaveSeconds: 0.2 })
    const seen: number[] = []
    let polling = true
    const poll = (async () => {
      while (polling) {
        await new Promise((r) => setTimeout(r, 100))
        const s = await loadStudyFile(file).catch(() => null)
        for (const r of s?.runs ?? [])
          if (r.session.status === 'running') seen.push(r.session.checkpoint?.step ?? 0)
      }
    })()
    const done = await runner.run()
    polling = false
    await poll
    expect(seen.some((step) => step > 0)).toBe(true)
    expect(done.runs.map((r) => r.session.status)).toEqual(['completed', 'completed'])
    const final = await loadStudyFile(file)
    expect(final.runs.map((r) => r.session.status)).toEqual(['completed', 'completed'])
  })
})
