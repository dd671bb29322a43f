import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type {
  PresetSummary,
  SessionData,
  SessionSummary,
  StudySummary
} from '@shared/protocol/lab-api'
import { useLab } from '../lab'

/** Sessions the backend knows about, guided-experiment presets, and sessions opened for comparison. */
export const useLibraryStore = defineStore('library', () => {
  const sessions = ref<SessionSummary[]>([])
  /** Studies (`.mflabstudy` files) in the sessions folder, newest first. */
  const studies = ref<StudySummary[]>([])
  const presets = ref<PresetSummary[]>([])
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** Loaded sessions by id (big arrays inside: never deep-reactive). */
  const opened = shallowRef<Map<string, SessionData>>(new Map())

  /** Most recently updated first. */
  const recent = computed(() =>
    [...sessions.value].sort((x, y) => y.updatedAt.localeCompare(x.updatedAt))
  )

  async function guard<T>(work: () => Promise<T>): Promise<T | null> {
    loading.value = true
    error.value = null
    try {
      return await work()
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
      return null
    } finally {
      loading.value = false
    }
  }

  async function refresh(): Promise<void> {
    const list = await guard(() => useLab().listSessions())
    if (list) sessions.value = list
    const lab = useLab()
    // A backend from before studies joined the LabApi has no listStudies: it simply lists none.
    if (typeof lab.listStudies !== 'function') return
    const found = await guard(() => lab.listStudies())
    if (found) studies.value = found
  }

  async function loadPresets(): Promise<void> {
    const list = await guard(() => useLab().listPresets())
    if (list) presets.value = list
  }

  /** Loads sessions (cached by id) and returns them in the order asked, skipping failures. */
  async function open(ids: readonly string[]): Promise<SessionData[]> {
    const map = new Map(opened.value)
    for (const id of ids) {
      if (map.has(id)) continue
      const data = await guard(() => useLab().loadSession(id))
      if (data) map.set(id, data)
    }
    opened.value = map
    return ids.map((id) => map.get(id)).filter((d): d is SessionData => !!d)
  }

  /** Drops a cached session (after it changed). */
  function forget(id: string): void {
    if (!opened.value.has(id)) return
    const map = new Map(opened.value)
    map.delete(id)
    opened.value = map
  }

  return {
    sessions,
    studies,
    presets,
    loading,
    error,
    opened,
    recent,
    refresh,
    loadPresets,
    open,
    forget
  }
})
