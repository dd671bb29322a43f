import MarkdownIt from 'markdown-it'
import texmath from 'markdown-it-texmath'
import katex from 'katex'
import scienceMd from '../../../../docs/science.md?raw'
import claimsMd from '../../../../docs/claims.md?raw'

/** A section of the science notes: the id its heading gets and the heading's text. */
export interface NotesSection {
  id: string
  title: string
}

/** The notes rendered to HTML, with the level-2 sections for a table of contents. */
export interface RenderedNotes {
  html: string
  sections: NotesSection[]
}

/**
 * The anchor of a heading as GitHub makes it (lower case, punctuation dropped, spaces to '-'), so that
 * `docs/science.md#dynamics` means the same section in the repository and on the Help page.
 */
export function headingSlug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

/**
 * Renders a notes page: Markdown with its $…$ and $$…$$ formulas typeset by KaTeX. Raw HTML in the
 * Markdown is escaped (`html: false`), links to other notes pages become Help routes, and every
 * heading gets its GitHub anchor as id.
 */
export function renderNotes(markdown: string): RenderedNotes {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false })
  md.use(texmath, {
    engine: katex,
    delimiters: 'dollars',
    katexOptions: { output: 'htmlAndMathml' }
  })
  const sections: NotesSection[] = []
  md.core.ruler.push('heading_ids', (state) => {
    const tokens = state.tokens
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].type !== 'heading_open') continue
      const title = tokens[i + 1].content
      const id = headingSlug(title)
      tokens[i].attrSet('id', id)
      tokens[i].attrSet('tabindex', '-1')
      if (tokens[i].tag === 'h2') sections.push({ id, title })
    }
  })
  const defaultLink = md.renderer.rules.link_open
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const href = String(tokens[idx].attrGet('href') ?? '')
    const local = /^(?:\.\/)?([a-z-]+)\.md(?:#(.*))?$/.exec(href)
    if (local) tokens[idx].attrSet('href', `#/help/${local[1]}${local[2] ? '/' + local[2] : ''}`)
    else if (/^[a-z]+:/i.test(href)) tokens[idx].attrSet('rel', 'noreferrer')
    return defaultLink
      ? defaultLink(tokens, idx, options, env, self)
      : self.renderToken(tokens, idx, options)
  }
  return { html: md.render(markdown), sections }
}

/** The notes pages of docs/ that the app shows, by the name in their Help route. */
const PAGES: Record<string, string> = { science: scienceMd, claims: claimsMd }
const rendered = new Map<string, RenderedNotes>()

/** The pages, in the order the Help page lists them. */
export const NOTES_PAGES = [
  { name: 'science', title: 'The science behind the lab' },
  { name: 'claims', title: 'How the claims are judged' }
] as const

/** A notes page by name, rendered once; an unknown name shows the science notes. */
export function notesPage(name: string): RenderedNotes {
  const key = name in PAGES ? name : 'science'
  let page = rendered.get(key)
  if (!page) rendered.set(key, (page = renderNotes(PAGES[key])))
  return page
}
