import { expect, request as newRequest, test } from '@playwright/test'
import { apiAs, as, endOpenSupportSessions, open, snap } from './helpers'

/**
 * SPEC 3.10 "reads need a session": Ada turns it on in the support policy; Sam, with no session, is told
 * why Acme's pages are closed to him and may Request Support Access right there.
 */
async function setReadsRequireSession(baseURL: string | undefined, on: boolean) {
  const ada = await apiAs(await newRequest.newContext({ baseURL }), 'ada@acme.test')
  expect((await ada.patch('/api/workspaces/acme/support-policy', { data: { readsRequireSession: on } })).ok()).toBe(true)
  await ada.dispose()
}

test.beforeEach(async ({ request }) => endOpenSupportSessions(request))
// Every other spec expects Acme readable by server admins, as by default.
test.afterEach(async ({ baseURL }) => setReadsRequireSession(baseURL, false))

test('Ada turns on "reads need a session"; Sam is told why and may Request Support Access in place', async ({ browser }, testInfo) => {
  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/workspaces/acme/support')
  const policy = ada.getByRole('region', { name: 'Support policy' })
  await expect(policy.getByText(/On: without an approved session they see only its name, plan and counts/)).toBeVisible()
  await policy.getByLabel('Server admins need an approved session to read this workspace').check()
  await policy.getByRole('button', { name: 'Save policy' }).click()
  await expect(policy.getByRole('status')).toHaveText('Policy saved.')

  const sam = await as(browser, 'admin@example.com')
  await open(sam, '/workspaces/acme')
  await expect(sam.getByRole('alert')).toContainText('This workspace lets server admins read its data only during an approved support session.')
  await snap(sam, testInfo, 'reads-require-session')
  // Issue 35: the request opens right here, not on another page.
  await sam.getByRole('button', { name: 'Request Support Access' }).click()
  await expect(sam).toHaveURL(/\/workspaces\/acme$/)
  await expect(sam.getByRole('dialog', { name: 'Request Support Access' }).getByTestId('request-policy')).toContainText('Reading the workspace’s data needs an approved session too.')
})

test('Server Settings → Users and Emails show none of Acme\'s data to Sam without a session', async ({ browser, baseURL }, testInfo) => {
  const adaApi = await apiAs(await newRequest.newContext({ baseURL }), 'ada@acme.test')
  const invitee = `hidden-hire-${Date.now()}@acme.test`
  expect((await adaApi.post('/api/workspaces/acme/invites', { data: { email: invitee, role: 'member', seat: 'viewer' } })).ok()).toBe(true)
  await adaApi.dispose()
  await setReadsRequireSession(baseURL, true)

  const sam = await as(browser, 'admin@example.com')
  for (const width of [1280, 390]) {
    await sam.setViewportSize({ width, height: 900 })
    await open(sam, '/settings/server/users?q=ben@acme')
    const ben = sam.getByRole('row').filter({ hasText: 'ben@acme.test' })
    await expect(ben).toContainText('Also a member of 1 workspace hidden here (support session needed).')
    await expect(sam.getByTestId('hidden-data-note')).toContainText('Their memberships are hidden here')
    await expect(ben).not.toContainText('Acme')
    await snap(sam, testInfo, `server-users-hidden-${width}`)

    await open(sam, '/settings/server/emails')
    await expect(sam.getByTestId('mail-hidden').first()).toContainText('Hidden: Acme shows its emails only during an approved support session.')
    await expect(sam.getByTestId('hidden-data-note')).toContainText('Their emails are hidden here')
    await expect(sam.getByText(invitee)).toHaveCount(0)
    await snap(sam, testInfo, `server-emails-hidden-${width}`)
  }
})
