import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateInvoke } from '@shared/protocol/arg-schemas'
import { parseCsvDataset } from '@shared/science/csv-data'
import { withCsvTask } from '@shared/spec/csv-task-spec'
import { presetSpec } from '@shared/spec/presets'
import { ROOT } from '../cli/run-cli'
import { loadSessionFile } from '../../../src-main/backend/session-store'
import { createLabBackend } from '../../../src-main/backend/lab-backend'
import { workerBundle } from './worker-bundle'

let workerPath: string
const dir = mkdtempSync(join(tmpdir(), 'mflab-own-data-'))
const SAMPLE = join(ROOT, 'src-renderer/public/samples/sample-data.csv')

beforeAll(async () => {
  workerPath = await workerBundle()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The app's own-data spec of the shipped sample, as the wizard makes it (short, on the js backend). */
function sample() {
  const rows = parseCsvDataset(readFileSync(SAMPLE, 'utf8'))
  const base = presetSpec('mmn-two-gaussians', { size: 'ci' })
  const spec = withCsvTask(base, rows, '/home/someone/private/sample-data.csv')
  return {
    rows,
    spec: {
      ...spec,
      dynamics: { ...spec.dynamics, steps: 3000 },
      compute: { ...spec.compute, backend: 'js' as const }
    }
  }
}

describe('your own data through the LabApi: startRun(spec, rows)', () => {
  it('runs a CSV task with its rows and saves them inside the session, with no path', async () => {
    const backend = createLabBackend({ sessionsDir: dir, workerPath })
    try {
      const { rows, spec } = sample()
      expect(spec.preset).toBeUndefined()
      // the rows cross the wire validated, as Float64Arrays
      const [s, data] = validateInvoke('startRun', [spec, { x: rows.x, y: rows.y }])
      const done = new Promise<string>((resolve) =>
        backend.onRunEvent((e) => {
          if (e.kind === 'status' && ['completed', 'failed'].includes(e.status)) resolve(e.status)
        })
      )
      const id = await backend.startRun(s, data)
      expect(await done).toBe('completed')
      const loaded = await backend.loadSession(id)
      expect(loaded.series.step?.length ?? 0).toBeGreaterThan(0)
      const file = join(dir, (await backend.listSessions()).find((x) => x.id === id)!.fileName!)
      const { session } = await loadSessionFile(file)
      expect(session.spec.task).toMatchObject({ kind: 'csv', source: 'sample-data.csv' })
      expect(Array.from(session.data.x)).toEqual(Array.from(rows.x))
      expect(Array.from(session.data.y)).toEqual(Array.from(rows.y))
      expect(readFileSync(file).includes('/home/someone')).toBe(false)
    } finally {
      await backend.shutdown()
    }
  }, 60_000)

  it('refuses a CSV task without rows, rows that do not fit it, and rows for another task', async () => {
    const backend = createLabBackend({ sessionsDir: join(dir, 'refused'), workerPath })
    try {
      const { rows, spec } = sample()
      await expect(backend.startRun(spec)).rejects.toThrow(/^a CSV task needs its rows/)
      await expect(
        backend.startRun({ ...spec, task: { ...spec.task, dim: 5 } }, { x: rows.x, y: rows.y })
      ).rejects.toThrow(/^your data does not fit the experiment: 1200 values, expected 300 rows/)
      const other = presetSpec('mmn-two-gaussians', { size: 'ci' })
      await expect(backend.startRun(other, { x: rows.x, y: rows.y })).rejects.toThrow(
        "data rows are for a CSV task, not task 'two-gaussians'"
      )
      expect(await backend.listSessions()).toEqual([])
      await expect(backend.chooseDataFile()).rejects.toThrow(/no file dialog/)
    } finally {
      await backend.shutdown()
    }
  })
})
