export { useAppStore } from './app-store'
export { useLibraryStore } from './library-store'
export { useRunStore } from './run-store'
export { useWizardStore } from './wizard-store'
