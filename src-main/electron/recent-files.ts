import { z } from 'zod'
import { readJsonFile, writeJsonFile, type FsLike } from './json-file'

/** How many session files File › Open Recent lists. */
export const MAX_RECENT = 10

const recentList = z.array(z.string().min(1).max(4096)).max(100)

/** The recent list with `file` first, without duplicates, at most {@link MAX_RECENT} long. */
export function addRecentFile(list: readonly string[], file: string): string[] {
  return [file, ...list.filter((f) => f !== file)].slice(0, MAX_RECENT)
}

/** The remembered recent files (most recent first); empty when none or unreadable. */
export function loadRecentFiles(fs: FsLike, file: string): string[] {
  const r = recentList.safeParse(readJsonFile(fs, file))
  return r.success ? r.data.slice(0, MAX_RECENT) : []
}

export function saveRecentFiles(fs: FsLike, file: string, list: readonly string[]): void {
  writeJsonFile(fs, file, list.slice(0, MAX_RECENT))
}
