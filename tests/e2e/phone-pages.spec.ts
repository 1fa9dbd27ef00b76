import { request as newRequest, test, expect } from '@playwright/test'
import { endOpenSupportSessions } from './helpers'
import { PAGES_BY_PERSONA, visitPages, withActiveSession } from './pages'

/**
 * Issue 21, item 1: no page is wider than a phone (390 px, touch), for each kind of user, with the
 * support tables filled (a session row used to widen the server admin's workspace page to 809 px).
 */
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })

test.beforeAll(async ({ baseURL }) => withActiveSession(baseURL))
test.afterAll(async ({ baseURL }) => {
  const context = await newRequest.newContext({ baseURL })
  await endOpenSupportSessions(context)
  await context.dispose()
})

for (const email of Object.keys(PAGES_BY_PERSONA)) {
  test(`no page is wider than a phone for ${email}`, async ({ page }) => {
    const tooWide: string[] = []
    await visitPages(page, email, async (path) => {
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      if (width > 390) tooWide.push(`${path}: ${width} px`)
    })
    expect(tooWide).toEqual([])
  })
}
