import { mkdirSync } from 'node:fs'
import { expect, request as newRequest, test, type APIRequestContext, type Page } from '@playwright/test'
import { apiAs, as, endOpenSupportSessions, localInput, open } from './helpers'

/**
 * Issue 35, items 2 and 3: every decision shows its reasons (more time is approved in a dialog, the
 * badge counts it, every approver is named, the more-time dialog keeps the policy) and one truth per
 * screen (reads-need-a-session wording, admin-only settings tabs, one error page with its status).
 * Screens land in /tmp/h35a-shots/ at 1280 and 390 px.
 */
const SHOTS = '/tmp/h35a-shots'
mkdirSync(SHOTS, { recursive: true })
async function shoot(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 })
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png` })
  }
  await page.setViewportSize({ width: 1280, height: 720 })
}

async function api(baseURL: string | undefined, email: string) {
  return apiAs(await newRequest.newContext({ baseURL }), email)
}
async function benId(ada: APIRequestContext) {
  const members = await (await ada.get('/api/workspaces/acme/members')).json() as { user: { id: number, name: string } }[]
  return members.find(m => m.user.name === 'Ben')!.user.id
}
/** Acme as the demo has it: the default policy, Ben a Member, no open sessions. */
async function restore(baseURL: string | undefined) {
  const ada = await api(baseURL, 'ada@acme.test')
  await endOpenSupportSessions(ada)
  await apiAs(ada, 'ada@acme.test')
  await ada.patch('/api/workspaces/acme/support-policy', { data: { requireReason: false, maxSessionHours: null, approvalsRequired: 1, readsRequireSession: false } })
  await ada.patch(`/api/workspaces/acme/members/${await benId(ada)}`, { data: { role: 'member', seat: 'editor' } })
  await ada.dispose()
}
test.beforeEach(async ({ baseURL }) => restore(baseURL))
test.afterEach(async ({ baseURL }) => restore(baseURL))

/** Sam's session in Acme, approved by `approvers`, ending in `minutes`. */
async function activeSession(baseURL: string | undefined, reason: string, minutes = 30, approvers = ['ada@acme.test']) {
  const sam = await api(baseURL, 'admin@example.com')
  const res = await sam.post('/api/admin/workspaces/acme/support-sessions', { data: { reason, expiresAt: new Date(Date.now() + minutes * 60_000).toISOString() } })
  expect(res.status()).toBe(201)
  const session = await res.json()
  for (const email of approvers) {
    const admin = await api(baseURL, email)
    expect((await admin.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, { data: {} })).ok()).toBe(true)
    await admin.dispose()
  }
  return { sam, id: session.id as number }
}

test('Approve more time opens a dialog with the holder\'s reason, an earlier end, a comment and the policy; the badge counts it', async ({ browser, baseURL }) => {
  const reason = `More time, reasons ${Date.now()}`
  const { sam, id } = await activeSession(baseURL, reason, 30)
  expect((await sam.post(`/api/admin/workspaces/acme/support-sessions/${id}/extensions`, { data: { expiresAt: new Date(Date.now() + 180 * 60_000).toISOString(), reason: 'The fix needs a second deploy' } })).status()).toBe(201)

  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/workspaces/acme/support')
  await expect(ada.getByRole('navigation', { name: 'Workspace Settings' }).getByRole('link', { name: 'Support 1 waiting for approval' })).toBeVisible()
  const row = ada.getByRole('region', { name: 'Active' }).locator(`tr[data-session-id="${id}"]`)
  const actions = row.getByRole('button', { name: /^Actions/ })
  await actions.click()
  await ada.getByRole('menuitem', { name: 'Approve more time…' }).click()
  const dialog = ada.getByRole('dialog', { name: 'Approve more time' })
  await expect(dialog.getByTestId('extension-reason')).toContainText('The fix needs a second deploy')
  await expect(dialog.getByTestId('extension-policy')).toContainText('Unapproved requests lapse after')
  // More than asked is refused in the dialog; an earlier end and a comment are sent.
  await dialog.getByLabel('Access ends').fill(localInput(new Date(Date.now() + 240 * 60_000)))
  await dialog.getByRole('button', { name: 'Approve more time' }).click()
  await expect(dialog.getByRole('alert')).toHaveText('You can give less time than asked, never more.')
  const earlier = new Date(Date.now() + 90 * 60_000)
  await dialog.getByLabel('Access ends').fill(localInput(earlier))
  await dialog.getByLabel(/Comment for Sam/).fill('An hour more should do.')
  await shoot(ada, 'approve-more-time-dialog')
  await dialog.getByRole('button', { name: 'Approve more time' }).click()
  await expect(dialog).toBeHidden()
  await expect(row).toContainText('Extended once')
  await expect(actions).toBeFocused()
  const session = (await (await sam.get('/api/me')).json()).supportSessions.find((s: { id: number }) => s.id === id)
  expect(Math.abs(new Date(session.expiresAt).getTime() - earlier.getTime())).toBeLessThan(60_000)
  await expect(ada.getByRole('region', { name: 'Support activity' })).toContainText('An hour more should do.')
  await sam.dispose()
})

test('with two approvals, the members\' banner and the navbar\'s Details name both approvers', async ({ browser, baseURL }) => {
  const ada = await api(baseURL, 'ada@acme.test')
  expect((await ada.patch(`/api/workspaces/acme/members/${await benId(ada)}`, { data: { role: 'admin' } })).ok()).toBe(true)
  expect((await ada.patch('/api/workspaces/acme/support-policy', { data: { approvalsRequired: 2 } })).ok()).toBe(true)
  await ada.dispose()
  const { sam } = await activeSession(baseURL, `Two approvers ${Date.now()}`, 60, ['ada@acme.test', 'ben@acme.test'])
  await sam.dispose()

  const cy = await as(browser, 'cy@acme.test')
  await open(cy, '/workspaces/acme')
  await expect(cy.getByTestId('support-banner')).toContainText('approved by Ada and Ben.')
  await shoot(cy, 'banner-two-approvers')
  const samPage = await as(browser, 'admin@example.com')
  await open(samPage, '/workspaces/acme')
  await samPage.getByRole('button', { name: 'Support session details' }).click()
  await expect(samPage.getByTestId('support-approvers')).toHaveText('Ada and Ben')
  await shoot(samPage, 'details-two-approvers')
})

test('Ask for more time keeps the policy, the same from Server Settings as from the navbar', async ({ browser, baseURL }) => {
  const ada = await api(baseURL, 'ada@acme.test')
  expect((await ada.patch('/api/workspaces/acme/support-policy', { data: { maxSessionHours: 8, requireReason: true } })).ok()).toBe(true)
  await ada.dispose()
  const { sam: samApi } = await activeSession(baseURL, `Policy for more time ${Date.now()}`, 60)
  await samApi.dispose()

  const sam = await as(browser, 'admin@example.com')
  await open(sam, '/workspaces/acme')
  await sam.getByRole('button', { name: 'Support session details' }).click()
  await sam.getByTestId('support-session-panel').getByRole('button', { name: 'Ask for more time' }).click()
  let dialog = sam.getByRole('dialog', { name: 'Ask for more time' })
  await expect(dialog.getByTestId('extend-policy')).toContainText('Sessions last at most 8 hours.')
  const fromNavbar = await dialog.getByLabel('New end').inputValue()
  await sam.keyboard.press('Escape')

  await open(sam, '/settings/server/workspaces/acme')
  await sam.getByRole('button', { name: 'Ask for more time' }).click()
  dialog = sam.getByRole('dialog', { name: 'Ask for more time' })
  await expect(dialog.getByTestId('extend-policy')).toContainText('Sessions last at most 8 hours.')
  await expect(dialog.getByText('4 hours more', { exact: true })).toBeVisible()
  await expect(dialog.getByText('1 day more', { exact: true })).toHaveCount(0)
  await expect(dialog.locator('label[for="extend-reason"]')).toHaveText('Reason (required)')
  expect(fromNavbar).not.toBe('')
  await expect(dialog.getByLabel('New end')).toHaveValue(fromNavbar)
  // Nothing is sent without the reason the policy requires.
  await dialog.getByRole('button', { name: 'Ask for more time' }).click()
  await expect(dialog.getByRole('alert')).toContainText('requires a reason')
  await shoot(sam, 'ask-more-time-policy')
})

test('under "reads need a session", the End confirmation, the ended notice and the refusal agree, and the request opens in place', async ({ browser, baseURL }) => {
  const ada = await api(baseURL, 'ada@acme.test')
  expect((await ada.patch('/api/workspaces/acme/support-policy', { data: { readsRequireSession: true } })).ok()).toBe(true)
  await ada.dispose()
  const { sam: samApi } = await activeSession(baseURL, `Reads end too ${Date.now()}`, 60)
  await samApi.dispose()

  const sam = await as(browser, 'admin@example.com')
  await open(sam, '/workspaces/acme')
  await sam.getByRole('button', { name: 'Support session details' }).click()
  await sam.getByRole('button', { name: 'End Support Session' }).click()
  const confirm = sam.getByRole('dialog', { name: 'End support session' })
  await expect(confirm).toContainText('You lose access to Acme now, reading included')
  await shoot(sam, 'end-confirmation-reads')
  await confirm.getByRole('button', { name: 'End Support Session' }).click()
  const ended = sam.getByTestId('support-ended')
  await expect(ended).toContainText('Acme lets server admins read its data only during an approved support session')
  await expect(ended).not.toContainText('You can still read it')
  await expect(sam.getByRole('alert').filter({ hasText: 'This workspace lets server admins read its data only during an approved support session.' })).toBeVisible()
  await shoot(sam, 'ended-reads-refused')
  await sam.getByRole('button', { name: 'Request Support Access' }).click()
  await expect(sam.getByRole('dialog', { name: 'Request Support Access' })).toBeVisible()
  await expect(sam).toHaveURL(/\/workspaces\/acme$/)
  await shoot(sam, 'request-in-place')
})

test('Members and Guests see no admin-only settings tabs, nor an admin\'s hint on General', async ({ browser }) => {
  const cy = await as(browser, 'cy@acme.test')
  await open(cy, '/settings/workspaces/acme')
  const tabs = cy.getByRole('navigation', { name: 'Workspace Settings' }).getByRole('link')
  await expect(tabs).toHaveText(['General', 'People'])
  await expect(cy.getByText('Turn on Discoverable first')).toHaveCount(0)
  await shoot(cy, 'settings-member')
  const gus = await as(browser, 'gus@partner.test')
  await open(gus, '/settings/workspaces/acme/people')
  await expect(gus.getByRole('navigation', { name: 'Workspace Settings' }).getByRole('link')).toHaveText(['General', 'People'])
  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/workspaces/acme')
  await expect(ada.getByRole('navigation', { name: 'Workspace Settings' }).getByRole('link')).toHaveText(['General', 'People', 'Support', 'Integrations', 'Audit log'])
})

test('one error page, with the navbar, the user menu and the right status, for every missing page', async ({ browser }) => {
  const cy = await as(browser, 'cy@acme.test')
  for (const path of ['/projects/abc', '/projects/99999', '/workspaces/nope', '/settings/workspaces/nope/people', '/invites/99999']) {
    const errors: string[] = []
    const onConsole = (m: { type: () => string, text: () => string }) => { if (m.type() === 'error') errors.push(m.text()) }
    cy.on('console', onConsole)
    const response = await cy.goto(path)
    await cy.locator('html[data-hydrated="true"]').waitFor()
    expect(response?.status(), path).toBe(404)
    await expect(cy.getByRole('heading', { level: 1 })).toHaveText('Page not found')
    await expect(cy.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'User menu' })).toBeVisible()
    await expect(cy.getByRole('button', { name: 'Sign in' })).toHaveCount(0)
    await expect(cy.getByRole('button', { name: 'Invite', exact: true })).toHaveCount(0)
    expect(errors.filter(e => e.includes('[nuxt]')), path).toEqual([])
    cy.off('console', onConsole)
    if (path === '/projects/abc') await shoot(cy, 'error-404')
  }
  // Forbidden: the same page, with 403.
  const response = await cy.goto('/settings/server/users')
  await cy.locator('html[data-hydrated="true"]').waitFor()
  expect(response?.status()).toBe(403)
  await expect(cy.getByRole('heading', { level: 1 })).toHaveText('You cannot open this page')
  await expect(cy.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'User menu' })).toBeVisible()
})
