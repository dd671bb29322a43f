import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  NOTES_PAGES,
  headingSlug,
  notesPage,
  renderNotes
} from '../../../../src-renderer/src/views/Help/science-notes'

const root = join(__dirname, '../../../..')

/** Every source file under the given folders (TypeScript and Vue). */
function sources(dirs: string[]): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (/\.(ts|vue|mjs|cjs)$/.test(name)) out.push(p)
    }
  }
  dirs.forEach((d) => walk(join(root, d)))
  return out
}

describe('science notes (the Help page)', () => {
  const notes = notesPage('science')

  it('typesets every display formula of docs/science.md with KaTeX', () => {
    const md = readFileSync(join(root, 'docs/science.md'), 'utf8')
    const blocks = md.match(/^\$\$$/gm)?.length ?? 0
    expect(blocks).toBeGreaterThan(0)
    expect(notes.html.match(/class="katex-display"/g)?.length).toBe(blocks / 2)
    expect(notes.html).not.toContain('katex-error')
    expect(notes.html).not.toContain('$$')
  })

  it('gives each section the anchor GitHub gives it, and lists the sections', () => {
    expect(headingSlug('Guided experiments')).toBe('guided-experiments')
    expect(headingSlug('1. The model: neurons as particles')).toBe(
      '1-the-model-neurons-as-particles'
    )
    const ids = notes.sections.map((s) => s.id)
    expect(ids).toEqual(
      expect.arrayContaining(['model', 'dynamics', 'observables', 'pde', 'guided-experiments'])
    )
    for (const id of ids) expect(notes.html).toContain(`id="${id}"`)
  })

  it('has every section that the code and the lessons cite', () => {
    const cited = new Map<string, string>()
    for (const f of sources(['src-main', 'src-shared', 'src-renderer/src'])) {
      for (const m of readFileSync(f, 'utf8').matchAll(/docs\/science\.md#([\w-]+)/g))
        cited.set(m[1], relative(root, f))
    }
    const ids = new Set(notes.sections.map((s) => s.id))
    const missing = [...cited].filter(([id]) => !ids.has(id))
    expect(missing).toEqual([])
  })

  it('is the only science reference: no source or test cites a notes file outside the repository', () => {
    const outside = sources(['src-main', 'src-shared', 'src-renderer/src', 'test'])
      .filter((f) => /SCIENCE\.md/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f))
      .filter((f) => f !== relative(root, __filename))
    expect(outside).toEqual([])
  })

  it('renders the claims notes too, and every page it lists', () => {
    expect(notesPage('claims').html).toContain('id="fault-injection"')
    for (const p of NOTES_PAGES) expect(notesPage(p.name).sections.length).toBeGreaterThan(2)
  })

  it('escapes raw HTML and turns links between notes into Help routes', () => {
    const r = renderNotes('<script>alert(1)</script>\n\nSee [the claims](claims.md#ntk) and $x^2$.')
    expect(r.html).not.toContain('<script>')
    expect(r.html).toContain('&lt;script&gt;')
    expect(r.html).toContain('href="#/help/claims/ntk"')
    expect(r.html).toContain('class="katex"')
  })
})
