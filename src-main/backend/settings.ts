import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '@shared/protocol/settings-schema'
import { writeFileAtomic } from './atomic-write'

export { DEFAULT_SETTINGS, settingsSchema, type Settings } from '@shared/protocol/settings-schema'

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

/** Writes settings (validated) to `file` atomically (a crash leaves the old file or the new one). */
export async function saveSettings(file: string, settings: Settings): Promise<void> {
  const valid = settingsSchema.parse(settings)
  await mkdir(dirname(file), { recursive: true })
  await writeFileAtomic(file, new TextEncoder().encode(JSON.stringify(valid, null, 2) + '\n'))
}
