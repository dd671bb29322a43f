import { readFile, mkdir, writeFile, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'

/** User settings of the backend, stored as JSON next to the sessions (or where the host says). */
export const settingsSchema = z.object({
  /** Runs computing at the same time; later starts wait in a queue (status 'queued'). */
  maxConcurrentRuns: z.number().int().min(1).max(64).default(1),
  /** Most particle snapshots per second sent to listeners per run (they are the bulky events). */
  particleSnapshotsPerSecond: z.number().min(0.1).max(60).default(2),
  /** Most ‖w‖ histograms per second sent to listeners per run. */
  histogramsPerSecond: z.number().min(0.1).max(60).default(4)
})

export type Settings = z.infer<typeof settingsSchema>

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({})

/**
 * Reads settings from `file`; a missing file gives the defaults, a malformed one gives the defaults
 * plus a warning line (a broken settings file must not stop the app).
 */
export async function loadSettings(
  file: string
): Promise<{ settings: Settings; warning: string | null }> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return { settings: DEFAULT_SETTINGS, warning: null }
  }
  try {
    const r = settingsSchema.safeParse(JSON.parse(text))
    if (r.success) return { settings: r.data, warning: null }
    const first = r.error.issues[0]
    return {
      settings: DEFAULT_SETTINGS,
      warning: `${file}: ${first.path.join('.')}: ${first.message}; using defaults`
    }
  } catch (e) {
    return {
      settings: DEFAULT_SETTINGS,
      warning: `${file}: ${(e as Error).message}; using defaults`
    }
  }
}

/** Writes settings (validated) to `file` via a temporary file and rename. */
export async function saveSettings(file: string, settings: Settings): Promise<void> {
  const valid = settingsSchema.parse(settings)
  await mkdir(dirname(file), { recursive: true })
  const tmp = `${file}.tmp-${process.pid}`
  await writeFile(tmp, JSON.stringify(valid, null, 2) + '\n', 'utf8')
  await rename(tmp, file)
}
