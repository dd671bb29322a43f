import { z } from 'zod'
import { experimentSpec } from './experiment-spec'
import { getPath } from './set-path'

/** A node of the JSON Schema that zod writes (the parts this module reads). */
export interface JsonSchemaNode {
  type?: string | string[]
  const?: unknown
  enum?: unknown[]
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  properties?: Record<string, JsonSchemaNode>
  oneOf?: JsonSchemaNode[]
  anyOf?: JsonSchemaNode[]
  [key: string]: unknown
}

let cached: JsonSchemaNode | null = null

/**
 * The JSON Schema (draft 2020-12) of what a spec may contain, as input: what `mflab schema`
 * prints and what the wizard's parameter table takes its ranges and options from.
 */
export function specJsonSchema(): JsonSchemaNode {
  cached ??= z.toJSONSchema(experimentSpec, {
    io: 'input',
    unrepresentable: 'any'
  }) as JsonSchemaNode
  return cached
}

/** The range and the allowed values of one spec field, as the schema says. */
export interface SchemaRange {
  min?: number
  max?: number
  /** The values a string field may take (an enum, or the kinds of a union of objects). */
  values?: string[]
}

/**
 * The schema's range of the field at a dotted `path` of a spec draft. Where the schema is a union
 * of objects told apart by `kind` (tasks, activations, laws), the branch is the draft's kind at that
 * level; a `kind` field's values are then the kinds of all branches. An exclusive bound is given
 * as the bound (the schema still refuses the bound itself). Empty for a path the schema lacks.
 */
export function schemaRange(path: string, draft: unknown): SchemaRange {
  const segments = path.split('.')
  let node: JsonSchemaNode | undefined = specJsonSchema()
  let values: string[] | undefined
  for (const [i, seg] of segments.entries()) {
    const here = getPath(draft, segments.slice(0, i))
    const branches = objectBranches(node)
    if (!branches.length) return {}
    if (seg === 'kind' && branches.length > 1) values = branches.flatMap(kindsOf)
    // the draft's branch, or else the first that has the field (a field of another kind)
    node =
      branchFor(branches, here)?.properties?.[seg] ??
      branches.find((br) => br.properties?.[seg])?.properties?.[seg]
    if (!node) return {}
  }
  const leaf = nonNull(node)
  const out: SchemaRange = {}
  const min = leaf.minimum ?? leaf.exclusiveMinimum
  const max = leaf.maximum ?? leaf.exclusiveMaximum
  if (min !== undefined) out.min = min
  if (max !== undefined) out.max = max
  values ??= strings(leaf.enum ?? (leaf.const !== undefined ? [leaf.const] : []))
  if (values.length) out.values = values
  return out
}

/** The object schemas a node may be: itself, or the members of its union (null left out). */
function objectBranches(node: JsonSchemaNode): JsonSchemaNode[] {
  const members = node.oneOf ?? node.anyOf
  if (members) return members.flatMap(objectBranches)
  return node.properties ? [node] : []
}

/** The branch whose `kind` matches the draft's (the only branch of a plain object). */
function branchFor(branches: JsonSchemaNode[], draft: unknown): JsonSchemaNode | undefined {
  if (branches.length === 1) return branches[0]
  const kind = getPath(draft, ['kind'])
  return branches.find((b) => kindsOf(b).includes(String(kind)))
}

function kindsOf(branch: JsonSchemaNode): string[] {
  const k = branch.properties?.kind
  if (!k) return []
  return strings(k.enum ?? (k.const !== undefined ? [k.const] : []))
}

/** A nullable field's non-null schema (β is a number or null). */
function nonNull(node: JsonSchemaNode): JsonSchemaNode {
  const members = node.anyOf ?? node.oneOf
  if (!members) return node
  return members.find((m) => m.type !== 'null') ?? node
}

function strings(v: unknown[]): string[] {
  return v.filter((x): x is string => typeof x === 'string')
}
