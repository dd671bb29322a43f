import { z } from 'zod'

/** File extension of a study (a zip like a session, but holding many runs). */
export const STUDY_EXTENSION = '.mflabstudy'

/** Marks a study manifest, so neither a session nor a study is mistaken for the other. */
export const STUDY_KIND = 'mflab-study'

/** The study format this code writes. */
export const STUDY_FORMAT_VERSION = 1

/** Entry of the manifest inside a study archive. */
export const STUDY_MANIFEST_ENTRY = 'manifest.json'

/** Archive entry holding run `index` as a complete `.mflab` session. */
export const runEntry = (index: number): string => `runs/${String(index).padStart(3, '0')}.mflab`

const isoTime = z.string().max(64)
const sweepValue = z.union([z.number(), z.string().max(200), z.boolean(), z.null()])
const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1)
const status = z.enum(['created', 'running', 'paused', 'completed', 'stopped', 'failed'])

/**
 * `manifest.json` of a format-1 study. The base spec is checked apart with `parseSpec`; each run's
 * status, step and final risk are copies of its session's (for people and for quick listings) and
 * must agree with it.
 */
export const studyManifestSchema = z.object({
  kind: z.literal(STUDY_KIND),
  formatVersion: z.literal(STUDY_FORMAT_VERSION),
  app: z.object({ name: z.string().max(100), version: z.string().max(50) }),
  createdAt: isoTime,
  updatedAt: isoTime,
  title: z.string().max(200),
  preset: z.string().max(100).nullable(),
  size: z.enum(['ci', 'default', 'paper']).nullable(),
  param: z.string().min(1).max(200),
  values: z.array(sweepValue).min(1).max(1000),
  seeds: z.array(seed).min(1).max(1000),
  baseSpec: z.unknown().refine((v) => v !== undefined, 'Required'),
  /** Present in a variant study (see StudyDefinition.variantStudy). */
  variantStudy: z.object({ seedsFromVariants: z.boolean() }).optional(),
  /** The preset's claims judged on the study (see Study.claims). */
  claims: z
    .array(
      z.object({
        id: z.string().max(100),
        text: z.string().max(1000),
        met: z.boolean().nullable(),
        value: z.number().nullable(),
        expected: z.string().max(1000)
      })
    )
    .max(100)
    .optional(),
  runs: z
    .array(
      z.object({
        index: z.number().int().min(0),
        value: sweepValue,
        seed,
        status,
        step: z.number().int().min(0),
        seconds: z.number().min(0),
        /** Final risk of a completed run; null otherwise. */
        finalRisk: z.number().nullable(),
        entry: z.string().max(100),
        /** The preset variant of the run, in a variant study. */
        label: z.string().max(200).optional()
      })
    )
    .max(1000)
})
export type StudyManifest = z.infer<typeof studyManifestSchema>
