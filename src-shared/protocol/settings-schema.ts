import { z } from 'zod'

/**
 * User settings of the backend (saved as `settings.json` in the app's data folder). One schema
 * checks the file, the `updateSettings` call over IPC or the socket, and the Settings form.
 */
export const settingsSchema = z.object({
  /** Runs computing at the same time; later starts wait in a queue (status 'queued'). */
  maxConcurrentRuns: z.number().int().min(1).max(64).default(1),
  /** Compute workers one study runs at once; 0: one per CPU core. */
  studyWorkers: z.number().int().min(0).max(64).default(0),
  /** Most particle snapshots per second sent to listeners per run (they are the bulky events). */
  particleSnapshotsPerSecond: z.number().min(0.1).max(60).default(2),
  /** Most ‖w‖ histograms per second sent to listeners per run. */
  histogramsPerSecond: z.number().min(0.1).max(60).default(4)
})

export type Settings = z.infer<typeof settingsSchema>

/** The name of a setting. */
export type SettingKey = keyof Settings

/** The settings' names, in the order the Settings form shows them. */
export const SETTING_KEYS = Object.keys(settingsSchema.shape) as SettingKey[]

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({})

/** A change to some settings: each given key is checked like the whole file; unknown keys refused. */
export const settingsPatchSchema = settingsSchema
  .partial()
  .strict()
  // Defaults belong to the file, not to a patch: a missing key means "unchanged".
  .transform((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)))

/**
 * What `auto` remembers of its speed measurements on this machine (auto-backend.json beside the
 * settings file): the Settings page shows it and can make the lab forget it.
 */
export interface BackendChoices {
  /** Kinds of run (shape classes: rule, noise, sizes, graphics adapter) measured. */
  measured: number
  /** Of those, how many ran faster on the graphics card. */
  onGraphicsCard: number
  /** ISO time of the latest measurement; null when there is none. */
  lastMeasured: string | null
}

/** What the backend says about its settings. */
export interface SettingsView {
  settings: Settings
  /**
   * Settings the host fixed for this process (e.g. `mflab serve --max-runs`): shown, not
   * changeable here; the saved value applies on the next start without the override.
   */
  overridden: SettingKey[]
  /** CPU cores of the machine running the backend (what `studyWorkers: 0` means). */
  cores: number
  /** `auto`'s remembered choices between the processor and the graphics card. */
  backendChoices: BackendChoices
}
