import { describe, expect, it } from 'vitest'
import { experimentSpec } from '@shared/spec/experiment-spec'
import { listPresets, presetSpec, UnknownPresetError } from '@shared/spec/presets'
import { getPath } from '@shared/spec/set-path'
import { PRESET_IDS } from '@shared/spec/preset-ids'

describe('presets', () => {
  it('lists the nine guided experiments in the order of docs/science.md#guided-experiments, with their texts', () => {
    const ids = listPresets().map((p) => p.id)
    expect(ids).toEqual([
      'mmn-two-gaussians',
      'lazy-vs-mean-field',
      'propagation-of-chaos',
      'langevin-free-energy',
      'bad-minimum-escape',
      'ntk-gram',
      'random-features-vs-network',
      'two-timescale-kernel',
      'label-noise-dof'
    ])
    expect(ids).toEqual([...PRESET_IDS])
    for (const p of listPresets()) {
      expect(p.title.length).toBeGreaterThan(5)
      expect(p.claim.length).toBeGreaterThan(20)
      expect(p.narrative.length).toBeGreaterThan(100)
      expect(p.estimatedSeconds).toBeGreaterThan(0)
    }
  })

  it('every preset validates at every size, and editable paths exist in its spec', () => {
    for (const p of listPresets())
      for (const size of ['default', 'ci', 'paper'] as const) {
        const spec = presetSpec(p.id, { size })
        expect(experimentSpec.safeParse(spec).success).toBe(true)
        expect(spec.preset).toBe(p.id)
        for (const path of p.editable)
          expect(getPath(spec, path.split('.')), path).not.toBeUndefined()
      }
  })

  it("mmn-two-gaussians is MMN's first setting (docs/science.md#guided-experiments)", () => {
    const s = presetSpec('mmn-two-gaussians')
    expect(s.task).toMatchObject({ kind: 'two-gaussians', dim: 40, delta: 0.8 })
    expect(s.model).toMatchObject({
      width: 800,
      bias: false,
      train: { a: false, b: false, w: true }
    })
    expect(s.model.activation.kind).toBe('truncated-relu')
    expect(s.model.init.w).toEqual({ kind: 'normal', mean: 0, std: 0.8, scaleByDim: true })
    expect(s.model.init.a).toEqual({ kind: 'constant', value: 1 })
    expect(s.dynamics).toMatchObject({
      kind: 'online-sgd',
      batchSize: 1,
      stepSize: 1e-4,
      beta: null
    })
    expect(s.dynamics.steps * s.dynamics.stepSize).toBeCloseTo(20, 10)
  })

  it('the ci size is smaller than the default, which is not larger than paper', () => {
    for (const p of listPresets()) {
      const cost = (size: 'ci' | 'default' | 'paper') => {
        const s = presetSpec(p.id, { size })
        return s.model.width * s.dynamics.steps
      }
      // the two CI-timed runs are at least 10× cheaper; the guided studies' bases are small already
      const factor = p.id === 'mmn-two-gaussians' || p.id === 'langevin-free-energy' ? 10 : 1
      expect(cost('ci'), p.id).toBeLessThan(cost('default') / factor)
      expect(cost('default')).toBeLessThanOrEqual(cost('paper'))
    }
  })

  it('langevin-free-energy has finite β and positive λ', () => {
    const s = presetSpec('langevin-free-energy')
    expect(s.dynamics.beta).toBeGreaterThan(0)
    expect(s.dynamics.lambda).toBeGreaterThan(0)
    expect(s.model.width).toBe(400)
  })

  it('an unknown id names the known ones', () => {
    expect(() => presetSpec('nope')).toThrow(UnknownPresetError)
    expect(() => presetSpec('nope')).toThrow(/known: mmn-two-gaussians, lazy-vs-mean-field/)
  })
})
