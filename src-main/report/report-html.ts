import type { ClaimResult } from '@shared/claims/claim-types'
import type { Session } from '@shared/session/session-types'

/** One chart as written to disk: its caption and the file names of its images (relative). */
export interface ReportImage {
  caption: string
  png: string | null
  svg: string | null
}

/** What `index.html` shows besides the session itself. */
export interface ReportPage {
  session: Session
  /** The source file name, shown in the header. */
  sourceName: string
  images: readonly ReportImage[]
  /** The preset's claim in words, when the session comes from a guided experiment. */
  presetClaim: string | null
  /** Checked claims, when there are any. */
  claims: readonly ClaimResult[]
}

/** HTML-escapes text for element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

const STYLE = `body{font-family:'DejaVu Sans',system-ui,sans-serif;margin:2rem auto;max-width:980px;
color:#1f2328;padding:0 1rem;line-height:1.45}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem}
.meta{color:#59636e;font-size:.9rem}figure{margin:1.2rem 0}figure img{max-width:100%;
border:1px solid #d1d9e0}figcaption{font-size:.9rem;color:#59636e}
pre{background:#f6f8fa;padding:1rem;overflow:auto;font-size:.8rem;border:1px solid #d1d9e0}
table{border-collapse:collapse;font-size:.9rem}td,th{border:1px solid #d1d9e0;padding:.3rem .6rem;
text-align:left}.met{color:#1a7f37}.unmet{color:#cf222e}.open{color:#59636e}`

/**
 * A self-contained `index.html` for a report: the charts (images next to it, referenced by relative
 * name), the claims, the notes and the spec as JSON. No scripts, styles or fonts from elsewhere.
 */
export function reportHtml(page: ReportPage): string {
  const s = page.session
  const e = escapeHtml
  const backend = s.backend
    ? `${s.backend.actual}${s.backend.detail ? ` (${s.backend.detail})` : ''}`
    : '—'
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(s.spec.title)} — Mean-Field Lab report</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${e(s.spec.title)}</h1>`,
    `<p class="meta">${e(page.sourceName)} · status ${e(s.status)} · step ${s.step} of ` +
      `${s.spec.dynamics.steps} · t = ${Number(s.time.toPrecision(6))} · backend ${e(backend)}` +
      ` · updated ${e(s.updatedAt)}</p>`
  ]
  if (s.message) parts.push(`<p class="meta">${e(s.message)}</p>`)

  if (page.presetClaim || page.claims.length > 0) {
    parts.push('<h2>Claims</h2>')
    if (page.presetClaim)
      parts.push(
        `<p>${e(page.presetClaim)}</p>`,
        page.claims.length === 0
          ? '<p class="meta">Stated by the guided experiment; not checked in this report.</p>'
          : ''
      )
    if (page.claims.length > 0) {
      parts.push('<table><tr><th>claim</th><th>expected</th><th>value</th><th>verdict</th></tr>')
      for (const c of page.claims) {
        const [cls, word] =
          c.met === null ? ['open', 'not judged'] : c.met ? ['met', 'met'] : ['unmet', 'not met']
        const value = c.value === null ? '—' : String(Number(c.value.toPrecision(4)))
        parts.push(
          `<tr><td>${e(c.text)}</td><td>${e(c.expected)}</td><td>${value}</td>` +
            `<td class="${cls}">${word}</td></tr>`
        )
      }
      parts.push('</table>')
    }
  }

  parts.push('<h2>Charts</h2>')
  if (page.images.length === 0) parts.push('<p>No recorded results to draw.</p>')
  for (const img of page.images) {
    const src = img.png ?? img.svg
    if (!src) continue
    const alt = e(img.caption)
    const svgLink = img.png && img.svg ? ` (<a href="${e(img.svg)}">SVG</a>)` : ''
    parts.push(
      `<figure><img src="${e(src)}" alt="${alt}"><figcaption>${alt}${svgLink}</figcaption></figure>`
    )
  }

  if (s.notes.length > 0) {
    parts.push('<h2>Notes</h2><ul>')
    for (const n of s.notes) parts.push(`<li>step ${n.step}: ${e(n.text)}</li>`)
    parts.push('</ul>')
  }

  parts.push('<h2>Spec</h2>', `<pre>${e(JSON.stringify(s.spec, null, 2))}</pre>`)
  parts.push('</body></html>', '')
  return parts.join('\n')
}
