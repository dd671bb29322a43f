import { seriesEntry, isArrayName } from './archive-paths'
import { floatsToBytes } from './binary-arrays'
import { crc32Hex } from './crc32'
import { FORMAT_VERSION } from './manifest-schema'
import { SessionFormatError } from './session-error'

/** An archive before validation: the parsed manifest JSON and every entry's bytes. */
export interface RawArchive {
  manifest: Record<string, unknown>
  files: Record<string, Uint8Array>
}

/** One step of the chain: turns a format-`from` archive into a format-`from + 1` one. */
export interface Migration {
  from: number
  /** What changed, one line (shown by `mflab validate`). */
  describe: string
  migrate(archive: RawArchive): RawArchive
}

/**
 * Format 0: the prototype's layout. Metric columns were inline JSON arrays (`metrics`), notes were
 * bare strings, the finished status was 'done', and there was no binary index, checkpoint or stamp.
 */
const v0ToV1: Migration = {
  from: 0,
  describe: 'format 0 → 1: inline metric columns become series/*.f64 entries; notes get steps',
  migrate({ manifest, files }) {
    const spec = asObject(manifest.spec, 'manifest.spec')
    const metrics = asObject(manifest.metrics ?? {}, 'manifest.metrics')
    const out: Record<string, Uint8Array> = { ...files }
    const arrays: Record<string, unknown> = {}
    const summary: Record<string, number | null> = {}
    for (const [name, col] of Object.entries(metrics)) {
      const where = `manifest.metrics.${name}`
      if (!isArrayName(name)) throw new SessionFormatError(where, 'not a valid series name')
      if (!Array.isArray(col) || col.some((v) => typeof v !== 'number' && v !== null))
        throw new SessionFormatError(where, 'expected an array of numbers')
      const values = Float64Array.from(col, (v: number | null) => (v === null ? NaN : v))
      const bytes = floatsToBytes(values, 'f64')
      out[seriesEntry(name)] = bytes
      arrays[seriesEntry(name)] = {
        dtype: 'f64',
        shape: [values.length],
        byteLength: bytes.length,
        crc32: crc32Hex(bytes)
      }
      const last = values[values.length - 1]
      summary[name] = Number.isFinite(last) ? last : null
    }
    const created =
      typeof manifest.createdAt === 'string' ? manifest.createdAt : new Date(0).toISOString()
    const notes = Array.isArray(manifest.notes) ? manifest.notes : []
    const time = Array.isArray(metrics.time) ? (metrics.time.at(-1) ?? 0) : 0
    const { metrics: _dropped, ...rest } = manifest
    void _dropped
    return {
      files: out,
      manifest: {
        ...rest,
        formatVersion: 1,
        app: { name: 'mean-field-lab', version: '0.0.0' },
        createdAt: created,
        updatedAt: created,
        title: typeof spec.title === 'string' ? spec.title : 'Untitled experiment',
        seed: typeof spec.seed === 'number' ? spec.seed : 1,
        status: manifest.status === 'done' ? 'completed' : manifest.status,
        time,
        backend: null,
        summary,
        message: null,
        notes: notes.map((text) => ({ step: 0, text: String(text), createdAt: created })),
        bookmarks: [],
        lesson: null,
        snapshots: [],
        checkpoint: null,
        arrays
      }
    }
  }
}

/** The chain, ordered by `from`; the last one produces FORMAT_VERSION. */
export const MIGRATIONS: readonly Migration[] = [v0ToV1]

/** Result of migrating: the archive in the current format and the steps applied. */
export interface Migrated {
  archive: RawArchive
  fromVersion: number
  applied: string[]
}

/**
 * Brings an archive written in format `version` up to `target` by applying the chain one step at a
 * time. Throws SessionFormatError at 'manifest.formatVersion' for a newer or an unknown version.
 */
export function migrateArchive(
  archive: RawArchive,
  version: number,
  chain: readonly Migration[] = MIGRATIONS,
  target: number = FORMAT_VERSION
): Migrated {
  if (version > target)
    throw new SessionFormatError(
      'manifest.formatVersion',
      `${version}: written by a newer version of Mean-Field Lab (this one reads formats up to ${target}); update the app`
    )
  const applied: string[] = []
  let current = archive
  for (let v = version; v < target; v++) {
    const step = chain.find((m) => m.from === v)
    if (!step)
      throw new SessionFormatError('manifest.formatVersion', `unknown format version ${version}`)
    current = step.migrate(current)
    applied.push(step.describe)
  }
  return { archive: current, fromVersion: version, applied }
}

function asObject(v: unknown, where: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new SessionFormatError(where, 'expected an object')
  return v as Record<string, unknown>
}
