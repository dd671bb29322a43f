// axe-core (through @axe-core/playwright) on the current page: the violations a screen-reader or
// low-vision user would hit hardest. Minor and moderate findings are left to review.
import { AxeBuilder } from '@axe-core/playwright'

/** Serious and critical axe violations on the page, one readable line each; [] when none. */
export async function axeSerious(page) {
  const { violations } = await new AxeBuilder({ page }).analyze()
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id} (${v.help}) at ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`
    )
}
