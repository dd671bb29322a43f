import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import type { AutoEntry, AutoMemory } from '@shared/engine/auto-choice'

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
