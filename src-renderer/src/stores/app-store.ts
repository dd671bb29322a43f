import { defineStore } from 'pinia'
import { ref } from 'vue'

/** App-wide state: the last API failure, shown in a banner until dismissed. */
export const useAppStore = defineStore('app', () => {
  const error = ref<string | null>(null)

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

  return { error, report, dismiss, attempt }
})
