import { expect, request as newRequest, test, type Page } from '@playwright/test'
import { apiAs, as, endOpenSupportSessions, open } from './helpers'

/** Issue 10, item 18: the support screens at phone width (390×844, touch). */
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })

test.beforeEach(async ({ request }) => {
  await endOpenSupportSessions(request)
})
test.afterAll(async ({ baseURL }) => {
  const context = await newRequest.newContext({ baseURL })
  await endOpenSupportSessions(context)
  await context.dispose()
})

/** Sam asks for access to Acme; with `approve`, Ada approves it. */
async function session(baseURL: string | undefined, reason: string, approve: boolean) {
  const sam = await apiAs(await newRequest.newContext({ baseURL }), 'admin@example.com')
  const ada = await apiAs(await newRequest.newContext({ baseURL }), 'ada@acme.test')
  const expiresAt = new Date(Date.now() + 2 * 3_600_000).toISOString()
  const created = await (await sam.post('/api/admin/workspaces/acme/support-sessions', { data: { reason, expiresAt } })).json()
  if (approve) expect((await ada.post(`/api/workspaces/acme/support-sessions/${created.id}/approve`)).ok()).toBe(true)
  await Promise.all([sam.dispose(), ada.dispose()])
}

/** Nothing sticks out sideways: the page is no wider than the phone. */
async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
}

async function expectInside(page: Page, locator: ReturnType<Page['locator']>) {
  const box = (await locator.boundingBox())!
  expect(box.x).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width).toBeLessThanOrEqual(390)
}

test('the red support navbar fits a phone, and Server Settings moves into the user menu', async ({ browser, baseURL }) => {
  await session(baseURL, `Phone navbar ${Date.now()}`, true)
  const sam = await as(browser, 'admin@example.com')
  await open(sam, '/workspaces/acme')
  const nav = sam.getByRole('navigation', { name: 'Main' })
  await expect(nav).toHaveAttribute('data-support-mode', 'true')
  const badge = nav.getByText('Support mode', { exact: true })
  await expect(badge).toBeVisible()
  expect((await badge.boundingBox())!.height).toBeLessThan(30) // one line
  await expectInside(sam, nav.getByRole('button', { name: 'User menu' }))
  await expectInside(sam, nav.getByRole('button', { name: 'Support session details' }))
  await expectNoSidewaysScroll(sam)
  await nav.getByRole('button', { name: 'User menu' }).tap()
  await sam.getByRole('menuitem', { name: 'Server Settings' }).tap()
  await expect(sam).toHaveURL(/\/settings\/server\/workspaces$/)
})

test('on the Support page rows stack, Actions is in reach, and opening it never squeezes the page', async ({ browser, baseURL }) => {
  const reason = `Phone table ${Date.now()}`
  await session(baseURL, reason, false)
  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/workspaces/acme/support')
  const row = ada.getByRole('region', { name: 'Pending' }).getByRole('row', { name: new RegExp(reason) })
  const actions = row.getByRole('button', { name: /^Actions for Sam Admin/ })
  await expectInside(ada, actions)
  await expect(row.getByRole('cell', { name: new RegExp(reason) })).toBeVisible()
  await expectNoSidewaysScroll(ada)
  const mainWidth = (await ada.getByRole('main').boundingBox())!.width
  await actions.tap()
  await expect(ada.getByRole('menuitem', { name: 'Approve', exact: true })).toBeVisible()
  expect(await ada.evaluate(() => getComputedStyle(document.body).paddingRight)).toBe('0px')
  expect((await ada.getByRole('main').boundingBox())!.width).toBe(mainWidth)
  await ada.getByRole('menuitem', { name: 'Approve', exact: true }).tap()
  await expect(ada.getByRole('region', { name: 'Active' }).getByRole('row', { name: new RegExp(reason) })).toBeVisible()
})
