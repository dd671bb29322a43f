import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { claimsForPreset } from '@shared/claims/claims-for-preset'
import { listPresets, presetSpec, presetVariants, type PresetSize } from '@shared/spec/presets'
import { getPath } from '@shared/spec/set-path'

const SIZES: PresetSize[] = ['default', 'ci', 'paper']

describe('preset variants and claims', () => {
  it('validate at every size and for every variant, and name real spec paths', () => {
    for (const p of listPresets())
      for (const size of SIZES) {
        const spec = presetSpec(p.id, { size })
        expect(spec.preset).toBe(p.id)
        for (const path of p.editable) expect(getPath(spec, path.split('.'))).toBeDefined()
        const labels = presetVariants(p, size).map((v) => v.label)
        expect(new Set(labels).size).toBe(labels.length)
        for (const label of labels) {
          const v = presetSpec(p.id, { size, variant: label })
          for (const [path, value] of Object.entries(
            presetVariants(p, size).find((x) => x.label === label)!.overrides
          )) {
            // a whole object (langevin's noisy-GD variant replaces task and model) comes back
            // with the schema's defaults filled in
            const got = getPath(v, path.split('.'))
            if (value && typeof value === 'object' && !Array.isArray(value))
              expect(got).toMatchObject(value)
            else expect(got).toEqual(value)
          }
        }
      }
  })

  it('seven of the nine are comparison studies; the two single runs have no variants', () => {
    const single = listPresets()
      .filter((p) => presetVariants(p).length === 0)
      .map((p) => p.id)
    expect(single).toEqual(['mmn-two-gaussians', 'two-timescale-kernel'])
  })

  it('each has the claims that claimsForPreset returns, with text and thresholds', () => {
    for (const p of listPresets()) {
      const claims = claimsForPreset(p.id)
      expect(claims.length).toBeGreaterThan(0)
      for (const c of claims) {
        expect(c.text.length).toBeGreaterThan(10)
        expect(c.expected).toMatch(/\d/)
      }
    }
  })

  it('spec/ never imports claims/ (the claims come from claims-for-preset.ts only)', () => {
    const dir = join(__dirname, '../../../../src-shared/spec')
    const files: string[] = []
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name)
        if (statSync(p).isDirectory()) walk(p)
        else if (name.endsWith('.ts')) files.push(p)
      }
    }
    walk(dir)
    expect(files.length).toBeGreaterThan(10)
    const importing = files
      .filter((f) => /from '(\.\.\/)+claims|from '@shared\/claims/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(dir, f))
    expect(importing).toEqual([])
  })

  it('keep the default size small enough for a minute on a CPU', () => {
    for (const p of listPresets()) {
      expect(p.estimatedSeconds).toBeGreaterThan(0)
      expect(p.estimatedSeconds).toBeLessThanOrEqual(60)
      const ci = presetSpec(p.id, { size: 'ci' })
      const def = presetSpec(p.id, { size: 'default' })
      expect(ci.dynamics.steps * ci.model.width).toBeLessThanOrEqual(
        def.dynamics.steps * def.model.width
      )
    }
  })

  it('throws for an unknown preset or variant', () => {
    expect(() => presetSpec('nope')).toThrow(/unknown preset/)
    expect(() => presetSpec('ntk-gram', { variant: 'm = 3' })).toThrow(/no variant/)
  })
})
