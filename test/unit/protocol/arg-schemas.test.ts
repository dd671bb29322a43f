import { describe, expect, it } from 'vitest'
import {
  argNames,
  argSchemas,
  InvokeError,
  MAX_DATA_VALUES,
  MAX_ID_LENGTH,
  MAX_NOTE_LENGTH,
  validateInvoke
} from '@shared/protocol/arg-schemas'
import { invokeMethods, type InvokeMethod } from '@shared/protocol/channels'
import { experimentSpec } from '@shared/spec/experiment-spec'

/** One acceptable argument list per method. */
const good: { [M in InvokeMethod]: unknown[] } = {
  listPresets: [],
  presetSpec: ['mmn-two-gaussians'],
  validateSpec: [{ model: { width: -3 } }],
  startRun: [{ title: 'tiny', model: { width: 8 }, dynamics: { steps: 10 } }],
  chooseDataFile: [],
  controlRun: ['run-1', 'pause'],
  listSessions: [],
  loadSession: ['3f2a9c1e-0b7d-4c11-9e7a-2d1f00aa11bb'],
  saveSession: ['s1', 'My first run'],
  addNote: ['s1', 1200, 'risk plateaus here'],
  exportChart: ['s1', 'metric-dof', 'svg'],
  listStudies: [],
  loadStudy: ['width-sweep'],
  startStudy: ['lazy-vs-mean-field', 'ci'],
  startSweep: [
    { preset: 'mmn-two-gaussians', size: 'ci', param: 'model.width', values: [20, 80], seeds: [1] }
  ],
  controlStudy: ['lazy-vs-mean-field-variants-20261124-120000', 'stop'],
  showingSession: [null],
  getSettings: [],
  updateSettings: [{ maxConcurrentRuns: 2 }],
  forgetBackendChoices: []
}

/** Malformed argument lists, each with the argument path the error must name. */
const bad: [InvokeMethod, unknown, string][] = [
  ['listPresets', ['extra'], '(arguments)'],
  ['listPresets', 'not-a-list', '(arguments)'],
  ['presetSpec', [], 'id'],
  ['presetSpec', [42], 'id'],
  ['presetSpec', ['../etc/passwd'], 'id'],
  ['presetSpec', ['x'.repeat(MAX_ID_LENGTH + 1)], 'id'],
  ['validateSpec', ['spec as a string'], 'spec'],
  ['validateSpec', [{ huge: 'x'.repeat(1_000_001) }], 'spec'],
  ['startRun', [{ model: { width: 0 } }], 'spec.model.width'],
  ['startRun', [{ task: { kind: 'two-gaussians', dim: 1.5 } }], 'spec.task.dim'],
  ['startRun', [{ dynamics: { kind: 'warp-drive' } }], 'spec.dynamics.kind'],
  [
    'startRun',
    [{ task: { kind: 'two-gaussians-anisotropic', dim: 4, subspaceDim: 8 } }],
    'spec.task.subspaceDim'
  ],
  ['startRun', [{}, { x: [1, 2], y: new Float64Array(1) }], 'data.x'],
  ['startRun', [{}, { x: new Float64Array(1), y: new Float64Array([NaN]) }], 'data'],
  ['startRun', [{}, { x: new Float64Array(MAX_DATA_VALUES), y: new Float64Array(1) }], 'data'],
  ['startRun', [{}, { x: new Float64Array(1), y: new Float64Array(1), z: 1 }], 'data'],
  ['chooseDataFile', ['/etc/passwd'], '(arguments)'],
  ['controlRun', ['run-1', 'explode'], 'action'],
  ['controlRun', ['run 1', 'pause'], 'id'],
  ['controlRun', ['run-1'], 'action'],
  ['controlRun', ['run-1', 'step', 1.5], 'amount'],
  ['controlRun', ['run-1', 'speed', -10], 'amount'],
  ['listSessions', [null], '(arguments)'],
  ['loadSession', [{ id: 's1' }], 'id'],
  ['loadSession', [''], 'id'],
  ['listStudies', ['extra'], '(arguments)'],
  ['loadStudy', [], 'id'],
  ['loadStudy', ['../../etc/passwd'], 'id'],
  ['loadStudy', ['sweep/../../secret.mflabstudy'], 'id'],
  ['loadStudy', [7], 'id'],
  ['saveSession', ['s1', 'a/b'], 'name'],
  ['saveSession', ['s1', '..'], 'name'],
  ['saveSession', ['s1', 'x'.repeat(201)], 'name'],
  ['addNote', ['s1', -1, 'text'], 'step'],
  ['addNote', ['s1', 2.5, 'text'], 'step'],
  ['addNote', ['s1', 3, ''], 'text'],
  ['addNote', ['s1', 3, 'x'.repeat(MAX_NOTE_LENGTH + 1)], 'text'],
  ['exportChart', ['s1', '../risk', 'svg'], 'chart'],
  ['exportChart', ['s1', 'risk', 'pdf'], 'format'],
  ['startStudy', [], 'presetId'],
  ['startStudy', ['../lazy'], 'presetId'],
  ['startStudy', ['lazy-vs-mean-field', 'huge'], 'size'],
  ['startSweep', [{ preset: 'x', param: 'model.width', values: [], seeds: [1] }], 'plan.values'],
  ['startSweep', [{ preset: 'x', param: 'model.width', values: [1], seeds: [-1] }], 'plan.seeds.0'],
  ['startSweep', [{ preset: 'x', param: 'p', values: [{}], seeds: [1] }], 'plan.values.0'],
  ['startSweep', [{ preset: 'x', param: 'p', values: [1], seeds: [1], run: 'rm' }], 'plan'],
  ['controlStudy', ['s1', 'pause'], 'action'],
  ['controlStudy', ['s 1', 'stop'], 'id'],
  ['showingSession', [], 'id'],
  ['showingSession', ['../x'], 'id'],
  ['getSettings', [{}], '(arguments)'],
  ['updateSettings', [{ maxConcurrentRuns: 0 }], 'patch.maxConcurrentRuns'],
  ['updateSettings', [{ maxConcurrentRuns: 2.5 }], 'patch.maxConcurrentRuns'],
  ['updateSettings', [{ studyWorkers: -1 }], 'patch.studyWorkers'],
  ['updateSettings', [{ histogramsPerSecond: '4' }], 'patch.histogramsPerSecond'],
  ['updateSettings', [{ evalMe: 'process.exit()' }], 'patch'],
  ['updateSettings', ['maxConcurrentRuns=2'], 'patch'],
  ['forgetBackendChoices', ['all'], '(arguments)']
]

function issuesOf(method: string, args: unknown): InvokeError {
  try {
    validateInvoke(method, args)
  } catch (e) {
    expect(e).toBeInstanceOf(InvokeError)
    return e as InvokeError
  }
  throw new Error(`${method} accepted ${JSON.stringify(args).slice(0, 100)}`)
}

describe('validateInvoke', () => {
  it('has a schema, parameter names and a good example for every invoke method', () => {
    expect(Object.keys(argSchemas).sort()).toEqual([...invokeMethods].sort())
    expect(Object.keys(argNames).sort()).toEqual([...invokeMethods].sort())
    expect(Object.keys(good).sort()).toEqual([...invokeMethods].sort())
  })

  it.each(invokeMethods.map((m) => [m]))('%s accepts a well-formed argument list', (m) => {
    expect(() => validateInvoke(m, good[m])).not.toThrow()
  })

  it('startRun takes a CSV task with its rows as Float64Arrays, up to the wire limit', () => {
    const spec = { task: { kind: 'csv', dim: 2, trainSize: 2, testSize: 1 } }
    const data = { x: new Float64Array([1, 2, 3, 4, 5, 6]), y: new Float64Array([1, -1, 1]) }
    const [, parsed] = validateInvoke('startRun', [spec, data])
    expect(parsed?.x).toBeInstanceOf(Float64Array)
    expect(Array.from(parsed?.y ?? [])).toEqual([1, -1, 1])
    const atLimit = { x: new Float64Array(MAX_DATA_VALUES - 1), y: new Float64Array(1) }
    expect(() => validateInvoke('startRun', [spec, atLimit])).not.toThrow()
  })

  it('every method has at least one rejected payload in the table', () => {
    const covered = new Set(bad.map(([m]) => m))
    expect(invokeMethods.filter((m) => !covered.has(m))).toEqual([])
  })

  it.each(bad.map(([m, args, path]) => [m, path, args] as const))(
    '%s rejects a bad %s',
    (m, path, args) => {
      const err = issuesOf(m, args)
      expect(err.method).toBe(m)
      expect(err.issues.map((i) => i.path)).toContain(path)
      expect(err.message).toContain(`lab:${m}`)
      expect(err.message).toContain(path)
    }
  )

  it('returns the defaulted spec for startRun', () => {
    const [spec] = validateInvoke('startRun', good.startRun)
    expect(spec).toEqual(experimentSpec.parse(good.startRun[0]))
    expect(spec.model.width).toBe(8)
    expect(spec.dynamics.steps).toBe(10)
  })

  it('passes an invalid spec through validateSpec untouched, for the backend to judge', () => {
    const [spec] = validateInvoke('validateSpec', good.validateSpec)
    expect(spec).toEqual({ model: { width: -3 } })
  })

  it('trims a session name and keeps the optional name optional', () => {
    expect(validateInvoke('saveSession', ['s1', '  run A  '])).toEqual(['s1', 'run A'])
    expect(validateInvoke('saveSession', ['s1'])).toEqual(['s1'])
  })

  it.each([['toString'], ['__proto__'], ['onRunEvent'], ['lab:startRun'], [''], ['shutdown']])(
    'rejects the unknown method %j',
    (name) => {
      const err = issuesOf(name, [])
      expect(err.issues).toEqual([{ path: '(method)', message: 'unknown method' }])
    }
  )
})
