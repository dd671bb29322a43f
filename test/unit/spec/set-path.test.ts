import { describe, expect, it } from 'vitest'
import { presetSpec } from '@shared/spec/presets'
import { applyAssignments, parseAssignment, SetPathError, setPath } from '@shared/spec/set-path'

const base = presetSpec('mmn-two-gaussians', { size: 'ci' })
const apply = (...sets: string[]) => applyAssignments(base, sets.map(parseAssignment))
const errorOf = (...sets: string[]): SetPathError => {
  try {
    apply(...sets)
  } catch (e) {
    if (e instanceof SetPathError) return e
    throw e
  }
  throw new Error('no error')
}

describe('--set path=value', () => {
  it('parses numbers, booleans, null, Infinity, JSON and plain text', () => {
    expect(parseAssignment('a.b=1e-4').value).toBe(1e-4)
    expect(parseAssignment('a=-3').value).toBe(-3)
    expect(parseAssignment('a=true').value).toBe(true)
    expect(parseAssignment('a=null').value).toBe(null)
    expect(parseAssignment('a=Infinity').value).toBe(Infinity)
    expect(parseAssignment('a={"kind":"relu"}').value).toEqual({ kind: 'relu' })
    expect(parseAssignment('a=[1,2]').value).toEqual([1, 2])
    expect(parseAssignment('title=my run = 2').value).toBe('my run = 2')
    expect(parseAssignment('a.b.c=x').segments).toEqual(['a', 'b', 'c'])
  })

  it('sets dotted paths without changing the input', () => {
    const s = apply(
      'model.width=37',
      'dynamics.beta=100',
      'model.activation={"kind":"tanh"}',
      'title=x'
    )
    expect(s.model.width).toBe(37)
    expect(s.dynamics.beta).toBe(100)
    expect(s.model.activation).toEqual({ kind: 'tanh' })
    expect(s.title).toBe('x')
    expect(base.model.width).toBe(100)
    expect(apply('dynamics.beta=Infinity').dynamics.beta).toBeNull()
  })

  it('names the path in every error', () => {
    expect(errorOf('model.width=0').message).toMatch(/^model\.width: Too small/)
    expect(errorOf('model.widht=3').message).toBe(
      'model.widht: unknown field (see `mflab schema` for the fields of a spec)'
    )
    expect(errorOf('model.width.x=3').message).toBe(
      'model.width.x: model.width is a number, not an object'
    )
    expect(errorOf('task.kind=circle').path).toBe('task.kind')
    expect(errorOf('dynamics.kind=sgd', 'dynamics.batchSize=5000').message).toMatch(
      /^dynamics\.batchSize: must be ≤/
    )
    expect(() => parseAssignment('model.width')).toThrow(/^model\.width: expected path=value/)
    expect(() => parseAssignment('model..width=3')).toThrow(SetPathError)
    expect(() => parseAssignment('a={bad')).toThrow(/^a: value is not valid JSON/)
  })

  it('setPath creates missing objects and refuses to walk through a scalar', () => {
    expect(setPath({}, ['a', 'b'], 1)).toEqual({ a: { b: 1 } })
    expect(() => setPath({ a: 'x' }, ['a', 'b'], 1)).toThrow(SetPathError)
  })
})
