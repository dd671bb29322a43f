import { strToU8, zipSync, type Zippable } from 'fflate'
import { encodeSession } from '../session/encode-session'
import { finalMetric } from './study-summary'
import {
  STUDY_FORMAT_VERSION,
  STUDY_KIND,
  STUDY_MANIFEST_ENTRY,
  runEntry,
  type StudyManifest
} from './study-manifest-schema'
import type { Study } from './study-types'

/**
 * A study as the bytes of a `.mflabstudy` file: a zip holding `manifest.json` (the definition and
 * one line per run) and every run as a complete `.mflab` session under `runs/NNN.mflab`, so a run
 * can be pulled out and opened, exported or resumed on its own. Runs are stored, not deflated
 * again (a session already compresses what it should).
 */
export function encodeStudy(study: Study): Uint8Array {
  const def = study.definition
  const files: Zippable = {}
  study.runs.forEach((r, i) => {
    if (r.index !== i) throw new Error(`encodeStudy: run at position ${i} has index ${r.index}`)
    files[runEntry(i)] = [encodeSession(r.session), { level: 0 }]
  })
  const manifest: StudyManifest = {
    kind: STUDY_KIND,
    formatVersion: STUDY_FORMAT_VERSION,
    app: study.app,
    createdAt: study.createdAt,
    updatedAt: study.updatedAt,
    title: def.title,
    preset: def.preset,
    size: def.size,
    param: def.param,
    values: def.values,
    seeds: def.seeds,
    baseSpec: def.baseSpec,
    ...(def.variantStudy && { variantStudy: def.variantStudy }),
    ...(study.claims && { claims: study.claims }),
    runs: study.runs.map((r) => {
      const risk = finalMetric(r)
      return {
        index: r.index,
        value: r.value,
        seed: r.seed,
        status: r.session.status,
        step: r.session.step,
        seconds: r.seconds,
        finalRisk: Number.isFinite(risk) ? risk : null,
        entry: runEntry(r.index),
        ...(r.label !== undefined && { label: r.label })
      }
    })
  }
  files[STUDY_MANIFEST_ENTRY] = [strToU8(JSON.stringify(manifest, null, 2) + '\n'), { level: 6 }]
  return zipSync(files)
}
