import { describe, expect, it } from 'vitest'
import { claimsForPreset } from '@shared/claims/claims-for-preset'
import { listPresets } from '@shared/spec/presets'
import {
  GUIDED_PRESETS,
  PRESET_EXTENSIONS,
  guidedPresetSpec,
  presetVariants
} from '@shared/spec/guided-presets'
import { getPath } from '@shared/spec/set-path'
import type { PresetSize } from '@shared/spec/presets'

const SIZES: PresetSize[] = ['default', 'ci', 'paper']

describe('guided presets', () => {
  it('are the seven presets of docs/science.md#guided-experiments not in presets.ts, with unique ids', () => {
    expect(GUIDED_PRESETS.map((p) => p.id)).toEqual([
      'lazy-vs-mean-field',
      'propagation-of-chaos',
      'bad-minimum-escape',
      'ntk-gram',
      'random-features-vs-network',
      'two-timescale-kernel',
      'label-noise-dof'
    ])
    // the one registry lists all nine, each once, so mflab new, mflab presets and Home agree
    const listed = listPresets().map((p) => p.id)
    expect(new Set(listed).size).toBe(listed.length)
    for (const p of GUIDED_PRESETS) expect(listed).toContain(p.id)
    for (const id of Object.keys(PRESET_EXTENSIONS)) expect(listed).toContain(id)
    expect(listed).toHaveLength(9)
  })

  it('validate at every size and for every variant, and name real spec paths', () => {
    for (const p of GUIDED_PRESETS)
      for (const size of SIZES) {
        const spec = guidedPresetSpec(p.id, { size })
        expect(spec.preset).toBe(p.id)
        for (const path of p.editable) expect(getPath(spec, path.split('.'))).toBeDefined()
        const labels = presetVariants(p, size).map((v) => v.label)
        expect(new Set(labels).size).toBe(labels.length)
        for (const label of labels) {
          const v = guidedPresetSpec(p.id, { size, variant: label })
          for (const [path, value] of Object.entries(
            presetVariants(p, size).find((x) => x.label === label)!.overrides
          ))
            expect(getPath(v, path.split('.'))).toEqual(value)
        }
      }
  })

  it('carry the claims that claimsForPreset returns, with text and thresholds', () => {
    for (const p of [...GUIDED_PRESETS, ...listPresets()]) {
      const claims = claimsForPreset(p.id)
      expect(claims.length).toBeGreaterThan(0)
      if ('claims' in p) expect(p.claims).toBe(claims)
      for (const c of claims) {
        expect(c.text.length).toBeGreaterThan(10)
        expect(c.expected).toMatch(/\d/)
      }
    }
  })

  it('keep the default size small enough for a minute on a CPU', () => {
    for (const p of GUIDED_PRESETS) {
      expect(p.estimatedSeconds).toBeGreaterThan(0)
      expect(p.estimatedSeconds).toBeLessThanOrEqual(60)
      const ci = guidedPresetSpec(p.id, { size: 'ci' })
      const def = guidedPresetSpec(p.id, { size: 'default' })
      expect(ci.dynamics.steps * ci.model.width).toBeLessThanOrEqual(
        def.dynamics.steps * def.model.width
      )
    }
  })

  it('throws for an unknown preset or variant', () => {
    expect(() => guidedPresetSpec('nope')).toThrow(/unknown guided preset/)
    expect(() => guidedPresetSpec('ntk-gram', { variant: 'm = 3' })).toThrow(/no variant/)
  })
})
