import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'

/**
 * Issue 35, item 1: axe-core under WCAG 2.1 A and AA. Serious and critical findings fail a test; each
 * comes back as one line naming the page, the rule, its impact and the elements, so a failure reads as
 * a to-do list rather than a JSON dump.
 */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const FAILING = new Set(['serious', 'critical'])

/** The serious and critical violations on `page` now (within `scope`, a selector, when given), one line each. */
export async function axeViolations(page: Page, where: string, scope?: string): Promise<string[]> {
  // Legacy mode runs axe in the page itself (no helper page per scan): ~40% faster here, and the app has
  // no cross-origin frames, which is all it gives up. Only violations come back: less to serialise.
  const builder = new AxeBuilder({ page }).withTags(WCAG_TAGS).options({ resultTypes: ['violations'] }).setLegacyMode(true)
  if (scope) builder.include(scope)
  const { violations } = await builder.analyze()
  return violations.filter(v => FAILING.has(v.impact ?? '')).map((v) => {
    const targets = v.nodes.slice(0, 5).map(n => n.target.join(' >> ')).join(', ')
    const more = v.nodes.length > 5 ? ` and ${v.nodes.length - 5} more` : ''
    return `${where}: ${v.id} (${v.impact}, ${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'}) ${v.help}: ${targets}${more}`
  })
}
