import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import type { AutoEntry, AutoMemory } from '@shared/engine/auto-choice'
import type { BackendChoices } from '@shared/protocol/settings-schema'

/**
 * The file where `auto` remembers which backend ran each shape class faster: `auto-backend.json`
 * beside the settings file (the app's data folder; for the CLI ~/.mflab, or the folder of
 * $MFLAB_SETTINGS). A file of its own, so the settings form's saves and the compute workers'
 * measurements never overwrite each other. Delete it, or run with `--remeasure`, to measure again.
 */
export function autoMemoryPath(settingsFile?: string): string {
  const settings =
    settingsFile ?? process.env.MFLAB_SETTINGS ?? join(homedir(), '.mflab', 'settings.json')
  return join(dirname(settings), 'auto-backend.json')
}

type Stored = { autoBackend: Record<string, AutoEntry> }

function readStored(file: string): Stored {
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as Partial<Stored>
    return { autoBackend: j.autoBackend && typeof j.autoBackend === 'object' ? j.autoBackend : {} }
  } catch {
    // absent or unreadable: nothing remembered (a broken file must not stop a run)
    return { autoBackend: {} }
  }
}

/** An AutoMemory over `file`: read when asked, merged and replaced atomically when a choice is made. */
export function fileAutoMemory(file: string): AutoMemory {
  return {
    get: (key) => readStored(file).autoBackend[key],
    set(key, entry) {
      try {
        const stored = readStored(file)
        stored.autoBackend[key] = entry
        mkdirSync(dirname(file), { recursive: true })
        const tmp = `${file}.${process.pid}.tmp`
        writeFileSync(tmp, JSON.stringify(stored, null, 2) + '\n')
        renameSync(tmp, file)
      } catch {
        // not remembering costs one more measurement next time, nothing else
      }
    }
  }
}

/** How many choices `file` remembers, how many went to the graphics card, and the latest time. */
export function autoMemorySummary(file: string): BackendChoices {
  let measured = 0
  let onGraphicsCard = 0
  let lastMeasured: string | null = null
  for (const e of Object.values(readStored(file).autoBackend) as Partial<AutoEntry>[]) {
    // a hand-edited or foreign entry is not a measurement
    if (!e || (e.backend !== 'webgpu' && e.backend !== 'js') || typeof e.measuredAt !== 'string')
      continue
    measured++
    if (e.backend === 'webgpu') onGraphicsCard++
    if (!Number.isNaN(Date.parse(e.measuredAt)) && (!lastMeasured || e.measuredAt > lastMeasured))
      lastMeasured = e.measuredAt
  }
  return { measured, onGraphicsCard, lastMeasured }
}

/** Forgets every remembered choice (removes `file`): the next run of each kind measures again. */
export function forgetAutoMemory(file: string): void {
  rmSync(file, { force: true })
}
