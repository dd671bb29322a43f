import { describe, expect, it } from 'vitest'
import { claimsForPreset } from '@shared/claims/claims-for-preset'
import { METRIC_LABELS } from '@shared/charts/metric-labels'
import { OBSERVABLE_COLUMNS } from '@shared/observe/observable-columns'
import { COURSE } from '@shared/spec/course'
import { findPreset, presetVariants } from '@shared/spec/presets'
import {
  lessonForSpec,
  lessonPresets,
  presetLessonText,
  presetNarrative,
  presetSizeOf
} from '@shared/spec/lessons'
import { cmdPresets } from '../../../src-main/cli/cmd-presets'
import { formatMeasurement, lessonNumber } from '@shared/spec/lesson-measurements'
import { listPresets, presetSpec } from '@shared/spec/presets'

/** Column names as the engine writes them (the ones that are not plain words): never shown. */
const RAW_METRICS = [
  ...new Set([...Object.values(OBSERVABLE_COLUMNS).flat(), ...Object.keys(METRIC_LABELS)])
].filter((k) => /[A-Z0-9]/.test(k))

/** Strings that give away notes, files, ids or backend words in text a student reads. */
const BANNED: readonly RegExp[] = [
  /Source:/i,
  /\[(seed|paper|derived)/i,
  /SCIENCE\.md|claims\.md|science\.md|\.ts\b/i,
  /JS engine|float64 reference|wasm|webgpu|float32|typed arrays/i,
  /\bCI size\b|\bci size\b/i,
  /\bseed 00\d/i,
  /`/,
  /\b(model|task|dynamics|observe|compute)\.[a-z]\w*/,
  new RegExp(`\\b(${RAW_METRICS.join('|')})\\b`)
]

function offences(text: string): string[] {
  return BANNED.filter((re) => re.test(text)).map(String)
}

/**
 * Every text of a preset a student sees: title, claim, lesson at each size (also as the plain text
 * sessions, the Library and the preset list carry), claims, variants.
 */
function studentTexts(id: string): string[] {
  const preset = listPresets().find((p) => p.id === id)!
  const out = [preset.title, preset.claim]
  for (const size of ['ci', 'default', 'paper', null] as const) {
    const l = presetLessonText(id, size)!
    out.push(l.predict, l.watch, l.explain, l.teacher, presetNarrative(id, size))
  }
  for (const c of claimsForPreset(id)) out.push(c.text)
  const guided = findPreset(id)
  if (guided) for (const v of presetVariants(guided)) out.push(v.label)
  return out
}

describe('lessons', () => {
  it('every guided experiment has a lesson and a place in the course', () => {
    const ids = listPresets().map((p) => p.id)
    expect([...lessonPresets()].sort()).toEqual([...ids].sort())
    expect(COURSE.map((c) => c.preset).sort()).toEqual([...ids].sort())
  })

  it.each(listPresets().map((p) => p.id))('%s: student text has no internal words', (id) => {
    for (const text of studentTexts(id)) expect(offences(text), text).toEqual([])
  })

  it('`mflab presets` prints plain words, in text and as JSON', () => {
    for (const args of [[], ['--json']]) {
      const lines: string[] = []
      expect(cmdPresets(args, (l) => lines.push(l))).toBe(0)
      expect(lines.join('\n')).not.toBe('')
      // the preset ids are the command's handles: scan the text after them
      const text = lines.join('\n').replace(/"id":"[a-z-]+"|^[a-z-]+ /gm, '')
      expect(offences(text), text).toEqual([])
    }
  })

  it('a session and the preset list carry the plain lesson, not the research notes', () => {
    for (const p of listPresets()) {
      const plain = presetNarrative(p.id, 'default')
      expect(plain).toMatch(/^Predict: [\s\S]+\n\nWatch: [\s\S]+\n\nWhy: /)
      expect(plain).toContain(presetLessonText(p.id, 'default')!.explain)
      expect(plain).not.toContain(p.narrative.slice(0, 40))
    }
  })

  it('the scan catches what it is meant to catch', () => {
    expect(offences('Source: seed 004 [seed]')).not.toEqual([])
    expect(offences('watch meanAbsCos')).not.toEqual([])
    expect(offences('κ = model.init.w.std')).not.toEqual([])
    expect(offences('Measured on the JS engine')).not.toEqual([])
    expect(offences('Watch the free energy fall.')).toEqual([])
    // the research notes a session used to carry fail it
    expect(offences(findPreset('ntk-gram')!.narrative)).not.toEqual([])
  })

  it('quotes a measured number only at the size it was measured at', () => {
    const slope = lessonNumber('propagation-of-chaos', 'spreadSlope', 'ci')!
    const ci = presetLessonText('propagation-of-chaos', 'ci')!.explain
    const paper = presetLessonText('propagation-of-chaos', 'paper')!.explain
    expect(ci).toContain(formatMeasurement(slope))
    expect(paper).not.toMatch(/measured/)
  })

  it('each lesson quotes its measured numbers of the size that runs, and none at an unmeasured size', () => {
    const quoted: [string, string][] = [
      ['mmn-two-gaussians', 'riskEnd'],
      ['bad-minimum-escape', 'riskStuck'],
      ['lazy-vs-mean-field', 'ntkRiskLargest'],
      ['ntk-gram', 'lambda0'],
      ['random-features-vs-network', 'riskRandomFeatures'],
      ['two-timescale-kernel', 'alignmentEnd'],
      ['label-noise-dof', 'cleanRiskRatio']
    ]
    for (const [id, name] of quoted) {
      for (const size of ['ci', 'default'] as const) {
        const m = lessonNumber(id, name, size)!
        expect(presetLessonText(id, size)!.explain, `${id} ${size}`).toContain(
          ` ${formatMeasurement(m)}`
        )
      }
      expect(presetLessonText(id, 'paper')!.explain).not.toMatch(/Measured/)
      expect(presetLessonText(id, null)!.explain).not.toMatch(/Measured/)
    }
  })

  it('tells the size a run was made at from its spec', () => {
    for (const size of ['ci', 'default', 'paper'] as const) {
      const spec = presetSpec('propagation-of-chaos', { size })
      expect(presetSizeOf(spec)).toBe(size)
    }
    const ci = presetSpec('propagation-of-chaos', { size: 'ci' })
    const slope = lessonNumber('propagation-of-chaos', 'spreadSlope', 'ci')!
    expect(lessonForSpec(ci)!.explain).toContain(formatMeasurement(slope))
    expect(lessonForSpec({ ...ci, preset: undefined })).toBeNull()
  })
})

describe('the course', () => {
  it('gives every card a formula KaTeX renders without an error', async () => {
    const katex = (await import('katex')).default
    for (const c of COURSE)
      expect(() => katex.renderToString(c.formula, { throwOnError: true }), c.preset).not.toThrow()
  })
})
