import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listPresets, presetVariants } from '@shared/spec/presets'
import { cardPicture, madeLine, pictureSettings } from '../../../src-main/tools/card-pictures'

/**
 * The Home cards' pictures (src-renderer/src/assets/cards/, written by `npm run card-pictures`)
 * are measurements: a fresh ci-size run draws the same picture, point for point.
 */
const DIR = resolve(__dirname, '../../../src-renderer/src/assets/cards')
const stored = (id: string) => readFileSync(resolve(DIR, `${id}.svg`), 'utf8')
const dateOf = (svg: string) => /card-pictures on (\d{4}-\d{2}-\d{2})/.exec(svg)?.[1] ?? ''

describe('card pictures', () => {
  it('picks every setting of up to three, else the first and the last', () => {
    expect(pictureSettings(0)).toEqual([0])
    expect(pictureSettings(3)).toEqual([0, 1, 2])
    expect(pictureSettings(12)).toEqual([0, 11])
  })

  it('every preset has one, with a curve per setting drawn and the line saying how it was made', () => {
    for (const p of listPresets()) {
      const svg = stored(p.id)
      expect(svg, p.id).toContain(madeLine(dateOf(svg)))
      const curves = svg.match(/<polyline /g)?.length ?? 0
      expect(curves, p.id).toBe(pictureSettings(presetVariants(p, 'ci').length).length)
      expect(svg.length, p.id).toBeLessThan(4000)
    }
  })

  it.each(['ntk-gram', 'random-features-vs-network'])(
    '%s: a fresh run at the ci size draws the stored picture',
    async (id) => {
      const svg = stored(id)
      expect(await cardPicture(id, madeLine(dateOf(svg)))).toBe(svg)
    }
  )
})
