import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate'
import { describe, expect, it } from 'vitest'
import { encodeSession } from '@shared/session/encode-session'
import { decodeStudy } from '@shared/study/decode-study'
import { encodeStudy } from '@shared/study/encode-study'
import { StudyFormatError } from '@shared/study/study-error'
import type { ExperimentSpec } from '@shared/spec/experiment-spec'
import {
  runEntry,
  STUDY_MANIFEST_ENTRY,
  type StudyManifest
} from '@shared/study/study-manifest-schema'
import { createStudy } from '@shared/study/study-plan'
import { completedStudy } from './make-study'

const study = completedStudy([20, 80], [1, 2], (m, seed) => 1 / Math.sqrt(m as number) + seed / 100)

/** The archive's entries with the manifest parsed, for building damaged files. */
function unpack(bytes: Uint8Array) {
  const files = unzipSync(bytes)
  const manifest = JSON.parse(strFromU8(files[STUDY_MANIFEST_ENTRY])) as StudyManifest & {
    baseSpec: ExperimentSpec
  }
  return { files, manifest }
}

function repack(files: Record<string, Uint8Array>, manifest?: unknown): Uint8Array {
  const z: Zippable = { ...files }
  if (manifest !== undefined) z[STUDY_MANIFEST_ENTRY] = strToU8(JSON.stringify(manifest))
  return zipSync(z)
}

function expectError(bytes: Uint8Array, where: string, reason: RegExp): void {
  let err: unknown
  try {
    decodeStudy(bytes)
  } catch (e) {
    err = e
  }
  expect(err).toBeInstanceOf(StudyFormatError)
  expect((err as StudyFormatError).where).toBe(where)
  expect((err as StudyFormatError).reason).toMatch(reason)
}

describe('study file round trip', () => {
  it('decodes what it encodes: plan, statuses, final metrics and full series', () => {
    const back = decodeStudy(encodeStudy(study))
    expect(back.definition).toEqual(study.definition)
    expect(back.createdAt).toBe(study.createdAt)
    expect(back.runs).toHaveLength(4)
    back.runs.forEach((r, i) => {
      const orig = study.runs[i]
      expect([r.index, r.value, r.seed, r.seconds]).toEqual([i, orig.value, orig.seed, 1.5])
      expect(r.session.status).toBe('completed')
      expect(r.session.spec).toEqual(orig.session.spec)
      expect(r.session.summary.risk).toBe(orig.session.summary.risk)
      expect(Array.from(r.session.series.risk)).toEqual(Array.from(orig.session.series.risk))
    })
  })

  it('keeps a fresh study (every run created) and its manifest lists every run', () => {
    const fresh = createStudy({ ...study.definition, values: [20, 40, 80], seeds: [3] })
    const bytes = encodeStudy(fresh)
    const { manifest, files } = unpack(bytes)
    expect(manifest.kind).toBe('mflab-study')
    expect(manifest.runs.map((r: { entry: string }) => r.entry)).toEqual([
      'runs/000.mflab',
      'runs/001.mflab',
      'runs/002.mflab'
    ])
    expect(Object.keys(files).sort()).toEqual([
      'manifest.json',
      'runs/000.mflab',
      'runs/001.mflab',
      'runs/002.mflab'
    ])
    const back = decodeStudy(bytes)
    expect(back.runs.map((r) => [r.value, r.seed, r.session.status])).toEqual([
      [20, 3, 'created'],
      [40, 3, 'created'],
      [80, 3, 'created']
    ])
    expect(back.runs[1].session.spec.model.width).toBe(40)
  })
})

describe('corrupt study files name the bad part', () => {
  const good = encodeStudy(study)

  it('not a zip, truncated, no manifest, manifest not JSON', () => {
    expectError(strToU8('hello world'), 'archive', /not a zip archive/)
    expectError(good.slice(0, good.length - 40), 'archive', /truncated or damaged/)
    const { files } = unpack(good)
    const noManifest = { ...files }
    delete noManifest[STUDY_MANIFEST_ENTRY]
    expectError(repack(noManifest), 'manifest.json', /missing/)
    expectError(
      repack({ ...files, [STUDY_MANIFEST_ENTRY]: strToU8('{"kind": ') }),
      'manifest.json',
      /not valid JSON/
    )
  })

  it('a single-run session is not a study; a newer version is refused', () => {
    expectError(encodeSession(study.runs[0].session), 'manifest.kind', /single-run \.mflab session/)
    const { files, manifest } = unpack(good)
    expectError(
      repack(files, { ...manifest, formatVersion: 2 }),
      'manifest.formatVersion',
      /newer version/
    )
  })

  it('schema, base spec and plan errors give the manifest path', () => {
    const { files, manifest } = unpack(good)
    expectError(repack(files, { ...manifest, seeds: [1, -2] }), 'manifest.seeds.1', /./)
    expectError(
      repack(files, {
        ...manifest,
        baseSpec: { ...manifest.baseSpec, model: { ...manifest.baseSpec.model, width: 0 } }
      }),
      'manifest.baseSpec.model.width',
      /Too small/
    )
    expectError(
      repack(files, { ...manifest, runs: manifest.runs.slice(1) }),
      'manifest.runs',
      /3 runs, expected 4/
    )
    const swapped = structuredClone(manifest)
    swapped.runs[1].seed = 7
    expectError(repack(files, swapped), 'manifest.runs.1.seed', /7, expected 2/)
    const status = structuredClone(manifest)
    status.runs[2].status = 'stopped'
    expectError(repack(files, status), 'manifest.runs.2.status', /session says 'completed'/)
  })

  it('a missing or damaged run, or one that does not match the plan', () => {
    const { files, manifest } = unpack(good)
    const missing = { ...files }
    delete missing[runEntry(3)]
    expectError(repack(missing), 'runs/003.mflab', /missing from the archive/)

    const inner = unzipSync(files[runEntry(1)])
    const risk = inner['series/risk.f64']
    risk[3] ^= 0xff
    expectError(
      repack({ ...files, [runEntry(1)]: zipSync(inner) }),
      'runs/001.mflab: series/risk.f64',
      /CRC-32/
    )

    // Run 2 holds the session of run 0 (width 20, seed 1) where width 80, seed 1 is planned.
    expectError(
      repack({ ...files, [runEntry(2)]: files[runEntry(0)] }, manifest),
      'runs/002.mflab: manifest.spec.model.width',
      /20, expected 80/
    )
  })
})
