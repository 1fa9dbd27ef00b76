import { expect, request as newRequest, test } from '@playwright/test'
import { axeViolations } from './axe'
import { apiAs, endOpenSupportSessions } from './helpers'
import { pageWalks, visitPages, withActiveSession } from './pages'

/**
 * No page may render differently on the server and in the browser (issue 10, item 8). Every page each
 * persona can open is loaded directly, in a browser whose language and time zone differ from the
 * server's, and any hydration warning fails the test. The same walk runs axe at 1280 px (issue 35): a
 * serious or critical WCAG 2.1 A/AA violation fails it too.
 */
test.use({ locale: 'de-DE', timezoneId: 'America/New_York', viewport: { width: 1280, height: 800 } })

// With an active, expiring session, the banner, the red navbar and the session tables all render times.
test.beforeAll(async ({ baseURL }) => {
  await withActiveSession(baseURL)
  const ada = await apiAs(await newRequest.newContext({ baseURL }), 'ada@acme.test')
  // A policy other than the defaults: the Support page's form must render it on the server too (issue 21).
  expect((await ada.patch('/api/workspaces/acme/support-policy', { data: { requireReason: true, maxSessionHours: 8, pendingTtlHours: 24 } })).ok()).toBe(true)
  await ada.dispose()
})
test.afterAll(async ({ baseURL }) => {
  const context = await newRequest.newContext({ baseURL })
  await endOpenSupportSessions(context)
  const ada = await apiAs(context, 'ada@acme.test')
  expect((await ada.patch('/api/workspaces/acme/support-policy', { data: { requireReason: false, maxSessionHours: null, pendingTtlHours: 72 } })).ok()).toBe(true)
  await context.dispose()
})

for (const { email, paths, name } of pageWalks()) {
  test(`every page renders the same on the server and in the browser, and passes axe, for ${name}`, async ({ page }) => {
    test.setTimeout(180_000) // a walk of 6 pages with axe: up to 51 s on 2 cores at a load average of 10–20 (issue 35)
    const warnings: string[] = []
    const violations: string[] = []
    page.on('console', (m) => {
      if (/hydrat|mismatch/i.test(m.text())) warnings.push(`${page.url()}: ${m.text()}`)
    })
    await visitPages(page, email, async (path) => {
      violations.push(...await axeViolations(page, `${path} at 1280 px`))
    }, paths)
    expect(warnings).toEqual([])
    expect(violations, 'axe: serious or critical WCAG 2.1 A/AA violations').toEqual([])
  })
}

test('the Support page\'s policy form is rendered with the stored policy, for a browser without JavaScript', async ({ page }) => {
  await apiAs(page.request, 'ada@acme.test')
  const html = await (await page.request.get('/settings/workspaces/acme/support')).text()
  const input = (label: string) => html.match(new RegExp(`<input[^>]*id="${label}"[^>]*>`))?.[0] ?? ''
  expect(input('policy-max-hours')).toMatch(/value="8"/)
  expect(input('policy-lapse-hours')).toMatch(/value="24"/)
  expect(input('policy-require-reason')).toMatch(/checked/)
})
