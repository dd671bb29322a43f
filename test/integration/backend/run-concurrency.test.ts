import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunStatus } from '@shared/protocol/lab-api'
import type { ExperimentSpecInput } from '@shared/spec/experiment-spec'
import { presetSpec } from '@shared/spec/presets'
import { createLabBackend } from '../../../src-main/backend/lab-backend'
import { MAX_QUEUED_RUNS } from '../../../src-main/backend/run-queue'
import { workerBundle } from './worker-bundle'

let workerPath: string
const dir = mkdtempSync(join(tmpdir(), 'mflab-concurrency-'))

beforeAll(async () => {
  workerPath = await workerBundle()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A run long enough to still be going while the test looks (it is stopped at the end). */
function longSpec(): ExperimentSpecInput {
  const s = presetSpec('mmn-two-gaussians', { size: 'ci' })
  return {
    ...s,
    title: 'same title for every run',
    task: { ...s.task, dim: 4 },
    model: { ...s.model, width: 8 },
    dynamics: { ...s.dynamics, steps: 10_000_000 },
    observe: { ...s.observe, every: 1000, snapshotEvery: 1_000_000, observables: [] },
    compute: { backend: 'js', chunkSteps: 500, autosaveSeconds: 60 }
  }
}

const ACTIVE: RunStatus[] = ['running', 'paused']

describe('one run per file, and limits that hold under concurrent calls', () => {
  it.each([20, 500])(
    '%i concurrent startRun calls with one title: unique ids and files, max-runs 1 holds, the queue is capped',
    async (n) => {
      const sessions = join(dir, `n${n}`)
      const backend = createLabBackend({ sessionsDir: sessions, workerPath, maxConcurrentRuns: 1 })
      let mostActive = 0
      const status = new Map<string, RunStatus>()
      backend.onRunEvent((e) => {
        if (e.kind !== 'status') return
        status.set(e.runId, e.status)
        const active = [...status.values()].filter((s) => ACTIVE.includes(s)).length
        mostActive = Math.max(mostActive, active)
      })
      try {
        const results = await Promise.allSettled(
          Array.from({ length: n }, () => backend.startRun(longSpec()))
        )
        const ids = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
        const refusals = results.flatMap((r) =>
          r.status === 'rejected' ? [(r.reason as Error).message] : []
        )
        expect(new Set(ids).size).toBe(ids.length)
        expect(ids.length).toBe(Math.min(n, MAX_QUEUED_RUNS))
        for (const m of new Set(refusals))
          expect(m).toBe(
            `too many runs waiting to start (${MAX_QUEUED_RUNS}); stop some or let them finish first`
          )
        const files = readdirSync(sessions).filter((f) => f.endsWith('.mflab'))
        expect(files).toHaveLength(ids.length)
        // let the first run get going, then check that no second one started beside it
        await new Promise((r) => setTimeout(r, 1500))
        expect(mostActive).toBe(1)
        const listed = await backend.listSessions()
        expect(listed.filter((s) => ACTIVE.includes(s.status))).toHaveLength(1)
        expect(listed.filter((s) => s.status === 'queued')).toHaveLength(ids.length - 1)
      } finally {
        await backend.shutdown()
      }
    },
    60_000
  )
})
