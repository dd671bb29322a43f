import { strToU8, zipSync, type Zippable } from 'fflate'
import type { MetricRecord } from '../engine/simulation-types'
import {
  isArrayName,
  HISTOGRAM_COUNTS,
  HISTOGRAM_EDGES,
  HISTOGRAM_META,
  HISTOGRAM_PDE_COUNTS,
  MANIFEST_ENTRY,
  checkpointEntry,
  dataEntry,
  seriesEntry,
  snapshotEntry
} from './archive-paths'
import { floatsToBytes, type Dtype } from './binary-arrays'
import { crc32Hex } from './crc32'
import { FORMAT_VERSION, type ArrayEntry, type Manifest } from './manifest-schema'
import type { Session } from './session-types'

/** How to write the archive. */
export interface EncodeOptions {
  /** Deflate the binary arrays too (smaller, slower); the manifest is always deflated. */
  compressArrays?: boolean
}

/**
 * A session as the bytes of a `.mflab` file: a zip holding `manifest.json` (pretty JSON) and
 * little-endian binary arrays, each listed in `manifest.arrays` with dtype, shape, length and CRC-32.
 * Throws for a session that cannot be written faithfully (bad array names, unequal series lengths,
 * particle arrays of the wrong size).
 */
export function encodeSession(session: Session, opts: EncodeOptions = {}): Uint8Array {
  const level = opts.compressArrays ? 6 : 0
  const files: Zippable = {}
  const arrays: Record<string, ArrayEntry> = {}
  const put = (
    name: string,
    values: Float64Array | Float32Array,
    dtype: Dtype,
    shape: number[]
  ) => {
    const bytes = floatsToBytes(values, dtype)
    const expected = shape.reduce((p, n) => p * n, 1)
    if (values.length !== expected)
      throw new Error(
        `encodeSession: ${name} has ${values.length} values, shape ${shape.join('×')}`
      )
    arrays[name] = { dtype, shape, byteLength: bytes.length, crc32: crc32Hex(bytes) }
    files[name] = [bytes, { level }]
  }

  const lengths = new Set(Object.values(session.series).map((s) => s.length))
  if (lengths.size > 1) throw new Error('encodeSession: series columns have unequal lengths')
  for (const [name, values] of Object.entries(session.series)) {
    checkName(name)
    put(seriesEntry(name), values, 'f64', [values.length])
  }
  for (const [name, values] of Object.entries(session.data)) {
    checkName(name)
    put(dataEntry(name), values, 'f64', [values.length])
  }
  encodeHistograms(session, put)
  const seen = new Set<number>()
  for (const s of session.snapshots) {
    if (seen.has(s.step)) throw new Error(`encodeSession: two snapshots at step ${s.step}`)
    seen.add(s.step)
    put(snapshotEntry(s.step, 'a'), s.a, 'f32', [s.m])
    put(snapshotEntry(s.step, 'b'), s.b, 'f32', [s.m])
    put(snapshotEntry(s.step, 'w'), s.w, 'f32', [s.m, s.d])
  }
  const cp = session.checkpoint
  if (cp) {
    const { m, d } = cp.particles
    put(checkpointEntry('a'), cp.particles.a, 'f64', [m])
    put(checkpointEntry('b'), cp.particles.b, 'f64', [m])
    put(checkpointEntry('w'), cp.particles.w, 'f64', [m, d])
  }

  const manifest: Manifest = {
    formatVersion: FORMAT_VERSION,
    app: session.app,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    title: session.spec.title,
    seed: session.spec.seed,
    status: session.status,
    step: session.step,
    time: session.time,
    spec: session.spec,
    backend: session.backend,
    summary: finiteRecord(session.summary),
    message: session.message,
    notes: session.notes,
    bookmarks: session.bookmarks,
    lesson: session.lesson,
    snapshots: session.snapshots.map((s) => ({ step: s.step, m: s.m, d: s.d })),
    checkpoint: cp
      ? {
          step: cp.step,
          time: cp.time,
          rng: Object.fromEntries(
            Object.entries(cp.rng).map(([k, v]) => [
              k,
              v.map((x) => (Number.isFinite(x) ? x : null))
            ])
          ),
          extra: finiteRecord(cp.extra)
        }
      : null,
    ...(session.claims
      ? {
          claims: session.claims.map((c) => ({
            ...c,
            value: c.value !== null && Number.isFinite(c.value) ? c.value : null
          }))
        }
      : {}),
    arrays
  }
  files[MANIFEST_ENTRY] = [strToU8(JSON.stringify(manifest, null, 2) + '\n'), { level: 6 }]
  return zipSync(files)
}

function encodeHistograms(
  session: Session,
  put: (name: string, v: Float64Array, dtype: Dtype, shape: number[]) => void
): void {
  const hs = session.histograms
  if (!hs.length) return
  const meta = new Float64Array(hs.length * 2)
  const edges: number[] = []
  const counts: number[] = []
  hs.forEach((h, i) => {
    if (h.edges.length !== h.counts.length + 1)
      throw new Error(`encodeSession: histogram at step ${h.step} needs bins + 1 edges`)
    meta[2 * i] = h.step
    meta[2 * i + 1] = h.counts.length
    edges.push(...h.edges)
    counts.push(...h.counts)
  })
  put(HISTOGRAM_META, meta, 'f64', [hs.length, 2])
  put(HISTOGRAM_EDGES, Float64Array.from(edges), 'f64', [edges.length])
  put(HISTOGRAM_COUNTS, Float64Array.from(counts), 'f64', [counts.length])
  if (!hs.some((h) => h.pdeCounts)) return
  const pde = new Float64Array(counts.length).fill(NaN)
  let at = 0
  for (const h of hs) {
    if (h.pdeCounts) {
      if (h.pdeCounts.length !== h.counts.length)
        throw new Error(`encodeSession: histogram at step ${h.step} has pdeCounts of another size`)
      pde.set(h.pdeCounts, at)
    }
    at += h.counts.length
  }
  put(HISTOGRAM_PDE_COUNTS, pde, 'f64', [pde.length])
}

function checkName(name: string): void {
  if (!isArrayName(name)) throw new Error(`encodeSession: '${name}' is not a valid array name`)
}

function finiteRecord(r: MetricRecord): Record<string, number | null> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number.isFinite(v) ? v : null]))
}
