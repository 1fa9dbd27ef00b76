import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test'

import { DEMO_PASSWORD } from '../../server/database/demo-data'

/** Every demo account's password (SPEC 7), from the seed itself. */
export const PASSWORD = DEMO_PASSWORD

/** Fails the test on any request that leaves this machine: the app must not depend on outside hosts. */
export async function blockOutsideRequests(page: Page) {
  const outside: string[] = []
  await page.route(url => !['127.0.0.1', 'localhost'].includes(url.hostname), (route) => {
    outside.push(route.request().url())
    return route.abort()
  })
  return () => expect(outside, 'requests to outside hosts').toEqual([])
}

/** Navigates and waits until Vue has hydrated, so clicks and typing reach live components. */
export async function open(page: Page, path: string) {
  await page.goto(path)
  await page.locator('html[data-hydrated="true"]').waitFor()
}

export async function signIn(page: Page, email: string) {
  await open(page, '/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'User menu' })).toBeVisible()
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'User menu' }).click()
  await page.getByRole('menuitem', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/login/)
}

/** Ends every open support session in Acme through Ada, so a test starts from a normal navbar and no open request. */
export async function endOpenSupportSessions(request: APIRequestContext) {
  await apiAs(request, 'ada@acme.test')
  const groups = await (await request.get('/api/workspaces/acme/support-sessions')).json()
  for (const s of [...groups.pending, ...groups.active]) await request.post(`/api/workspaces/acme/support-sessions/${s.id}/revoke`)
  await request.post('/api/auth/logout')
}

/** Opens a signed-in page and waits until its live-update stream is connected. */
export async function openLive(page: Page, path: string) {
  await open(page, path)
  await page.locator('html[data-live="connected"]').waitFor()
}

/** Signs a request context in, so a test can act as a second person without a browser. */
export async function apiAs(request: APIRequestContext, email: string) {
  const res = await request.post('/api/auth/login', { data: { email, password: PASSWORD } })
  expect(res.ok()).toBe(true)
  return request
}

/** The contexts `as` opened, and the test each was opened for. */
const opened: { context: BrowserContext, testId: string }[] = []

/**
 * Playwright closes only its own `context` fixture; a context opened with browser.newContext() stays open
 * for the worker's life, its page keeping a live-update stream and refreshing on every event: a whole run
 * ended with ~150 such tabs. So `as` closes the ones it opened for earlier tests (after their failure
 * screenshots, which are taken when a test ends).
 */
async function closeEarlierContexts() {
  const current = test.info().testId
  const earlier = opened.filter(o => o.testId !== current)
  opened.splice(0, opened.length, ...opened.filter(o => o.testId === current))
  await Promise.all(earlier.map(o => o.context.close()))
}

/** A signed-in page in its own browser context: one person, as in a separate browser. */
export async function as(browser: Browser, email: string) {
  await closeEarlierContexts()
  const context = await browser.newContext()
  opened.push({ context, testId: test.info().testId })
  const page = await context.newPage()
  await signIn(page, email)
  return page
}

/** Screenshots go with the test results; UPDATE_DOCS_SCREENSHOTS=1 also refreshes the README's pictures. */
export async function snap(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) })
  if (process.env.UPDATE_DOCS_SCREENSHOTS) await page.screenshot({ path: `docs/screenshots/${name}.png` })
}

/** What a datetime-local input takes: local wall-clock time without a zone. */
export function localInput(date: Date) {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** A virtual platform authenticator (CDP WebAuthn) that verifies the user at once, for passkey tests. */
export async function withAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  })
}
