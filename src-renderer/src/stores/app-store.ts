import { defineStore } from 'pinia'
import { ref } from 'vue'

const PROJECTOR_KEY = 'mflab.projector'

function storedProjector(): boolean {
  try {
    return globalThis.localStorage?.getItem(PROJECTOR_KEY) === '1'
  } catch {
    return false
  }
}

/**
 * App-wide state: the last API failure, shown in a banner until dismissed, and projector mode
 * (full width, large type and chart text, for a class), remembered on this machine.
 */
export const useAppStore = defineStore('app', () => {
  const error = ref<string | null>(null)
  const projector = ref(storedProjector())

  function setProjector(on: boolean): void {
    projector.value = on
    try {
      globalThis.localStorage?.setItem(PROJECTOR_KEY, on ? '1' : '0')
    } catch {
      // storage may be off (private window): the mode still applies to this page
    }
  }

  function report(e: unknown): void {
    error.value = e instanceof Error ? e.message : String(e)
  }

  function dismiss(): void {
    error.value = null
  }

  /** Runs an API call; a failure is reported in the banner and yields null. */
  async function attempt<T>(work: () => Promise<T>): Promise<T | null> {
    try {
      return await work()
    } catch (e) {
      report(e)
      return null
    }
  }

  /** Steps per second new runs are held to (0: full speed), the classroom's slow motion. */
  const pace = ref(0)

  return { error, report, dismiss, attempt, projector, setProjector, pace }
})
