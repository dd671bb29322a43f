import type { LabApi } from '@shared/protocol/lab-api'
import { DEFAULT_SETTINGS } from '@shared/protocol/settings-schema'

/**
 * The study and settings methods of a LabApi fake for views that do not use them: studies are
 * refused like a backend without that study would, settings read as the defaults.
 */
export const noStudiesDefaultSettings: Pick<
  LabApi,
  'startStudy' | 'startSweep' | 'controlStudy' | 'showingSession' | 'getSettings' | 'updateSettings'
> = {
  startStudy: async (id) => {
    throw new Error(`no variants for '${id}'`)
  },
  startSweep: async (plan) => {
    throw new Error(`no sweeps of '${plan.preset}'`)
  },
  controlStudy: async (id) => {
    throw new Error(`no study '${id}'`)
  },
  showingSession: async () => undefined,
  getSettings: async () => ({ settings: DEFAULT_SETTINGS, overridden: [], cores: 2 }),
  updateSettings: async () => ({ settings: DEFAULT_SETTINGS, overridden: [], cores: 2 })
}
