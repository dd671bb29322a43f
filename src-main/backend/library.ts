import { mkdir, open, readdir, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { ID_PATTERN, MAX_ID_LENGTH } from '@shared/protocol/arg-schemas'
import type { StudySummary } from '@shared/protocol/lab-api'
import type { Session } from '@shared/session/session-types'
import { studyClaims } from '@shared/study/preset-study'
import { studyToData, type StudyData } from '@shared/study/study-data'
import { STUDY_EXTENSION } from '@shared/study/study-manifest-schema'
import { studyStatus } from '@shared/study/study-summary'
import type { Study } from '@shared/study/study-types'

/** The file extension of a session. */
export const SESSION_EXT = '.mflab'

/** Reads and writes one session file (the session store: atomic writes, validated reads). */
export interface SessionFiles {
  load(path: string): Promise<Session>
  save(path: string, session: Session): Promise<void>
}

/** Reads and validates one study file (`loadStudyFile` of the study runner; a fake in tests). */
export type StudyFileLoader = (path: string) => Promise<Study>

/** The Library's summary of a decoded study. */
export function summarizeStudy(id: string, fileName: string, s: Study): StudySummary {
  return {
    id,
    title: s.definition.title,
    fileName,
    preset: s.definition.preset,
    param: s.definition.param,
    runs: s.runs.length,
    completed: s.runs.filter((r) => r.session.status === 'completed').length,
    status: studyStatus(s),
    updatedAt: s.updatedAt
  }
}

/** A session file of the library as listed: its id, file and what it holds. */
export interface LibraryEntry {
  id: string
  fileName: string
  path: string
  session: Session
}

/** A file the library could not read, with the reason (shown, never fatal). */
export interface UnreadableEntry {
  fileName: string
  reason: string
}

/**
 * A file-name stem made from a title: lower-case ASCII words joined by '-', never empty, short
 * enough to leave room for suffixes within the id length limit.
 */
export function slugify(title: string): string {
  const s = title
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
  return s || 'session'
}

/**
 * The sessions folder: lists `*.mflab` files with an opaque id each (the file stem when it is a
 * valid id, else a sanitised stem with a numeric suffix), and loads/saves them through the store.
 * Decoded sessions are cached by (mtime, size) so listing a large library stays cheap.
 */
export class Library {
  private readonly sessions: FileCache<Session>
  private idToFile = new Map<string, string>()
  private readonly studies: FileCache<Study> | null
  private studyIdToFile = new Map<string, string>()

  constructor(
    readonly dir: string,
    private readonly files: SessionFiles,
    /** How study files are read; without it the library lists no studies. */
    loadStudyFile?: StudyFileLoader
  ) {
    this.sessions = new FileCache(dir, (path) => files.load(path))
    this.studies = loadStudyFile ? new FileCache(dir, loadStudyFile) : null
  }

  /**
   * Every readable `*.mflabstudy` file in the folder, newest first, with an opaque id each (made
   * like a session's); unreadable ones are returned apart with the reason.
   */
  async listStudies(): Promise<{ studies: StudySummary[]; unreadable: UnreadableEntry[] }> {
    if (!this.studies) return { studies: [], unreadable: [] }
    const found = await scanFolder(this.dir, STUDY_EXTENSION, this.studies)
    this.studyIdToFile = found.idToFile
    const studies = found.items.map((f) => summarizeStudy(f.id, f.fileName, f.value))
    studies.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    return { studies, unreadable: found.unreadable }
  }

  /** The file name of a listed study id (re-lists once when the id is unknown); null if none. */
  async studyFileNameOf(id: string): Promise<string | null> {
    if (!this.studyIdToFile.has(id)) await this.listStudies()
    return this.studyIdToFile.get(id) ?? null
  }

  /** The study of a listed id, as the renderer draws it. Throws a readable error for an unknown id. */
  async loadStudy(id: string): Promise<StudyData> {
    const fileName = await this.studyFileNameOf(id)
    if (!fileName) throw new Error(`no study '${id}' in the library`)
    const study = await this.studies?.read(fileName)
    if (!study) throw new Error(`study file ${fileName} has disappeared`)
    // a study stopped before its end was saved without verdicts: judge what it has
    return studyToData(study, id, { claims: study.claims ?? studyClaims(study) })
  }

  /** Every readable session in the folder, newest first, plus the files that failed to load. */
  async list(): Promise<{ entries: LibraryEntry[]; unreadable: UnreadableEntry[] }> {
    const found = await scanFolder(this.dir, SESSION_EXT, this.sessions)
    this.idToFile = found.idToFile
    const entries = found.items.map((f) => ({
      id: f.id,
      fileName: f.fileName,
      path: join(this.dir, f.fileName),
      session: f.value
    }))
    entries.sort((a, b) => b.session.updatedAt.localeCompare(a.session.updatedAt))
    return { entries, unreadable: found.unreadable }
  }

  /** The file name of a listed id (re-lists once when the id is unknown); null if none. */
  async fileNameOf(id: string): Promise<string | null> {
    if (!this.idToFile.has(id)) await this.list()
    return this.idToFile.get(id) ?? null
  }

  /** Loads the session of a listed id. Throws a readable error for an unknown id. */
  async load(id: string): Promise<LibraryEntry> {
    const fileName = await this.fileNameOf(id)
    if (!fileName) throw new Error(`no session '${id}' in the library`)
    const session = await this.sessions.read(fileName)
    if (!session) throw new Error(`session file ${fileName} has disappeared`)
    return { id, fileName, path: join(this.dir, fileName), session }
  }

  /** Writes a session under `fileName` in the folder (atomically, via the store). */
  async save(fileName: string, session: Session): Promise<string> {
    await mkdir(this.dir, { recursive: true })
    const path = join(this.dir, basename(fileName))
    await this.files.save(path, session)
    this.sessions.forget(basename(fileName))
    this.idToFile.set(idFromFileName(basename(fileName)), basename(fileName))
    return path
  }

  /** Where a file of the folder lives. */
  pathOf(fileName: string): string {
    return join(this.dir, basename(fileName))
  }

  /**
   * A fresh file name for something titled `title`, made now: its slug and a sortable time
   * (`two-gaussians-20261124-213000.mflab`), claimed like {@link freeFileName}.
   */
  freshFileName(title: string, ext = SESSION_EXT, now = new Date()): Promise<string> {
    return this.freeFileName(`${slugify(title)}-${timeStamp(now)}`, ext)
  }

  /** Names handed out by freeFileName in this process, so concurrent calls never share one. */
  private readonly reserved = new Set<string>()

  /**
   * A file name in the folder for `stem` that no existing file uses (`stem.mflab`, `stem-2.mflab`…),
   * claimed at once: it is reserved in this process and created empty with an exclusive open (so
   * another process cannot take it either) until the first save replaces it.
   */
  async freeFileName(stem: string, ext = SESSION_EXT): Promise<string> {
    await mkdir(this.dir, { recursive: true })
    const taken = new Set(await readdir(this.dir))
    for (let i = 1; ; i++) {
      const name = `${stem}${i === 1 ? '' : `-${i}`}${ext}`
      if (taken.has(name) || this.reserved.has(name)) continue
      this.reserved.add(name)
      try {
        await (await open(join(this.dir, name), 'wx')).close()
        return name
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      }
    }
  }
}

/**
 * Decoded files of one folder, cached by (mtime, size) so listing a large library stays cheap: a
 * file changed on disk (a save, another process) is read again. A file that fails to decode is
 * cached with its error too, so a hostile file dropped in the folder costs one decode, not one per
 * listing.
 */
class FileCache<T> {
  private readonly cache = new Map<
    string,
    { mtimeMs: number; size: number; value?: T; error?: unknown }
  >()

  constructor(
    private readonly dir: string,
    private readonly load: (path: string) => Promise<T>
  ) {}

  /**
   * The decoded file, or null when it is gone or still empty (a name just claimed by
   * freeFileName); a bad file throws the loader's error.
   */
  async read(fileName: string): Promise<T | null> {
    const path = join(this.dir, fileName)
    let st
    try {
      st = await stat(path)
    } catch {
      return null
    }
    if (st.size === 0) return null
    let hit = this.cache.get(fileName)
    if (!hit || hit.mtimeMs !== st.mtimeMs || hit.size !== st.size) {
      hit = { mtimeMs: st.mtimeMs, size: st.size }
      try {
        hit.value = await this.load(path)
      } catch (e) {
        hit.error = e
      }
      this.cache.set(fileName, hit)
    }
    if ('error' in hit) throw hit.error
    return hit.value as T
  }

  forget(fileName: string): void {
    this.cache.delete(fileName)
  }
}

/**
 * The `*ext` files of a folder, in name order, each with an opaque id (its stem when that is a
 * valid id, made unique) and its decoded value; unreadable ones apart with the reason.
 */
async function scanFolder<T>(
  dir: string,
  ext: string,
  files: FileCache<T>
): Promise<{
  items: { id: string; fileName: string; value: T }[]
  unreadable: UnreadableEntry[]
  idToFile: Map<string, string>
}> {
  await mkdir(dir, { recursive: true })
  const names = (await readdir(dir)).filter((n) => n.endsWith(ext)).sort()
  const idToFile = new Map<string, string>()
  const items: { id: string; fileName: string; value: T }[] = []
  const unreadable: UnreadableEntry[] = []
  for (const fileName of names) {
    const id = uniqueId(idFromFileName(fileName, ext), idToFile)
    idToFile.set(id, fileName)
    try {
      const value = await files.read(fileName)
      if (value !== null) items.push({ id, fileName, value })
    } catch (e) {
      unreadable.push({ fileName, reason: (e as Error).message })
    }
  }
  return { items, unreadable, idToFile }
}

/** The id of a file: its stem when that is a valid id, else a sanitised version of it. */
export function idFromFileName(fileName: string, ext = SESSION_EXT): string {
  const stem = fileName.endsWith(ext) ? fileName.slice(0, -ext.length) : fileName
  if (ID_PATTERN.test(stem) && stem.length <= MAX_ID_LENGTH - 8) return stem
  return slugify(stem)
}

function uniqueId(id: string, taken: Map<string, string>): string {
  if (!taken.has(id)) return id
  for (let i = 2; ; i++) if (!taken.has(`${id}-${i}`)) return `${id}-${i}`
}

/** `20261124-213000`: sortable, and valid in file names everywhere. */
function timeStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return (
    `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-` +
    `${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`
  )
}
