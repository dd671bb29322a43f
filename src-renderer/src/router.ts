import { computed, ref } from 'vue'

/** The screens of the app and their parameters, parsed from `location.hash`. */
export type Route =
  | { name: 'home' }
  | { name: 'wizard' }
  | { name: 'run'; id: string | null }
  | { name: 'library' }
  | { name: 'compare'; ids: string[] }
  /** A study the backend knows (`id`), or the Study view's file picker (`id` null). */
  | { name: 'study'; id: string | null }
  | { name: 'settings' }
  /** The science notes (docs/), at a section's anchor or at the top. */
  | { name: 'help'; page: string; section: string | null }

const hash = ref(typeof location === 'undefined' ? '' : location.hash)
if (typeof window !== 'undefined')
  window.addEventListener('hashchange', () => (hash.value = location.hash))

/** Parses '#/run/abc' style hashes; anything unknown is Home. */
export function parseRoute(h: string): Route {
  const [path, query = ''] = h.replace(/^#\/?/, '').split('?')
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent)
  const params = new URLSearchParams(query)
  switch (parts[0]) {
    case 'wizard':
      return { name: 'wizard' }
    case 'run':
      return { name: 'run', id: parts[1] ?? null }
    case 'library':
      return { name: 'library' }
    case 'compare':
      return { name: 'compare', ids: (params.get('ids') ?? '').split(',').filter(Boolean) }
    case 'study':
      return { name: 'study', id: parts[1] ?? null }
    case 'settings':
      return { name: 'settings' }
    case 'help':
      return { name: 'help', page: parts[1] ?? 'science', section: parts[2] ?? null }
    default:
      return { name: 'home' }
  }
}

/** The hash of a route, the inverse of parseRoute. */
export function routeHash(r: Route): string {
  switch (r.name) {
    case 'home':
      return '#/'
    case 'wizard':
      return '#/wizard'
    case 'run':
      return r.id ? `#/run/${encodeURIComponent(r.id)}` : '#/run'
    case 'library':
      return '#/library'
    case 'compare':
      return `#/compare?ids=${r.ids.map(encodeURIComponent).join(',')}`
    case 'study':
      return r.id ? `#/study/${encodeURIComponent(r.id)}` : '#/study'
    case 'settings':
      return '#/settings'
    case 'help':
      return `#/help/${encodeURIComponent(r.page)}${r.section ? '/' + encodeURIComponent(r.section) : ''}`
  }
}

/** The current route, reactive. */
export const route = computed(() => parseRoute(hash.value))

/** Navigates by setting the hash (so Back works and e2e tests can deep-link). */
export function go(r: Route): void {
  const h = routeHash(r)
  hash.value = h
  if (typeof location !== 'undefined' && location.hash !== h) location.hash = h
}
