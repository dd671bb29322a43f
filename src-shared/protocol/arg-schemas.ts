import { z } from 'zod'
import { experimentSpec, parseSpec } from '../spec/experiment-spec'
import { invokeChannel, isInvokeMethod, type InvokeMethod } from './channels'
import type { ControlAction, LabApi, StudyAction } from './lab-api'
import { settingsPatchSchema } from './settings-schema'
import { MAX_STUDY_RUNS } from '../study/study-plan'

/**
 * Argument schemas of every invoke method of {@link LabApi}. The Electron main process and the web-mode
 * server run every incoming call through {@link validateInvoke} before the backend sees it, so the
 * backend only ever receives values of its declared parameter types (a type annotation is not a check).
 */

/** Longest opaque id (run, session, preset) accepted over the wire. */
export const MAX_ID_LENGTH = 128
/** Longest note text, in UTF-16 code units. */
export const MAX_NOTE_LENGTH = 10_000
/** Longest session name. */
export const MAX_NAME_LENGTH = 200
/** Largest spec accepted for validation, as JSON characters (a spec is a few kB; CSV rows live elsewhere). */
export const MAX_SPEC_JSON_LENGTH = 1_000_000

/**
 * Most numbers (features and labels together) a run's data rows may hold over the wire: 7.2 MB of
 * float64, so they fit a web-mode frame (8 MiB) with the spec beside them. Larger data sets go
 * through the command line (`mflab new --csv`), which has no frame to fit.
 */
export const MAX_DATA_VALUES = 900_000

/** Opaque ids are short ASCII words: letters, digits and `._:-`, starting with a letter or digit. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/

/** A run, session or preset id. */
export const idSchema = z
  .string()
  .min(1)
  .max(MAX_ID_LENGTH)
  .regex(ID_PATTERN, 'must be letters, digits or ._:- and start with a letter or digit')

export const controlActionSchema = z.enum([
  'pause',
  'resume',
  'stop',
  'step',
  'speed'
]) satisfies z.ZodType<ControlAction>

export const studyActionSchema = z.enum(['stop', 'resume']) satisfies z.ZodType<StudyAction>

export const presetSizeSchema = z.enum(['default', 'ci', 'paper'])

/** A sweep to plan: its content (path, values in range) is judged by the planner, not here. */
export const sweepPlanSchema = z
  .object({
    preset: idSchema,
    size: presetSizeSchema.optional(),
    param: z.string().min(1).max(200),
    values: z
      .array(z.union([z.number(), z.string().max(200), z.boolean(), z.null()]))
      .min(1)
      .max(MAX_STUDY_RUNS),
    seeds: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(2 ** 32 - 1)
      )
      .min(1)
      .max(MAX_STUDY_RUNS)
  })
  .strict()

const float64Array = z.custom<Float64Array>(
  (v) => v instanceof Float64Array,
  'must be a Float64Array'
)

/**
 * A CSV task's rows: x (n × d) and y (n), at most MAX_DATA_VALUES numbers, all finite. Whether
 * they fit the spec's task (d, the train/test split) is the backend's check, as for a file.
 */
export const dataRowsSchema = z
  .object({ x: float64Array, y: float64Array })
  .strict()
  .refine(
    (r) => r.x.length + r.y.length <= MAX_DATA_VALUES,
    `must hold at most ${MAX_DATA_VALUES} numbers (a larger data set: mflab new --csv FILE)`
  )
  .refine((r) => r.x.every(Number.isFinite) && r.y.every(Number.isFinite), 'must be finite numbers')

/** A step index: a non-negative integer within the spec's step bound. */
export const stepSchema = z.number().int().min(0).max(1e10)

export const noteTextSchema = z.string().min(1).max(MAX_NOTE_LENGTH)

/**
 * A user-chosen session name; it may become part of a file name, so path separators and control
 * characters are refused here rather than trusted to every backend.
 */
export const sessionNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_NAME_LENGTH)
  .refine((s) => !/[/\\\u0000-\u001f\u007f]/.test(s), 'must not contain / \\ or control characters')
  .refine((s) => s !== '.' && s !== '..', 'must not be . or ..')

/**
 * A spec sent for validation: any plain JSON-like object, bounded in size. Its content is judged by
 * the backend's `validateSpec`, which must be able to see invalid specs to report on them.
 */
export const rawSpecSchema = z
  .record(z.string(), z.unknown())
  .refine(jsonFits, `must be JSON-serialisable and under ${MAX_SPEC_JSON_LENGTH} characters`)

/** A spec to run: fully validated, defaulted, and checked across fields (task.subspaceDim ≤ task.dim, …). */
export const runnableSpecSchema = experimentSpec.superRefine(
  (spec, ctx) => {
    const r = parseSpec(spec)
    if (!r.ok)
      for (const issue of r.issues)
        ctx.addIssue({
          code: 'custom',
          path: issue.path ? issue.path.split('.') : [],
          message: issue.message
        })
  },
  // Cross-field rules only make sense on a spec whose fields are each valid (else issues repeat).
  { when: (payload) => payload.issues.length === 0 }
)

function jsonFits(v: unknown): boolean {
  try {
    const s = JSON.stringify(v)
    return s !== undefined && s.length <= MAX_SPEC_JSON_LENGTH
  } catch {
    return false
  }
}

/** Per invoke method: the schema of its argument list (a tuple) and the names of its parameters. */
export const argSchemas = {
  listPresets: z.tuple([]),
  presetSpec: z.tuple([idSchema, presetSizeSchema.optional()]),
  validateSpec: z.tuple([rawSpecSchema]),
  startRun: z.tuple([runnableSpecSchema, dataRowsSchema.optional()]),
  chooseDataFile: z.tuple([]),
  controlRun: z.tuple([
    idSchema,
    controlActionSchema,
    z.number().int('must be a whole number').min(0).max(1e9).optional()
  ]),
  listSessions: z.tuple([]),
  loadSession: z.tuple([idSchema]),
  saveSession: z.tuple([idSchema, sessionNameSchema.optional()]),
  addNote: z.tuple([idSchema, stepSchema, noteTextSchema]),
  exportChart: z.tuple([
    idSchema,
    z
      .string()
      .max(120)
      .regex(/^[a-z][a-zA-Z0-9-]*$/, 'must be a chart name like risk or metric-dof'),
    z.enum(['png', 'svg'])
  ]),
  listStudies: z.tuple([]),
  loadStudy: z.tuple([idSchema]),
  startStudy: z.tuple([idSchema, presetSizeSchema.optional()]),
  startSweep: z.tuple([sweepPlanSchema]),
  controlStudy: z.tuple([idSchema, studyActionSchema]),
  showingSession: z.tuple([idSchema.nullable()]),
  getSettings: z.tuple([]),
  updateSettings: z.tuple([settingsPatchSchema]),
  forgetBackendChoices: z.tuple([])
} satisfies Record<InvokeMethod, z.ZodType<unknown[]>>

/** Parameter names, used to name the bad argument in errors (`spec.model.width`, not `0.model.width`). */
export const argNames = {
  listPresets: [],
  presetSpec: ['id', 'size'],
  validateSpec: ['spec'],
  startRun: ['spec', 'data'],
  chooseDataFile: [],
  controlRun: ['id', 'action', 'amount'],
  listSessions: [],
  loadSession: ['id'],
  saveSession: ['id', 'name'],
  addNote: ['id', 'step', 'text'],
  exportChart: ['id', 'chart', 'format'],
  listStudies: [],
  loadStudy: ['id'],
  startStudy: ['presetId', 'size'],
  startSweep: ['plan'],
  controlStudy: ['id', 'action'],
  showingSession: ['id'],
  getSettings: [],
  updateSettings: ['patch'],
  forgetBackendChoices: []
} as const satisfies { [M in InvokeMethod]: readonly string[] }

/** The validated argument list of an invoke method. */
export type InvokeArgs<M extends InvokeMethod> = z.output<(typeof argSchemas)[M]>

// Compile-time proof that each schema yields exactly the parameters LabApi declares.
type Mismatched = {
  [M in InvokeMethod]: InvokeArgs<M> extends Parameters<LabApi[M]>
    ? Parameters<LabApi[M]> extends z.input<(typeof argSchemas)[M]>
      ? never
      : M
    : M
}[InvokeMethod]
const schemasMatchLabApi: [Mismatched] extends [never] ? true : Mismatched = true
void schemasMatchLabApi

/** One problem found in the arguments of a call: the argument path and what is wrong there. */
export interface ArgIssue {
  /** Dotted path starting at the parameter name, e.g. `spec.model.width`; `(arguments)` for the list. */
  path: string
  message: string
}

/** A call was refused before reaching the backend: unknown method or bad arguments. */
export class InvokeError extends Error {
  constructor(
    readonly method: string,
    readonly issues: ArgIssue[]
  ) {
    super(`${channelLabel(method)}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`)
    this.name = 'InvokeError'
  }
}

function channelLabel(method: string): string {
  return isInvokeMethod(method) ? invokeChannel(method) : JSON.stringify(method).slice(0, 80)
}

/**
 * Validates the raw argument list of a call and returns the parsed (defaulted) arguments.
 * Throws {@link InvokeError} naming the method and the path of every bad argument; an unknown
 * method is refused the same way.
 */
export function validateInvoke<M extends InvokeMethod>(method: M, rawArgs: unknown): InvokeArgs<M>
export function validateInvoke(method: string, rawArgs: unknown): unknown[]
export function validateInvoke(method: string, rawArgs: unknown): unknown[] {
  if (!isInvokeMethod(method))
    throw new InvokeError(method, [{ path: '(method)', message: 'unknown method' }])
  const r = argSchemas[method].safeParse(rawArgs)
  if (r.success) return r.data
  const names: readonly string[] = argNames[method]
  throw new InvokeError(
    method,
    r.error.issues.map((i) => describeIssue(names, rawArgs, i))
  )
}

function describeIssue(names: readonly string[], raw: unknown, i: z.core.$ZodIssue): ArgIssue {
  // A short list is reported as the first missing parameter, which is what the caller forgot.
  if (
    i.code === 'too_small' &&
    i.path.length === 0 &&
    Array.isArray(raw) &&
    raw.length < names.length
  )
    return { path: names[raw.length], message: 'missing argument' }
  return { path: argPath(names, i.path), message: i.message }
}

function argPath(names: readonly string[], path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(arguments)'
  const [index, ...rest] = path
  const head =
    typeof index === 'number' && index < names.length ? names[index] : `[${String(index)}]`
  return [head, ...rest.map(String)].join('.')
}
