import type { Page } from '@playwright/test'

/**
 * What a reader cannot reach on the page as it is laid out (issue 35): an element wider than a box that
 * clips it without scrolling (a column cut to "Act", a seat cut to "Edito"), and a table that scrolls
 * sideways with no visible hint (UiScrollTable shows one) unless it turned into cards. The page being
 * wider than the screen is checked by the callers on `documentElement.scrollWidth`.
 */
export function overflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const name = (el: Element) => {
      const label = el.getAttribute('aria-label') ?? el.getAttribute('data-testid') ?? (el.textContent ?? '').trim().slice(0, 30)
      return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}> "${label}"`
    }
    /** The nearest ancestor that does not let its content overflow visibly. */
    const clipperOf = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') return a
      }
      return null
    }
    const scrolls = (el: Element) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
    const problems: string[] = []
    for (const el of document.querySelectorAll('nav *, main *')) {
      const box = el.getBoundingClientRect()
      if (box.width <= 1 || box.height <= 1 || getComputedStyle(el).position === 'fixed') continue
      const clipper = clipperOf(el)
      if (!clipper || scrolls(clipper)) continue
      const edge = clipper.getBoundingClientRect()
      if (box.right > edge.right + 1 || box.left < edge.left - 1) problems.push(`${name(el)} (${Math.round(box.width)} px) is cut off by ${name(clipper)} (${Math.round(edge.width)} px)`)
    }
    for (const table of document.querySelectorAll('main table')) {
      if (getComputedStyle(table).display === 'block') continue // turned into cards
      const scroller = clipperOf(table)
      if (!scroller || !scrolls(scroller) || scroller.scrollWidth <= scroller.clientWidth + 1) continue
      const hint = scroller.parentElement?.querySelector('[data-testid="scroll-hint"]')
      if (!hint || hint.getBoundingClientRect().height === 0) problems.push(`${name(table)} scrolls sideways (${scroller.scrollWidth} px in ${scroller.clientWidth} px) with no visible hint`)
    }
    return [...new Set(problems)].slice(0, 12)
  })
}
