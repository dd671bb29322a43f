import { computed, ref } from 'vue'

/**
 * The Study view's place in the address: `#/study` (open a file) or `#/study/<id>` (a study the
 * backend knows). Kept here, beside the view, until router.ts has a 'study' route of its own.
 */
export interface StudyRoute {
  id: string | null
}

const hash = ref(typeof location === 'undefined' ? '' : location.hash)
if (typeof window !== 'undefined')
  window.addEventListener('hashchange', () => (hash.value = location.hash))

/** Parses `#/study[/id]`; null for any other hash. */
export function parseStudyRoute(h: string): StudyRoute | null {
  const parts = h.replace(/^#\/?/, '').split('?')[0].split('/').filter(Boolean)
  if (parts[0] !== 'study') return null
  return { id: parts[1] !== undefined ? decodeURIComponent(parts[1]) : null }
}

/** The current study route, reactive; null when another view is shown. */
export const studyRoute = computed(() => parseStudyRoute(hash.value))

/** Navigates to the Study view (of a study the backend knows, or to open a file). */
export function goStudy(id: string | null = null): void {
  const h = id ? `#/study/${encodeURIComponent(id)}` : '#/study'
  hash.value = h
  if (typeof location !== 'undefined' && location.hash !== h) location.hash = h
}
