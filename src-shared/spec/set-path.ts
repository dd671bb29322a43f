import { parseSpec, type ExperimentSpec } from './experiment-spec'

/**
 * `--set path=value` assignments on an experiment spec: dotted paths into the spec's JSON, values
 * parsed as numbers, booleans, null or JSON where they look like one, else taken as strings.
 */

/** One parsed assignment: the path as written, its segments and the parsed value. */
export interface SpecAssignment {
  path: string
  segments: string[]
  value: unknown
}

/** A bad assignment; the message starts with the path it is about. */
export class SetPathError extends Error {
  constructor(
    readonly path: string,
    reason: string
  ) {
    super(`${path || '(empty path)'}: ${reason}`)
    this.name = 'SetPathError'
  }
}

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$|^[0-9]+$/
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** Parses `a.b.c=value`. Throws SetPathError for a missing `=`, an empty or malformed path, bad JSON. */
export function parseAssignment(text: string): SpecAssignment {
  const eq = text.indexOf('=')
  if (eq < 0) throw new SetPathError(text, 'expected path=value (e.g. model.width=200)')
  const path = text.slice(0, eq).trim()
  const segments = path.split('.')
  if (!path || segments.some((s) => !SEGMENT.test(s)))
    throw new SetPathError(path, 'a path is dot-separated field names, e.g. dynamics.stepSize')
  return { path, segments, value: parseValue(path, text.slice(eq + 1).trim()) }
}

/** The value of an assignment: number, boolean, null, Infinity, JSON object/array/string, or text. */
export function parseValue(path: string, raw: string): unknown {
  if (raw === 'true') return true
  if (raw === 'false') return false
  if (raw === 'null') return null
  if (raw === 'Infinity' || raw === '+Infinity') return Infinity
  if (raw === '-Infinity') return -Infinity
  if (NUMBER.test(raw)) return Number(raw)
  if (/^[[{"]/.test(raw)) {
    try {
      return JSON.parse(raw)
    } catch (e) {
      throw new SetPathError(path, `value is not valid JSON (${(e as Error).message})`)
    }
  }
  return raw
}

/** Reads the value at a path of plain objects/arrays; undefined when any step is missing. */
export function getPath(root: unknown, segments: readonly string[]): unknown {
  let node = root
  for (const s of segments) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[s]
  }
  return node
}

/**
 * A copy of `root` with `value` at `segments`, creating missing objects on the way. The input is
 * not changed. Throws SetPathError when the path runs through a number, string or boolean.
 */
export function setPath(root: unknown, segments: readonly string[], value: unknown): unknown {
  return setAt(root, segments, 0, value)
}

function setAt(node: unknown, segments: readonly string[], i: number, value: unknown): unknown {
  if (i === segments.length) return value
  if (node !== undefined && node !== null && typeof node !== 'object') {
    const prefix = segments.slice(0, i).join('.')
    throw new SetPathError(segments.join('.'), `${prefix} is a ${typeof node}, not an object`)
  }
  const key = segments[i]
  const copy: Record<string, unknown> | unknown[] = Array.isArray(node)
    ? [...node]
    : { ...((node ?? {}) as Record<string, unknown>) }
  const child = (copy as Record<string, unknown>)[key]
  ;(copy as Record<string, unknown>)[key] = setAt(child, segments, i + 1, value)
  return copy
}

/**
 * Applies assignments to a spec input in order and validates the result. Throws SetPathError naming
 * the offending `--set` path: an unknown field (the schema would silently drop it), a value out of
 * range (with the schema's reason), or a path through a non-object.
 */
export function applyAssignments(
  input: unknown,
  assignments: readonly SpecAssignment[]
): ExperimentSpec {
  let next = input
  for (const a of assignments) next = setPath(next, a.segments, a.value)
  const r = parseSpec(next)
  if (!r.ok) {
    const issue = r.issues[0]
    const culprit =
      assignments.find((a) => issue.path === a.path || issue.path.startsWith(a.path + '.')) ??
      assignments.find((a) => a.path.startsWith(issue.path))
    const where = culprit ? `${culprit.path}` : issue.path
    const detail =
      culprit && issue.path !== culprit.path ? `${issue.path}: ${issue.message}` : issue.message
    throw new SetPathError(where, detail)
  }
  for (const a of assignments)
    if (getPath(r.spec, a.segments) === undefined)
      throw new SetPathError(a.path, 'unknown field (see `mflab schema` for the fields of a spec)')
  return r.spec
}
