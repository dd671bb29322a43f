import type { LabApi } from '@shared/protocol/lab-api'

let current: LabApi | null = null

/** Installs the LabApi the views and stores use (main.ts at boot; tests with their own backend). */
export function setLab(api: LabApi | null): void {
  current = api
}

/** The installed LabApi; throws when none was installed, which is a boot-order bug. */
export function useLab(): LabApi {
  if (!current) throw new Error('LabApi not installed: call setLab() before mounting')
  return current
}
