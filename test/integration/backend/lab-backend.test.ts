import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { RunEvent, RunStatus } from '@shared/protocol/lab-api'
import type { ExperimentSpecInput } from '@shared/spec/experiment-spec'
import { presetSpec } from '@shared/spec/presets'
import type { LabBackend } from '../../../src-main/backend/lab-backend'
import type { RecoverableSummary } from '../../../src-main/backend/session-registry'
import { loadSessionFile } from '../../../src-main/backend/session-store'
import { backendHarness } from './backend-harness'

const harness = backendHarness('mflab-backend-')
const tempDir = harness.tempDir

function backendIn(
  sessionsDir: string,
  extra: { maxConcurrentRuns?: number; workerPath?: string } = {}
): LabBackend {
  return harness.backend({ sessionsDir, ...extra })
}

/** A seconds-long version of the MMN preset: few particles, low dimension, the js backend. */
function tinySpec(
  over: { steps?: number; every?: number; title?: string; stepSize?: number } = {}
): ExperimentSpecInput {
  const s = presetSpec('mmn-two-gaussians', { size: 'ci' })
  return {
    ...s,
    title: over.title ?? 'tiny two gaussians',
    task: { ...s.task, dim: 8 },
    model: { ...s.model, width: 16 },
    dynamics: {
      ...s.dynamics,
      steps: over.steps ?? 3000,
      stepSize: over.stepSize ?? s.dynamics.stepSize
    },
    // no 'pde' observable (the preset records it): solving the PDE would dominate these tiny runs
    observe: {
      ...s.observe,
      every: over.every ?? 250,
      snapshotEvery: 1000,
      riskSamples: 200,
      observables: []
    },
    compute: { backend: 'js', chunkSteps: 250, autosaveSeconds: 1 }
  }
}

class EventLog {
  events: RunEvent[] = []
  private waiters: (() => void)[] = []
  constructor(backend: LabBackend) {
    backend.onRunEvent((e) => {
      this.events.push(e)
      for (const w of this.waiters.splice(0)) w()
    })
  }
  of(runId: string): RunEvent[] {
    return this.events.filter((e) => e.runId === runId)
  }
  lastStep(runId: string): number {
    let step = -1
    for (const e of this.of(runId))
      if (e.kind === 'metrics') for (const r of e.records) step = Math.max(step, r.step)
    return step
  }
  async until(pred: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const t0 = Date.now()
    while (!pred()) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`)
      await new Promise<void>((r) => {
        this.waiters.push(r)
        setTimeout(r, 100)
      })
    }
  }
  untilStatus(runId: string, status: RunStatus, timeoutMs?: number): Promise<void> {
    return this.until(
      () => this.of(runId).some((e) => e.kind === 'status' && e.status === status),
      `${runId} ${status}`,
      timeoutMs
    )
  }
  statuses(runId: string): RunStatus[] {
    return this.of(runId).flatMap((e) => (e.kind === 'status' ? [e.status] : []))
  }
}

describe('run manager (real engine in a worker thread)', () => {
  it('runs a tiny experiment to completion, streaming metrics, histograms and particles', async () => {
    const dir = tempDir()
    const backend = backendIn(dir)
    const log = new EventLog(backend)
    const id = await backend.startRun(tinySpec())
    await log.untilStatus(id, 'completed')
    const kinds = new Set(log.of(id).map((e) => e.kind))
    expect(kinds).toContain('backend')
    expect(kinds).toContain('metrics')
    expect(kinds).toContain('histogram')
    expect(kinds).toContain('particles')
    expect(log.statuses(id)).toContain('running')
    const backendEvent = log.of(id).find((e) => e.kind === 'backend')
    expect(backendEvent?.kind === 'backend' && backendEvent.backend.actual).toBe('js')

    const streamed = log.of(id).flatMap((e) => (e.kind === 'metrics' ? e.records : []))
    expect(streamed[0].step).toBe(0)
    expect(streamed[streamed.length - 1].step).toBe(3000)
    // the risk must fall on this task (MMN two Gaussians), from ≈ 1.7 at initialisation
    expect(streamed[streamed.length - 1].risk).toBeLessThan(streamed[0].risk)

    const particles = log.of(id).find((e) => e.kind === 'particles')
    expect(particles?.kind === 'particles' && particles.w.length).toBe(16 * 8)

    const data = await backend.loadSession(id)
    expect(data.summary.status).toBe('completed')
    expect(Array.from(data.series.step)).toEqual(streamed.map((r) => r.step))
    expect(Array.from(data.series.risk)).toEqual(streamed.map((r) => r.risk))
    expect(data.histograms.length).toBeGreaterThan(0)
    expect(data.particles?.m).toBe(16)

    const files = readdirSync(dir).filter((f) => f.endsWith('.mflab'))
    expect(files).toHaveLength(1)
    const onDisk = (await loadSessionFile(join(dir, files[0]))).session
    expect(onDisk.status).toBe('completed')
    expect(onDisk.step).toBe(3000)
    expect(onDisk.series.risk).toEqual(data.series.risk)
    expect(onDisk.checkpoint?.step).toBe(3000)
  })

  it('pauses, steps, resumes and stops a run; the stopped run is saved with a checkpoint', async () => {
    const dir = tempDir()
    const backend = backendIn(dir)
    const log = new EventLog(backend)
    const id = await backend.startRun(tinySpec({ steps: 50_000_000, every: 500 }))
    await log.until(() => log.lastStep(id) >= 1000, 'first records')
    await backend.controlRun(id, 'pause')
    await log.untilStatus(id, 'paused')
    const atPause = log.lastStep(id)
    await new Promise((r) => setTimeout(r, 400))
    expect(log.lastStep(id)).toBe(atPause)

    await backend.controlRun(id, 'step')
    await log.until(() => log.lastStep(id) >= atPause + 500, 'one observed step')
    await new Promise((r) => setTimeout(r, 300))
    expect(log.lastStep(id)).toBe(atPause + 500)

    // a step of one, between two records, is measured and shown at once
    await backend.controlRun(id, 'step', 1)
    await log.until(() => log.lastStep(id) >= atPause + 501, 'a single step')
    await new Promise((r) => setTimeout(r, 300))
    expect(log.lastStep(id)).toBe(atPause + 501)
    expect(log.statuses(id).at(-1)).toBe('paused')

    await backend.controlRun(id, 'resume')
    await log.until(() => log.lastStep(id) >= atPause + 3000, 'progress after resume')
    expect(log.statuses(id).filter((s) => s === 'running').length).toBeGreaterThanOrEqual(2)

    await backend.controlRun(id, 'stop')
    await log.untilStatus(id, 'stopped')
    const summary = (await backend.listSessions()).find((s) => s.id === id)
    expect(summary?.status).toBe('stopped')
    const file = readdirSync(dir).find((f) => f.endsWith('.mflab'))!
    const stored = (await loadSessionFile(join(dir, file))).session
    expect(stored.status).toBe('stopped')
    expect(stored.checkpoint?.step).toBe(stored.step)
    expect(stored.step).toBeGreaterThanOrEqual(atPause + 3000)
  })

  it('saves with a name and notes; a new backend (reload) lists and reloads the same curves', async () => {
    const dir = tempDir()
    const first = backendIn(dir)
    const log = new EventLog(first)
    const id = await first.startRun(tinySpec({ steps: 2000 }))
    await log.untilStatus(id, 'completed')
    await first.addNote(id, 1000, 'risk is falling')
    const saved = await first.saveSession(id, 'My saved run')
    expect(saved.title).toBe('My saved run')
    const before = await first.loadSession(id)
    await first.shutdown()

    const second = backendIn(dir)
    const listed = await second.listSessions()
    const entry = listed.find((s) => s.title === 'My saved run')
    expect(entry).toBeDefined()
    expect(entry?.status).toBe('completed')
    const after = await second.loadSession(entry!.id)
    expect(after.series).toEqual(before.series)
    expect(after.histograms).toEqual(before.histograms)
    expect(after.notes).toEqual([{ step: 1000, text: 'risk is falling' }])
    expect(Array.from(after.particles!.w)).toEqual(Array.from(before.particles!.w))
  })

  it('lists a session left running by a crashed process as recoverable and resumes it', async () => {
    const dir = tempDir()
    const first = backendIn(dir)
    const log = new EventLog(first)
    const id = await first.startRun(tinySpec({ steps: 50_000_000, every: 500 }))
    await log.until(() => log.lastStep(id) >= 2000, 'progress')
    // wait for an autosave (every second) that holds a checkpoint, then copy the file as a crash would leave it
    const file = readdirSync(dir).find((f) => f.endsWith('.mflab'))!
    const t0 = Date.now()
    let crashed = (await loadSessionFile(join(dir, file))).session
    while (!(crashed.status === 'running' && (crashed.checkpoint?.step ?? 0) > 0)) {
      if (Date.now() - t0 > 20_000) throw new Error('no autosave with a checkpoint')
      await new Promise((r) => setTimeout(r, 200))
      crashed = (await loadSessionFile(join(dir, file))).session
    }
    const other = tempDir()
    copyFileSync(join(dir, file), join(other, file))
    await first.controlRun(id, 'stop')

    const second = backendIn(other)
    const log2 = new EventLog(second)
    const recoverable = (await second.listRecoverable()) as RecoverableSummary[]
    expect(recoverable).toHaveLength(1)
    expect(recoverable[0].recoverable).toBe(true)
    expect(recoverable[0].message).toMatch(/interrupted/)
    const rid = recoverable[0].id
    const cpStep = crashed.checkpoint!.step
    await second.controlRun(rid, 'resume')
    await log2.until(() => log2.lastStep(rid) >= cpStep + 1000, 'progress after recovery')
    const resumed = log2.of(rid).flatMap((e) => (e.kind === 'metrics' ? e.records : []))
    // it continues from the checkpoint, not from step 0
    expect(resumed[0].step).toBeGreaterThan(cpStep)
    await second.controlRun(rid, 'stop')
    await log2.untilStatus(rid, 'stopped')
    const data = await second.loadSession(rid)
    const steps = data.series.step
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1])
    expect(await second.listRecoverable()).toHaveLength(0)
  })

  it('queues runs beyond maxConcurrentRuns and starts the next when one ends', async () => {
    const backend = backendIn(tempDir(), { maxConcurrentRuns: 1 })
    const log = new EventLog(backend)
    const a = await backend.startRun(tinySpec({ steps: 50_000_000, title: 'a' }))
    const b = await backend.startRun(tinySpec({ steps: 1000, title: 'b' }))
    await log.untilStatus(a, 'running')
    expect(log.statuses(b)).toEqual(['queued'])
    await new Promise((r) => setTimeout(r, 300))
    expect(log.of(b).some((e) => e.kind === 'metrics')).toBe(false)
    await backend.controlRun(a, 'stop')
    await log.untilStatus(b, 'completed')
    expect(log.statuses(b)).toContain('running')
  })

  it('a higher run limit in the settings starts a queued run at once', async () => {
    // no host override: the limit is the saved setting (default 1)
    const backend = backendIn(join(tempDir(), 'sessions'))
    const log = new EventLog(backend)
    const a = await backend.startRun(tinySpec({ steps: 50_000_000, title: 'a' }))
    const b = await backend.startRun(tinySpec({ steps: 50_000_000, title: 'b' }))
    await log.untilStatus(a, 'running')
    expect(log.statuses(b)).toEqual(['queued'])
    await backend.updateSettings({ maxConcurrentRuns: 2 })
    await log.untilStatus(b, 'running')
    // both compute now: a keeps running while b streams metrics
    await log.until(() => log.lastStep(b) > 0, 'metrics of b')
    expect(log.statuses(a).at(-1)).toBe('running')
    await backend.controlRun(a, 'stop')
    await backend.controlRun(b, 'stop')
  })

  it('reports a diverging run as failed with a message', async () => {
    const backend = backendIn(tempDir())
    const log = new EventLog(backend)
    const base = tinySpec({ stepSize: 50, steps: 20_000 })
    // a ReLU network training both layers blows up at this step size (the truncated ReLU would saturate)
    const id = await backend.startRun({
      ...base,
      model: { ...base.model, activation: { kind: 'relu' }, train: { a: true, b: false, w: true } }
    })
    await log.untilStatus(id, 'failed')
    const err = log.of(id).find((e) => e.kind === 'error')
    expect(err?.kind === 'error' && err.message).toMatch(/NaN|Inf|diverg/i)
    const data = await backend.loadSession(id)
    expect(data.summary.status).toBe('failed')
    expect(
      log
        .of(id)
        .filter((e) => e.kind === 'status')
        .at(-1)
    ).toMatchObject({ message: expect.stringMatching(/step size/) })
  })

  it('survives a crashing worker: error event and status failed, the host keeps serving', async () => {
    const dir = tempDir()
    const crashing = join(dir, 'crash-worker.cjs')
    writeFileSync(crashing, "throw new Error('boom from the worker')\n")
    mkdirSync(join(dir, 'sessions'))
    const backend = backendIn(join(dir, 'sessions'), { workerPath: crashing })
    const log = new EventLog(backend)
    const id = await backend.startRun(tinySpec())
    await log.untilStatus(id, 'failed')
    const err = log.of(id).find((e) => e.kind === 'error')
    expect(err?.kind === 'error' && err.message).toMatch(/boom from the worker|crashed/)
    expect((await backend.listSessions()).find((s) => s.id === id)?.status).toBe('failed')
    expect((await backend.listPresets()).length).toBeGreaterThan(0)
  })
})
