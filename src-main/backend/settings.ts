import { mkdir, readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { dirname } from 'node:path'
import {
  DEFAULT_SETTINGS,
  SETTING_KEYS,
  settingsSchema,
  type SettingKey,
  type Settings,
  type SettingsView
} from '@shared/protocol/settings-schema'
import { autoMemoryPath, autoMemorySummary, forgetAutoMemory } from '../compute/auto-memory-file'
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

/**
 * The backend's settings: loaded from their file, changed by `update` (validated, saved, logged),
 * with a host's override of the number of concurrent runs (e.g. `mflab serve --max-runs`), and
 * what `auto` remembers beside them (auto-memory-file.ts), shown and forgotten from here.
 */
export class BackendSettings {
  current: Settings = DEFAULT_SETTINGS

  constructor(
    private readonly file: string,
    private readonly overrides: { maxConcurrentRuns?: number },
    private readonly log: (line: string) => void
  ) {}

  /** Reads the file; a malformed one gives the defaults and a log line. */
  async load(): Promise<void> {
    const loaded = await loadSettings(this.file)
    this.current = loaded.settings
    if (loaded.warning) this.log(loaded.warning)
  }

  /** How many runs may compute at once. */
  maxRuns(): number {
    return this.overrides.maxConcurrentRuns ?? this.current.maxConcurrentRuns
  }

  /** The settings as the Settings page shows them: in effect, which are overridden, the cores. */
  view(): SettingsView {
    const overridden: SettingKey[] = []
    if (this.overrides.maxConcurrentRuns !== undefined) overridden.push('maxConcurrentRuns')
    return {
      settings: { ...this.current, maxConcurrentRuns: this.maxRuns() },
      overridden,
      cores: availableParallelism(),
      backendChoices: autoMemorySummary(autoMemoryPath(this.file))
    }
  }

  /** Forgets `auto`'s measured choices (auto-backend.json beside the settings file); logs it. */
  forgetBackendChoices(): SettingsView {
    forgetAutoMemory(autoMemoryPath(this.file))
    this.log('auto backend choices forgotten: the next run of each kind measures again')
    return this.view()
  }

  /** Validates and saves a change (throws for a bad value, nothing saved); logs what changed. */
  async update(patch: Partial<Settings>): Promise<SettingsView> {
    const next = settingsSchema.parse({ ...this.current, ...patch })
    await saveSettings(this.file, next)
    this.current = next
    for (const key of SETTING_KEYS)
      if (patch[key] !== undefined) this.log(`setting ${key} = ${String(next[key])}`)
    return this.view()
  }
}
