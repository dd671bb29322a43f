import type { LabApi } from '@shared/protocol/lab-api'
import { DEFAULT_SETTINGS } from '@shared/protocol/settings-schema'

/**
 * The chart-export, study and settings methods of a LabApi fake for views that do not use them:
 * exports and studies are refused like a backend without them would, settings read as defaults.
 */
export const noStudiesDefaultSettings: Pick<
  LabApi,
  | 'exportChart'
  | 'startStudy'
  | 'startSweep'
  | 'controlStudy'
  | 'showingSession'
  | 'getSettings'
  | 'updateSettings'
> = {
  startStudy: async (id) => {
    throw new Error(`no variants for '${id}'`)
  },
  exportChart: async (id, chart) => {
    throw new Error(`no chart '${chart}' of '${id}'`)
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
