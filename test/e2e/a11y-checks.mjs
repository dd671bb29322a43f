// Checks axe-core does not make: the page has one main heading (h1), ids are unique, every
// control and picture has a name even where axe skips it (a progress bar, a chart canvas), and
// nothing that is only decoration (a formula) is a tab stop or scrolls (a tab stop in Chromium).

/** Problems on the current page, as readable strings; [] when none. */
export async function a11yProblems(page) {
  return page.evaluate(() => {
    const problems = []
    // not laid out, hidden, or inside a folded <details> (a skipped subtree)
    const visible = (el) =>
      el.getClientRects().length > 0 &&
      (el.checkVisibility?.({ visibilityProperty: true, contentVisibilityAuto: true }) ?? true)
    const text = (el) => (el?.innerText || el?.textContent || '').trim()
    const nameOf = (el) => {
      const label = el.getAttribute('aria-label')
      if (label?.trim()) return label.trim()
      const by = el.getAttribute('aria-labelledby')
      if (by)
        return by
          .split(/\s+/)
          .map((id) => text(document.getElementById(id)))
          .join(' ')
          .trim()
      if (el.labels?.length) return [...el.labels].map(text).join(' ').trim()
      if (['BUTTON', 'A', 'SUMMARY', 'OPTION'].includes(el.tagName) && text(el)) return text(el)
      return el.getAttribute('title')?.trim() ?? ''
    }
    const describe = (el) =>
      `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}${el.id ? `#${el.id}` : ''}`

    if (!document.documentElement.lang) problems.push('the page has no language')
    const h1s = [...document.querySelectorAll('h1')].filter(visible)
    if (h1s.length !== 1) problems.push(`${h1s.length} main headings (h1)`)
    const ids = new Map()
    for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) ?? 0) + 1)
    for (const [id, n] of ids) if (n > 1) problems.push(`id "${id}" used ${n} times`)
    const controls = document.querySelectorAll(
      'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="progressbar"], [role="img"], img'
    )
    for (const el of controls) {
      if (!visible(el)) continue
      if (el.tagName === 'IMG' ? !el.hasAttribute('alt') : !nameOf(el))
        problems.push(`${describe(el)} has no accessible name`)
    }
    for (const el of document.querySelectorAll('.formula, .katex')) {
      if (
        el.tabIndex >= 0 ||
        el.closest('[tabindex]:not([tabindex="-1"])')?.matches('.formula, .katex')
      )
        problems.push(`a formula is a tab stop`)
      const style = getComputedStyle(el)
      if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth)
        problems.push('a formula scrolls (a keyboard tab stop in Chromium)')
    }
    return [...new Set(problems)]
  })
}
