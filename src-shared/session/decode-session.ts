import { strFromU8 } from 'fflate'
import type { NormHistogram } from '../engine/simulation-types'
import { parseSpec, type ExperimentSpec } from '../spec/experiment-spec'
import {
  isArrayName,
  HISTOGRAM_COUNTS,
  HISTOGRAM_PDE_COUNTS,
  HISTOGRAM_EDGES,
  HISTOGRAM_META,
  MANIFEST_ENTRY,
  checkpointEntry,
  snapshotEntry
} from './archive-paths'
import { JsonDepthError, parseBoundedJson } from '../protocol/bounded-json'
import { ARCHIVE_LIMITS, formatBytes, type ArchiveLimits } from './archive-limits'
import { BoundedZip } from './bounded-zip'
import { bytesToFloat32, bytesToFloat64, DTYPE_BYTES, type Dtype } from './binary-arrays'
import { crc32Hex } from './crc32'
import { csvRowsProblem } from './csv-rows'
import { FORMAT_VERSION, manifestSchema, type ArrayEntry, type Manifest } from './manifest-schema'
import { migrateArchive } from './migrations'
import { SessionFormatError } from './session-error'
import { STUDY_EXTENSION, STUDY_KIND } from '../study/study-manifest-schema'
import type { ParticleSnapshot, Session } from './session-types'

/** A decoded session and, when the file was older, the migrations that brought it up to date. */
export interface DecodedSession {
  session: Session
  /** The format version found in the file. */
  fileVersion: number
  /** One line per migration applied (empty for a current file). */
  migrations: string[]
}

/** The error for a study archive handed to the session reader: say what it is and what to use. */
function studyFileError(manifest: Record<string, unknown>): SessionFormatError {
  const runs = Array.isArray(manifest.runs) ? manifest.runs.length : null
  const title = typeof manifest.title === 'string' ? `'${manifest.title.slice(0, 80)}', ` : ''
  const what = `${title}${runs === null ? 'several' : runs} run${runs === 1 ? '' : 's'}`
  return new SessionFormatError(
    'manifest.kind',
    `this is a study file (${STUDY_EXTENSION}, ${what}), not a single-run session; ` +
      `use mflab sweep --resume to continue it, or open it in the app's Study view`
  )
}

/**
 * Reads the bytes of a `.mflab` file. Everything is checked before anything is returned: the zip
 * structure, the manifest (schema, spec, seed), and for every binary entry its presence, byte
 * length, shape and CRC-32. Nothing is inflated before its size is checked against `limits` and
 * against the manifest's own array list, so a hostile file costs at most what it declares.
 * Throws SessionFormatError naming the bad field or entry.
 */
export function decodeSession(
  bytes: Uint8Array,
  limits: ArchiveLimits = ARCHIVE_LIMITS
): DecodedSession {
  const zip = openSessionArchive(bytes, limits)
  const raw = readManifestEntry(zip, limits)
  if (raw.kind === STUDY_KIND) throw studyFileError(raw)
  const version = raw.formatVersion
  if (version === undefined)
    throw new SessionFormatError(
      'manifest.formatVersion',
      'Required (not a Mean-Field Lab session?)'
    )
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0)
    throw new SessionFormatError(
      'manifest.formatVersion',
      `unknown format version ${JSON.stringify(version)}`
    )
  if (version < FORMAT_VERSION) refuseLossyMigration(zip, version)
  const migrated = migrateArchive({ manifest: raw, files: {} }, version)
  const { manifest: json, files } = migrated.archive

  const parsed = manifestSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new SessionFormatError(['manifest', ...issue.path.map(String)].join('.'), issue.message)
  }
  const manifest = parsed.data
  const specResult = parseSpec(manifest.spec)
  if (!specResult.ok) {
    const issue = specResult.issues[0]
    throw new SessionFormatError(`manifest.spec.${issue.path}`.replace(/\.$/, ''), issue.message)
  }
  const spec = specResult.spec
  if (manifest.seed !== spec.seed)
    throw new SessionFormatError(
      'manifest.seed',
      `${manifest.seed} differs from manifest.spec.seed (${spec.seed})`
    )

  const arrays = new ArrayReader(manifest.arrays, files, zip, limits)
  arrays.verifyAll()
  const session: Session = {
    app: manifest.app,
    createdAt: manifest.createdAt,
    updatedAt: manifest.updatedAt,
    spec,
    status: manifest.status,
    step: manifest.step,
    time: manifest.time,
    backend: manifest.backend,
    summary: Object.fromEntries(Object.entries(manifest.summary).map(([k, v]) => [k, v ?? NaN])),
    message: manifest.message,
    notes: manifest.notes,
    bookmarks: manifest.bookmarks,
    lesson: manifest.lesson ?? null,
    series: readColumns(arrays, 'series/'),
    histograms: readHistograms(arrays),
    snapshots: readSnapshots(arrays, manifest.snapshots),
    checkpoint: readCheckpoint(arrays, manifest, spec),
    data: readColumns(arrays, 'data/', false)
  }
  arrays.refuseUnread()
  const rows = csvRowsProblem(spec, session.data)
  if (rows) throw new SessionFormatError(rows.where, rows.reason)
  if (manifest.claims) session.claims = manifest.claims
  return { session, fileVersion: version, migrations: migrated.applied }
}

function openSessionArchive(bytes: Uint8Array, limits: ArchiveLimits): BoundedZip {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b)
    throw new SessionFormatError('archive', 'not a .mflab session (not a zip archive)')
  return BoundedZip.open(bytes, limits, (where, reason) => new SessionFormatError(where, reason))
}

/**
 * The manifest entry of an archive as a JSON object, read within the limits: its size, its
 * CRC-32 (a hand-edited manifest with a stale CRC is refused) and its nesting depth. Shared with
 * the study reader through `fail`.
 */
export function readManifestJson(
  zip: BoundedZip,
  entry: string,
  limits: ArchiveLimits,
  fail: (where: string, reason: string) => Error
): Record<string, unknown> {
  const size = zip.sizeOf(entry)
  if (size === undefined) throw fail(entry, 'missing from the archive')
  if (size > limits.maxManifestBytes)
    throw fail(
      entry,
      `too large (${formatBytes(size)}; a manifest may hold at most ${formatBytes(limits.maxManifestBytes)})`
    )
  const bytes = zip.read(entry, limits.maxManifestBytes)
  let manifest: unknown
  try {
    manifest = parseBoundedJson(strFromU8(bytes), limits.maxJsonDepth)
  } catch (e) {
    if (e instanceof JsonDepthError) throw fail(entry, `not a manifest (JSON ${e.message})`)
    throw fail(entry, `not valid JSON (${(e as Error).message})`)
  }
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest))
    throw fail(entry, 'expected a JSON object')
  return manifest as Record<string, unknown>
}

function readManifestEntry(zip: BoundedZip, limits: ArchiveLimits): Record<string, unknown> {
  return readManifestJson(zip, MANIFEST_ENTRY, limits, (w, r) => new SessionFormatError(w, r))
}

/**
 * An older format number on an archive holding entries that format never had: migrating would
 * drop them (a format-1 file relabelled 0 would lose its records, snapshots and checkpoint).
 */
function refuseLossyMigration(zip: BoundedZip, version: number): void {
  const extra = [...zip.entries.keys()].filter((n) => n !== MANIFEST_ENTRY)
  if (extra.length > 0)
    throw new SessionFormatError(
      'manifest.formatVersion',
      `${version}, but the archive holds ${extra.length} binary entr${extra.length === 1 ? 'y' : 'ies'} ` +
        `(${extra[0]}${extra.length > 1 ? ', …' : ''}) that format ${version} never had; ` +
        `refusing to migrate and drop them`
    )
}

/** The indexed binary entries: checks them once, then hands out decoded arrays. */
class ArrayReader {
  private readonly bytes = new Map<string, Uint8Array>()
  private readonly unread = new Set<string>()

  constructor(
    readonly index: Record<string, ArrayEntry>,
    private readonly migrated: Record<string, Uint8Array>,
    private readonly zip: BoundedZip,
    private readonly limits: ArchiveLimits
  ) {
    for (const name of Object.keys(index)) this.unread.add(name)
  }

  /**
   * An array listed in manifest.arrays that no part of a session reads would be dropped silently
   * by the next save: refuse it instead.
   */
  refuseUnread(): void {
    for (const name of this.unread)
      throw new SessionFormatError(
        name,
        'listed in manifest.arrays but not a part of a session (series/NAME.f64, data/NAME.f64, ' +
          'histograms/…, snapshots/STEP/{a,b,w}.f32 or checkpoint/{a,b,w}.f64)'
      )
  }

  /**
   * Checks every listed entry: sizes first, from the manifest and the zip directory, with the
   * total bounded by the limits; then each entry is inflated (to at most its listed length) and
   * its CRC-32 checked against the manifest's.
   */
  verifyAll(): void {
    let total = 0
    for (const [name, entry] of Object.entries(this.index)) {
      total += entry.byteLength
      const declared = this.migrated[name]?.length ?? this.zip.sizeOf(name)
      if (declared === undefined)
        throw new SessionFormatError(name, 'missing from the archive (listed in manifest.arrays)')
      if (declared !== entry.byteLength)
        throw new SessionFormatError(name, `length ${declared} bytes, expected ${entry.byteLength}`)
    }
    if (total > this.limits.maxTotalBytes)
      throw new SessionFormatError(
        'manifest.arrays',
        `too large (${formatBytes(total)} of arrays; the limit is ${formatBytes(this.limits.maxTotalBytes)})`
      )
    for (const [name, entry] of Object.entries(this.index)) {
      const need = entry.shape.reduce((p, n) => p * n, 1) * DTYPE_BYTES[entry.dtype]
      if (need !== entry.byteLength)
        throw new SessionFormatError(
          name,
          `shape [${entry.shape.join(', ')}] of ${entry.dtype} needs ${need} bytes, manifest.arrays says ${entry.byteLength}`
        )
      const bytes = this.migrated[name] ?? this.zip.read(name, entry.byteLength)
      this.bytes.set(name, bytes)
      const crc = crc32Hex(bytes)
      if (crc !== entry.crc32)
        throw new SessionFormatError(
          name,
          `CRC-32 ${crc}, expected ${entry.crc32}: the data is damaged`
        )
    }
  }

  names(prefix: string): string[] {
    return Object.keys(this.index).filter((n) => n.startsWith(prefix))
  }

  has(name: string): boolean {
    return name in this.index
  }

  /** The decoded entry, after checking its dtype and shape against what the reader expects. */
  get(name: string, dtype: 'f64', shape: (number | null)[], why: string): Float64Array
  get(name: string, dtype: 'f32', shape: (number | null)[], why: string): Float32Array
  get(
    name: string,
    dtype: Dtype,
    shape: (number | null)[],
    why: string
  ): Float64Array | Float32Array {
    const entry = this.index[name]
    if (!entry) throw new SessionFormatError(name, `missing from manifest.arrays (${why})`)
    if (entry.dtype !== dtype)
      throw new SessionFormatError(name, `dtype ${entry.dtype}, expected ${dtype}`)
    const ok =
      entry.shape.length === shape.length &&
      shape.every((n, i) => n === null || n === entry.shape[i])
    if (!ok)
      throw new SessionFormatError(
        name,
        `shape [${entry.shape.join(', ')}], expected [${shape.map((n) => n ?? '*').join(', ')}] (${why})`
      )
    const bytes = this.bytes.get(name)!
    this.unread.delete(name)
    return dtype === 'f64' ? bytesToFloat64(bytes) : bytesToFloat32(bytes)
  }
}

function readColumns(
  arrays: ArrayReader,
  prefix: string,
  equal = true
): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {}
  let first: { name: string; length: number } | null = null
  for (const name of arrays.names(prefix)) {
    const base = name.slice(prefix.length, -'.f64'.length)
    if (!name.endsWith('.f64') || !isArrayName(base))
      throw new SessionFormatError(
        name,
        `not a valid ${prefix === 'data/' ? 'data' : 'series'} name (letters, digits, '_', '-', '.'; at most 100)`
      )
    const values = arrays.get(name, 'f64', [null], 'a column is one-dimensional')
    if (equal && first && values.length !== first.length)
      throw new SessionFormatError(
        name,
        `${values.length} records, expected ${first.length} like ${first.name}`
      )
    first ??= { name, length: values.length }
    out[base] = values
  }
  return out
}

function readHistograms(arrays: ArrayReader): NormHistogram[] {
  if (!arrays.has(HISTOGRAM_META)) return []
  const meta = arrays.get(HISTOGRAM_META, 'f64', [null, 2], 'one (step, bins) row per histogram')
  const edges = arrays.get(HISTOGRAM_EDGES, 'f64', [null], 'edges of every histogram in a row')
  const counts = arrays.get(HISTOGRAM_COUNTS, 'f64', [null], 'counts of every histogram in a row')
  const out: NormHistogram[] = []
  let e = 0
  let c = 0
  for (let i = 0; i < meta.length / 2; i++) {
    const bins = meta[2 * i + 1]
    if (!Number.isInteger(bins) || bins < 1)
      throw new SessionFormatError(
        HISTOGRAM_META,
        `row ${i}: bins ${bins} is not a positive integer`
      )
    out.push({
      step: meta[2 * i],
      edges: Array.from(edges.subarray(e, e + bins + 1)),
      counts: Array.from(counts.subarray(c, c + bins))
    })
    e += bins + 1
    c += bins
  }
  if (e !== edges.length)
    throw new SessionFormatError(
      HISTOGRAM_EDGES,
      `${edges.length} values, expected ${e} from ${HISTOGRAM_META}`
    )
  if (c !== counts.length)
    throw new SessionFormatError(
      HISTOGRAM_COUNTS,
      `${counts.length} values, expected ${c} from ${HISTOGRAM_META}`
    )
  if (arrays.has(HISTOGRAM_PDE_COUNTS)) {
    const pde = arrays.get(HISTOGRAM_PDE_COUNTS, 'f64', [null], 'PDE counts, laid out like counts')
    if (pde.length !== counts.length)
      throw new SessionFormatError(
        HISTOGRAM_PDE_COUNTS,
        `${pde.length} values, expected ${counts.length} like ${HISTOGRAM_COUNTS}`
      )
    let at = 0
    for (const h of out) {
      const row = pde.subarray(at, at + h.counts.length)
      // a histogram without an overlay is stored as a NaN row
      if (row.some((v) => !Number.isNaN(v))) h.pdeCounts = Array.from(row)
      at += h.counts.length
    }
  }
  return out
}

function readSnapshots(arrays: ArrayReader, list: Manifest['snapshots']): ParticleSnapshot[] {
  const seen = new Set<number>()
  return list.map((s, i) => {
    if (seen.has(s.step))
      throw new SessionFormatError(
        `manifest.snapshots.${i}.step`,
        `${s.step} is listed twice (one snapshot per step)`
      )
    seen.add(s.step)
    return readSnapshot(arrays, s)
  })
}

function readSnapshot(
  arrays: ArrayReader,
  s: { step: number; m: number; d: number }
): ParticleSnapshot {
  const why = `snapshot at step ${s.step} of ${s.m} particles in dimension ${s.d}`
  return {
    ...s,
    a: arrays.get(snapshotEntry(s.step, 'a'), 'f32', [s.m], why),
    b: arrays.get(snapshotEntry(s.step, 'b'), 'f32', [s.m], why),
    w: arrays.get(snapshotEntry(s.step, 'w'), 'f32', [s.m, s.d], why)
  }
}

function readCheckpoint(
  arrays: ArrayReader,
  manifest: Manifest,
  spec: ExperimentSpec
): Session['checkpoint'] {
  const cp = manifest.checkpoint
  if (!cp) return null
  const m = spec.model.width
  const d = spec.task.dim
  const why = 'model.width × task.dim of the spec'
  return {
    step: cp.step,
    time: cp.time,
    rng: Object.fromEntries(Object.entries(cp.rng).map(([k, v]) => [k, v.map((x) => x ?? NaN)])),
    extra: Object.fromEntries(Object.entries(cp.extra).map(([k, v]) => [k, v ?? NaN])),
    particles: {
      m,
      d,
      a: arrays.get(checkpointEntry('a'), 'f64', [m], why),
      b: arrays.get(checkpointEntry('b'), 'f64', [m], why),
      w: arrays.get(checkpointEntry('w'), 'f64', [m, d], why)
    }
  }
}
