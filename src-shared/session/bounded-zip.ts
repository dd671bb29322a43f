import { Inflate } from 'fflate'
import { formatBytes, type ArchiveLimits } from './archive-limits'
import { crc32 } from './crc32'

/** Makes the reader's own error type (SessionFormatError, StudyFormatError) from a place and a reason. */
export type ArchiveErrorFactory = (where: string, reason: string) => Error

/** One entry as the central directory describes it (checked against its local header). */
export interface ZipEntry {
  name: string
  /** 0 stored, 8 deflated. */
  method: number
  crc32: number
  compressedSize: number
  /** Declared inflated size; reading never produces more than this. */
  size: number
  /** Offset of the compressed bytes in the archive. */
  dataStart: number
}

const EOCD_SIG = 0x06054b50
const CENTRAL_SIG = 0x02014b50
const LOCAL_SIG = 0x04034b50
/** DEFLATE cannot expand by more than about 1032:1; a larger declared ratio is a lie. */
const MAX_DEFLATE_RATIO = 1032
/** Compressed bytes fed to the inflater at a time, so one push yields at most ~16 MB. */
const PUSH_BYTES = 16 * 1024
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * A zip archive read within limits. Opening it parses and checks the central directory in one
 * pass (entry count, names, duplicates, declared sizes, overlapping or out-of-range data, local
 * headers) without inflating anything; `read` then inflates one entry at a time, stops at the
 * entry's declared size and checks its CRC-32. Every failure is the caller's own error type, naming
 * the entry, on one line.
 */
export class BoundedZip {
  private constructor(
    private readonly bytes: Uint8Array,
    readonly entries: ReadonlyMap<string, ZipEntry>,
    private readonly limits: ArchiveLimits,
    private readonly fail: ArchiveErrorFactory
  ) {}

  static open(bytes: Uint8Array, limits: ArchiveLimits, fail: ArchiveErrorFactory): BoundedZip {
    if (bytes.length > limits.maxArchiveBytes)
      throw fail(
        'archive',
        `too large (${formatBytes(bytes.length)}; the limit is ${formatBytes(limits.maxArchiveBytes)})`
      )
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const eocd = findEndRecord(view)
    if (eocd < 0)
      throw fail(
        'archive',
        `truncated or damaged zip archive (no end-of-directory record); ${bytes.length} bytes read`
      )
    const count = view.getUint16(eocd + 10, true)
    const cdSize = view.getUint32(eocd + 12, true)
    const cdStart = view.getUint32(eocd + 16, true)
    if (view.getUint16(eocd + 8, true) !== count || view.getUint16(eocd + 4, true) !== 0)
      throw fail('archive', 'multi-disk zip archives are not supported')
    if (count > limits.maxEntries)
      throw fail('archive', `too many entries (${count}; the limit is ${limits.maxEntries})`)
    if (cdStart + cdSize > eocd)
      throw fail(
        'archive',
        `truncated or damaged zip archive (directory past the end); ${bytes.length} bytes read`
      )
    const entries = new Map<string, ZipEntry>()
    const ranges: [number, number, string][] = []
    const byLocal = new Map<number, string>()
    let declared = 0
    let at = cdStart
    for (let i = 0; i < count; i++) {
      if (at + 46 > cdStart + cdSize || view.getUint32(at, true) !== CENTRAL_SIG)
        throw fail('archive', `damaged zip directory at entry ${i + 1} of ${count}`)
      const flags = view.getUint16(at + 8, true)
      const method = view.getUint16(at + 10, true)
      const crc = view.getUint32(at + 16, true)
      const compressedSize = view.getUint32(at + 20, true)
      const size = view.getUint32(at + 24, true)
      const nameLength = view.getUint16(at + 28, true)
      const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true)
      const local = view.getUint32(at + 42, true)
      if (at + 46 + skip > cdStart + cdSize)
        throw fail('archive', `damaged zip directory at entry ${i + 1} of ${count}`)
      const name = decodeName(bytes.subarray(at + 46, at + 46 + nameLength))
      at += 46 + skip
      const where = name ?? `entry ${i + 1}`
      if (name === null) throw fail(where, 'its name is not valid UTF-8')
      if (entries.has(name))
        throw fail(name, 'listed twice in the archive (other zip tools would read another copy)')
      if (flags & 1) throw fail(name, 'encrypted entries are not supported')
      if (method !== 0 && method !== 8)
        throw fail(name, `compression method ${method} is not supported (only stored or deflate)`)
      if (size > limits.maxEntryBytes)
        throw fail(
          name,
          `too large (${formatBytes(size)} inflated; the limit is ${formatBytes(limits.maxEntryBytes)})`
        )
      if (method === 0 ? size !== compressedSize : size > compressedSize * MAX_DEFLATE_RATIO + 64)
        throw fail(
          name,
          `declares ${size} bytes from ${compressedSize} compressed bytes, which no zip can hold`
        )
      const shared = byLocal.get(local)
      if (shared !== undefined) throw fail(name, `overlaps entry ${shared} in the archive`)
      byLocal.set(local, name)
      if (local + 30 > cdStart || view.getUint32(local, true) !== LOCAL_SIG)
        throw fail(name, 'damaged zip entry (no local header where the directory points)')
      const localName = view.getUint16(local + 26, true)
      const dataStart = local + 30 + localName + view.getUint16(local + 28, true)
      if (!sameBytes(bytes, local + 30, at - skip, nameLength) || localName !== nameLength)
        throw fail(name, 'damaged zip entry (its local header names another entry)')
      if (dataStart + compressedSize > cdStart)
        throw fail(name, 'truncated zip entry (its data runs past the end of the entries)')
      declared += size
      ranges.push([local, dataStart + compressedSize, name])
      entries.set(name, { name, method, crc32: crc, compressedSize, size, dataStart })
    }
    ranges.sort((a, b) => a[0] - b[0])
    for (let i = 1; i < ranges.length; i++)
      if (ranges[i][0] < ranges[i - 1][1])
        throw fail(ranges[i][2], `overlaps entry ${ranges[i - 1][2]} in the archive`)
    if (declared > limits.maxTotalBytes)
      throw fail(
        'archive',
        `too large (${formatBytes(declared)} inflated; the limit is ${formatBytes(limits.maxTotalBytes)})`
      )
    return new BoundedZip(bytes, entries, limits, fail)
  }

  has(name: string): boolean {
    return this.entries.has(name)
  }

  /** Inflated size the directory declares for the entry (undefined when absent). */
  sizeOf(name: string): number | undefined {
    return this.entries.get(name)?.size
  }

  /** Sum of the declared sizes of the named entries (absent ones count 0). */
  declaredTotal(names: Iterable<string>): number {
    let total = 0
    for (const n of names) total += this.entries.get(n)?.size ?? 0
    return total
  }

  /**
   * The entry's bytes, inflated to at most its declared size (and `cap`), CRC-checked. A stream
   * that would inflate past that stops at once and is refused.
   */
  read(name: string, cap = this.limits.maxEntryBytes): Uint8Array {
    const e = this.entries.get(name)
    if (!e) throw this.fail(name, 'missing from the archive')
    if (e.size > cap)
      throw this.fail(
        name,
        `too large (${formatBytes(e.size)} inflated; the limit is ${formatBytes(cap)})`
      )
    const raw = this.bytes.subarray(e.dataStart, e.dataStart + e.compressedSize)
    const out = e.method === 0 ? raw : this.inflate(e, raw)
    const got = crc32(out)
    if (got !== e.crc32)
      throw this.fail(name, `CRC-32 ${hex(got)}, expected ${hex(e.crc32)}: the data is damaged`)
    return out
  }

  private inflate(e: ZipEntry, raw: Uint8Array): Uint8Array {
    const out = new Uint8Array(e.size)
    let filled = 0
    let over = false
    const inflater = new Inflate((chunk) => {
      if (filled + chunk.length > out.length) over = true
      else out.set(chunk, filled)
      filled += chunk.length
    })
    try {
      for (let at = 0; at < raw.length && !over; at += PUSH_BYTES)
        inflater.push(raw.subarray(at, at + PUSH_BYTES), at + PUSH_BYTES >= raw.length)
      if (raw.length === 0) inflater.push(raw, true)
    } catch (err) {
      throw this.fail(e.name, `damaged compressed data (${(err as Error).message})`)
    }
    if (over)
      throw this.fail(e.name, `inflates past its declared ${e.size} bytes: refused before the end`)
    if (filled !== e.size)
      throw this.fail(e.name, `inflates to ${filled} bytes, the archive says ${e.size}`)
    return out
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0')
}

/** Offset of the end-of-central-directory record, searched back over its comment; -1 if none. */
function findEndRecord(view: DataView): number {
  const stop = Math.max(0, view.byteLength - 22 - 0xffff)
  for (let at = view.byteLength - 22; at >= stop; at--)
    if (
      view.getUint32(at, true) === EOCD_SIG &&
      at + 22 + view.getUint16(at + 20, true) === view.byteLength
    )
      return at
  return -1
}

function decodeName(raw: Uint8Array): string | null {
  try {
    return utf8.decode(raw)
  } catch {
    return null
  }
}

function sameBytes(bytes: Uint8Array, a: number, b: number, n: number): boolean {
  if (a + n > bytes.length || b + n > bytes.length) return false
  for (let i = 0; i < n; i++) if (bytes[a + i] !== bytes[b + i]) return false
  return true
}
