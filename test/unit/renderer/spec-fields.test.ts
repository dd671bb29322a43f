import { describe, expect, it } from 'vitest'
import { experimentSpec } from '@shared/spec/experiment-spec'
import { setPath } from '@shared/spec/set-path'
import { schemaRange } from '@shared/spec/spec-json-schema'
import { WIZARD_STEPS, resolveField, type FieldDef } from '../../../src-renderer/src/spec-fields'

const FIELDS = WIZARD_STEPS.flatMap((s) => s.fields)
const TASKS = ['two-gaussians', 'two-gaussians-anisotropic', 'single-index', 'teacher', 'product']

/** A valid draft with this task kind (the schema's defaults). */
function draftOf(kind: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(experimentSpec.parse({ task: { kind } }))) as Record<
    string,
    unknown
  >
}

/** Whether the schema accepts `value` at the field's path of the draft (other fields may complain). */
function accepts(draft: unknown, f: FieldDef, value: number): boolean {
  const r = experimentSpec.safeParse(setPath(draft, f.path.split('.'), value))
  return r.success || !r.error.issues.some((i) => i.path.join('.') === f.path)
}

describe("the wizard's parameter table", () => {
  it('shows for every field, on every task, the range the schema enforces', () => {
    let checked = 0
    for (const kind of TASKS) {
      const draft = draftOf(kind)
      // the subspace may be as large as the input dimension
      const wide = setPath(draft, ['task', 'dim'], 4096)
      for (const def of FIELDS) {
        if (def.when && !def.when(draft)) continue
        const f = resolveField(def, draft)
        const d = def.path === 'task.subspaceDim' ? wide : draft
        const tiny = (b: number) => (f.kind === 'integer' ? 1 : 1e-9 * Math.max(1, Math.abs(b)))
        const inside = (b: number) => (f.kind === 'integer' ? 0 : tiny(b))
        if (f.min !== undefined) {
          expect(accepts(d, f, f.min + inside(f.min)), `${kind} ${f.path} min`).toBe(true)
          expect(accepts(d, f, f.min - tiny(f.min)), `${kind} ${f.path} below min`).toBe(false)
          checked++
        }
        if (f.max !== undefined) {
          expect(accepts(d, f, f.max - inside(f.max)), `${kind} ${f.path} max`).toBe(true)
          expect(accepts(d, f, f.max + tiny(f.max)), `${kind} ${f.path} above max`).toBe(false)
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(100)
  })

  it('follows the schema where the hand-written table had drifted', () => {
    expect(resolveField(fieldAt('task.dim'), draftOf('product')).min).toBe(2)
    expect(resolveField(fieldAt('task.dim'), draftOf('two-gaussians')).min).toBe(1)
    expect(resolveField(fieldAt('task.testSize'), draftOf('two-gaussians')).min).toBe(1)
  })

  it('labels every option the schema allows, except those it says it does not offer', () => {
    for (const f of FIELDS.filter((x) => x.kind === 'select')) {
      const draft = draftOf(f.path.startsWith('task.link') ? 'single-index' : 'two-gaussians')
      const allowed = schemaRange(f.path, draft).values ?? []
      const offered = f.options!.map((o) => o.value)
      expect([...offered, ...(f.notOffered ?? [])].sort(), f.path).toEqual([...allowed].sort())
      expect(resolveField(f, draft).options, f.path).toEqual(f.options)
    }
  })
})

function fieldAt(path: string): FieldDef {
  const f = FIELDS.find((x) => x.path === path)
  if (!f) throw new Error(`no field ${path}`)
  return f
}
