import type { LabApi } from '@shared/protocol/lab-api'
import { DEFAULT_SETTINGS, type SettingsView } from '@shared/protocol/settings-schema'

const view: SettingsView = {
  settings: DEFAULT_SETTINGS,
  overridden: [],
  cores: 2,
  backendChoices: { measured: 0, onGraphicsCard: 0, lastMeasured: null }
}

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
  | 'forgetBackendChoices'
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
  getSettings: async () => view,
  updateSettings: async () => view,
  forgetBackendChoices: async () => view
}
