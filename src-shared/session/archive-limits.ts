/**
 * Ceilings on what reading one archive (a `.mflab` session or a `.mflabstudy` study) may cost.
 * Every size is checked before the bytes it describes are inflated, so a hostile file is refused
 * at a cost bounded by these numbers and by the arrays its own manifest declares.
 */
export interface ArchiveLimits {
  /** Size of the file itself. */
  maxArchiveBytes: number
  /** Entries in the zip's central directory. */
  maxEntries: number
  /** Inflated size of the manifest. */
  maxManifestBytes: number
  /** Inflated size of any one entry. */
  maxEntryBytes: number
  /** Inflated size of all the entries read, summed (taken from the manifest's own array list). */
  maxTotalBytes: number
  /** Nesting of arrays and objects in the manifest JSON. */
  maxJsonDepth: number
}

const MiB = 2 ** 20
const GiB = 2 ** 30

/**
 * The limits every reader uses. A session at the largest sizes the wizard allows holds arrays of a
 * few hundred MB; the caps sit well above that and well below what would exhaust a laptop.
 * 65 535 entries is the most a zip without the zip64 extension (which no Mean-Field Lab writer
 * produces) can list.
 */
export const ARCHIVE_LIMITS: ArchiveLimits = {
  maxArchiveBytes: 2 * GiB - 1,
  maxEntries: 65_535,
  maxManifestBytes: 64 * MiB,
  maxEntryBytes: GiB,
  maxTotalBytes: 2 * GiB,
  maxJsonDepth: 64
}

/** A byte count in the unit people read: '1.3 GB', '512 MB', '20 kB', '7 bytes'. */
export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e8 ? 0 : 1)} MB`
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} kB`
  return `${n} byte${n === 1 ? '' : 's'}`
}
