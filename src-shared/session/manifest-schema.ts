import { z } from 'zod'
import { backendName } from '../spec/experiment-spec'

/** The session format this code writes; older ones are migrated on load (migrations.ts). */
export const FORMAT_VERSION = 1

const finiteOrNull = z.number().nullable()
const isoTime = z.string().max(64)

/** Index record of one binary entry of the archive. */
export const arrayEntry = z.object({
  dtype: z.enum(['f64', 'f32']),
  /** Element counts per axis, row-major; the product times the element size is byteLength. */
  shape: z.array(z.number().int().min(0)).max(4),
  byteLength: z.number().int().min(0),
  /** CRC-32 of the stored bytes, 8 lower-case hex digits. */
  crc32: z.string().regex(/^[0-9a-f]{8}$/, 'expected 8 lower-case hex digits')
})
export type ArrayEntry = z.infer<typeof arrayEntry>

const concreteBackend = z.enum(['webgpu', 'webasm', 'cpu', 'js', 'reference'])

/**
 * `manifest.json` of a format-1 session. The spec is checked apart with `parseSpec` (so its
 * cross-field rules apply too); here it is only required to be present.
 */
export const manifestSchema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  app: z.object({ name: z.string().max(100), version: z.string().max(50) }),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** A copy of spec.title, for people reading the manifest. */
  title: z.string().max(200),
  /** A copy of spec.seed; must agree with it. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  status: z.enum(['created', 'running', 'paused', 'completed', 'stopped', 'failed']),
  step: z.number().int().min(0),
  time: z.number().min(0),
  spec: z.unknown().refine((v) => v !== undefined, 'Required'),
  backend: z
    .object({
      requested: z.union([backendName, z.literal('reference')]),
      actual: concreteBackend,
      detail: z.string().max(1000),
      fallbackReason: z.string().max(2000).nullable()
    })
    .nullable(),
  summary: z.record(z.string().max(100), finiteOrNull),
  message: z.string().max(10_000).nullable(),
  notes: z
    .array(
      z.object({ step: z.number().int().min(0), text: z.string().max(100_000), createdAt: isoTime })
    )
    .max(100_000),
  bookmarks: z
    .array(z.object({ step: z.number().int().min(0), label: z.string().max(1000) }))
    .max(100_000),
  lesson: z
    .object({
      narrative: z.string().max(100_000),
      editable: z.array(z.string().max(200)).max(1000)
    })
    .nullish(),
  /** Steps of the particle snapshots stored under snapshots/<step>/{a,b,w}.f32, with their sizes. */
  snapshots: z
    .array(
      z.object({
        step: z.number().int().min(0),
        m: z.number().int().min(1),
        d: z.number().int().min(1)
      })
    )
    .max(100_000),
  /** Resume state; its particles are checkpoint/{a,b,w}.f64. Non-finite rng values are null. */
  checkpoint: z
    .object({
      step: z.number().int().min(0),
      time: z.number().min(0),
      rng: z.record(z.string().max(100), z.array(finiteOrNull).max(64)),
      extra: z.record(z.string().max(100), finiteOrNull)
    })
    .nullable(),
  /** The preset's claim verdicts of the last run (optional: absent in older files). */
  claims: z
    .array(
      z.object({
        id: z.string().max(200),
        text: z.string().max(2000),
        met: z.boolean().nullable(),
        value: finiteOrNull,
        expected: z.string().max(2000)
      })
    )
    .max(1000)
    .optional(),
  /** Every binary entry of the archive, by entry name. */
  arrays: z.record(z.string().max(300), arrayEntry)
})
export type Manifest = z.infer<typeof manifestSchema>
