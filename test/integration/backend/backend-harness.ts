import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll } from 'vitest'
import {
  createLabBackend,
  type LabBackend,
  type LabBackendOptions
} from '../../../src-main/backend/lab-backend'
import { workerBundle } from './worker-bundle'

/**
 * Backends on the real compute worker for a test file: `tempDir()` makes a folder removed after
 * the file, `backend(opts)` a backend (the bundled worker unless `opts.workerPath`) shut down after
 * each test. Registers the file's beforeAll/afterEach/afterAll hooks.
 */
export function backendHarness(prefix: string): {
  tempDir(): string
  backend(opts: LabBackendOptions): LabBackend
} {
  let workerPath = ''
  const dirs: string[] = []
  const backends: LabBackend[] = []
  beforeAll(async () => {
    workerPath = await workerBundle()
  })
  afterEach(async () => {
    await Promise.all(backends.splice(0).map((b) => b.shutdown()))
  })
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })
  return {
    tempDir() {
      const d = mkdtempSync(join(tmpdir(), prefix))
      dirs.push(d)
      return d
    },
    backend(opts) {
      const b = createLabBackend({ workerPath, ...opts })
      backends.push(b)
      return b
    }
  }
}
