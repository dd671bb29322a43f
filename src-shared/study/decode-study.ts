import { ARCHIVE_LIMITS, type ArchiveLimits } from '../session/archive-limits'
import { BoundedZip } from '../session/bounded-zip'
import { decodeSession, readManifestJson } from '../session/decode-session'
import { SessionFormatError } from '../session/session-error'
import { parseSpec } from '../spec/experiment-spec'
import { getPath } from '../spec/set-path'
import { StudyFormatError } from './study-error'
import {
  STUDY_FORMAT_VERSION,
  STUDY_KIND,
  STUDY_MANIFEST_ENTRY,
  runEntry,
  studyManifestSchema
} from './study-manifest-schema'
import { VARIANT_PARAM, type Study, type StudyRun } from './study-types'

/**
 * Reads the bytes of a `.mflabstudy` file. Everything is checked before anything is returned: the
 * zip, the manifest (kind, version, schema, base spec), the plan (one run per value × seed, in
 * value-major order) and every run's session (decoded and checked like a `.mflab` file, its seed
 * and swept value agreeing with the plan and its status with the manifest). Throws
 * StudyFormatError naming the bad field or entry.
 */
export function decodeStudy(bytes: Uint8Array, limits: ArchiveLimits = ARCHIVE_LIMITS): Study {
  const zip = readArchive(bytes, limits)
  const json = readManifestJson(
    zip,
    STUDY_MANIFEST_ENTRY,
    limits,
    (w, r) => new StudyFormatError(w, r)
  )
  const version = json.formatVersion
  if (json.kind !== STUDY_KIND)
    throw new StudyFormatError(
      'manifest.kind',
      json.kind === undefined && version !== undefined
        ? `missing: this looks like a single-run .mflab session, not a study`
        : `expected '${STUDY_KIND}', got ${JSON.stringify(json.kind)} (not a Mean-Field Lab study?)`
    )
  if (typeof version === 'number' && version > STUDY_FORMAT_VERSION)
    throw new StudyFormatError(
      'manifest.formatVersion',
      `${version}: written by a newer version of Mean-Field Lab (this one reads ${STUDY_FORMAT_VERSION})`
    )
  const parsed = studyManifestSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new StudyFormatError(['manifest', ...issue.path.map(String)].join('.'), issue.message)
  }
  const m = parsed.data
  const base = parseSpec(m.baseSpec)
  if (!base.ok)
    throw new StudyFormatError(
      `manifest.baseSpec.${base.issues[0].path}`.replace(/\.$/, ''),
      base.issues[0].message
    )
  const variants = m.variantStudy
  const ownSeeds = variants?.seedsFromVariants === true
  if (variants) checkVariantPlan(m.param, m.values)
  const planned = ownSeeds ? m.values.length : m.values.length * m.seeds.length
  if (m.runs.length !== planned)
    throw new StudyFormatError(
      'manifest.runs',
      ownSeeds
        ? `${m.runs.length} runs, expected ${planned} (one per variant)`
        : `${m.runs.length} runs, expected ${planned} (${m.values.length} values × ${m.seeds.length} seeds)`
    )
  const segments = m.param.split('.')
  const runs: StudyRun[] = m.runs.map((r, i) => {
    const where = `manifest.runs.${i}`
    const value = ownSeeds ? m.values[i] : m.values[Math.floor(i / m.seeds.length)]
    const seed = ownSeeds ? r.seed : m.seeds[i % m.seeds.length]
    if (ownSeeds && !m.seeds.includes(seed))
      throw new StudyFormatError(`${where}.seed`, `${seed} is not listed in manifest.seeds`)
    if (variants && r.label !== value)
      throw new StudyFormatError(
        `${where}.label`,
        `${JSON.stringify(r.label)}, expected ${JSON.stringify(value)} from manifest.values`
      )
    if (r.index !== i) throw new StudyFormatError(`${where}.index`, `${r.index}, expected ${i}`)
    if (!Object.is(r.value, value))
      throw new StudyFormatError(
        `${where}.value`,
        `${JSON.stringify(r.value)}, expected ${JSON.stringify(value)} from manifest.values`
      )
    if (r.seed !== seed)
      throw new StudyFormatError(`${where}.seed`, `${r.seed}, expected ${seed} from manifest.seeds`)
    if (r.entry !== runEntry(i))
      throw new StudyFormatError(`${where}.entry`, `'${r.entry}', expected '${runEntry(i)}'`)
    if (!zip.has(r.entry))
      throw new StudyFormatError(r.entry, `missing from the archive (listed in ${where})`)
    const entry = zip.read(r.entry)
    let session
    try {
      session = decodeSession(entry, limits).session
    } catch (e) {
      if (e instanceof SessionFormatError)
        throw new StudyFormatError(`${r.entry}: ${e.where}`, e.reason)
      throw e
    }
    if (session.spec.seed !== seed)
      throw new StudyFormatError(
        `${r.entry}: manifest.spec.seed`,
        `${session.spec.seed}, expected ${seed} from the study's plan`
      )
    const got = variants ? value : getPath(session.spec, segments)
    if (!Object.is(got, value))
      throw new StudyFormatError(
        `${r.entry}: manifest.spec.${m.param}`,
        `${JSON.stringify(got)}, expected ${JSON.stringify(value)} from the study's plan`
      )
    if (session.status !== r.status)
      throw new StudyFormatError(
        `${where}.status`,
        `'${r.status}' but the run's session says '${session.status}'`
      )
    if (session.step !== r.step)
      throw new StudyFormatError(
        `${where}.step`,
        `${r.step} but the run's session says ${session.step}`
      )
    return {
      index: i,
      value,
      seed,
      session,
      seconds: r.seconds,
      ...(variants && { label: value as string })
    }
  })
  return {
    app: m.app,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    definition: {
      title: m.title,
      preset: m.preset,
      size: m.size,
      baseSpec: base.spec,
      param: m.param,
      values: m.values,
      seeds: m.seeds,
      ...(variants && { variantStudy: { seedsFromVariants: variants.seedsFromVariants } })
    },
    runs,
    ...(m.claims && { claims: m.claims })
  }
}

/** A variant study sweeps 'variant' over distinct string labels. */
function checkVariantPlan(param: string, values: unknown[]): void {
  if (param !== VARIANT_PARAM)
    throw new StudyFormatError(
      'manifest.param',
      `'${param}', expected '${VARIANT_PARAM}' in a variant study`
    )
  const seen = new Set<unknown>()
  values.forEach((v, i) => {
    if (typeof v !== 'string')
      throw new StudyFormatError(`manifest.values.${i}`, 'expected a variant label (a string)')
    if (seen.has(v)) throw new StudyFormatError(`manifest.values.${i}`, `'${v}' is listed twice`)
    seen.add(v)
  })
}

function readArchive(bytes: Uint8Array, limits: ArchiveLimits): BoundedZip {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b)
    throw new StudyFormatError('archive', 'not a .mflabstudy study (not a zip archive)')
  return BoundedZip.open(bytes, limits, (where, reason) => new StudyFormatError(where, reason))
}
