import { parseRoute } from '../../router'

/**
 * @deprecated The study route now lives in router.ts (`{ name: 'study', id }`); this adapter stays
 * only for code that still imports it.
 */
export interface StudyRoute {
  id: string | null
}

/** @deprecated Use `parseRoute` of router.ts. Parses `#/study[/id]`; null for any other hash. */
export function parseStudyRoute(h: string): StudyRoute | null {
  const r = parseRoute(h)
  return r.name === 'study' ? { id: r.id } : null
}
