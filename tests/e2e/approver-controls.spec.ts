import { expect, request as newRequest, test } from '@playwright/test'
import { apiAs, as, endOpenSupportSessions, localInput, open, snap } from './helpers'

/**
 * Issue 21, approver controls (SPEC 3.7): Ada approves with an earlier end and a comment Sam reads;
 * Sam sees the time left in his navbar, asks for more time there, and Ada approves it.
 */
test.beforeEach(async ({ request }) => endOpenSupportSessions(request))
test.afterAll(async ({ baseURL }) => {
  const context = await newRequest.newContext({ baseURL })
  await endOpenSupportSessions(context)
  await context.dispose()
})

async function requestAsSam(baseURL: string | undefined, reason: string, minutes: number) {
  const sam = await apiAs(await newRequest.newContext({ baseURL }), 'admin@example.com')
  const res = await sam.post('/api/admin/workspaces/acme/support-sessions', { data: { reason, expiresAt: new Date(Date.now() + minutes * 60_000).toISOString() } })
  expect(res.status()).toBe(201)
  const id = (await res.json()).id as number
  await sam.dispose()
  return id
}

test('Ada approves with an earlier end and a comment; Sam reads the comment', async ({ browser, baseURL }, testInfo) => {
  const reason = `Approver controls ${Date.now()}`
  await requestAsSam(baseURL, reason, 240)
  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/workspaces/acme/support')
  const row = ada.getByRole('region', { name: 'Pending' }).getByRole('row', { name: new RegExp(reason) })
  await row.getByRole('button', { name: 'Actions' }).click()
  await ada.getByRole('menuitem', { name: 'Approve with changes…' }).click()
  const dialog = ada.getByRole('dialog', { name: 'Approve support access' })
  // Later than asked is refused in the dialog, before anything is sent.
  await dialog.getByLabel('Access ends').fill(localInput(new Date(Date.now() + 300 * 60_000)))
  await dialog.getByRole('button', { name: 'Approve' }).click()
  await expect(dialog.getByRole('alert')).toHaveText('You can shorten the access asked for, never lengthen it.')
  await dialog.getByLabel('Access ends').fill(localInput(new Date(Date.now() + 60 * 60_000)))
  await dialog.getByLabel(/Comment for Sam/).fill('One hour, Tower only please.')
  await snap(ada, testInfo, 'approve-dialog')
  await dialog.getByRole('button', { name: 'Approve' }).click()
  await expect(dialog).toBeHidden()
  const active = ada.getByRole('region', { name: 'Active' }).getByRole('row', { name: new RegExp(reason) })
  await expect(active.getByTestId('approval-comment')).toContainText('One hour, Tower only please.')
  await expect(active).toContainText(/in (1 hour|60 minutes|59 minutes)/)

  const sam = await as(browser, 'admin@example.com')
  await open(sam, '/settings/server/workspaces/acme')
  await expect(sam.getByRole('row', { name: new RegExp(reason) }).getByTestId('approval-comment')).toContainText('One hour, Tower only please.')
})

test('Sam sees the time left, asks for more time from the navbar, and Ada approves it', async ({ browser, baseURL }, testInfo) => {
  const reason = `More time ${Date.now()}`
  const id = await requestAsSam(baseURL, reason, 30)
  const adaApi = await apiAs(await newRequest.newContext({ baseURL }), 'ada@acme.test')
  expect((await adaApi.post(`/api/workspaces/acme/support-sessions/${id}/approve`, { data: {} })).ok()).toBe(true)
  await adaApi.dispose()

  const sam = await as(browser, 'admin@example.com')
  await open(sam, '/workspaces/acme')
  const nav = sam.getByRole('navigation', { name: 'Main' })
  await expect(nav.getByTestId('support-time-left')).toHaveText(/^(30|29) min left$/)
  await nav.getByRole('button', { name: 'Support session details' }).click()
  await sam.getByTestId('support-session-panel').getByRole('button', { name: 'Ask for more time' }).click()
  const dialog = sam.getByRole('dialog', { name: 'Ask for more time' })
  await dialog.getByText('1 hour more', { exact: true }).click()
  await dialog.getByLabel('Reason').fill('The fix needs a second deploy')
  await dialog.getByRole('button', { name: 'Ask for more time' }).click()
  await expect(dialog).toBeHidden()
  await nav.getByRole('button', { name: 'Support session details' }).click()
  await expect(sam.getByTestId('extension-waiting')).toBeVisible()
  await snap(sam, testInfo, 'extension-waiting')
  await sam.keyboard.press('Escape')

  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/workspaces/acme/support')
  const row = ada.getByRole('region', { name: 'Active' }).getByRole('row', { name: new RegExp(reason) })
  await expect(row.getByTestId('extension-pending')).toContainText('More time asked')
  await snap(ada, testInfo, 'extension-pending')
  await row.getByRole('button', { name: 'Actions' }).click()
  await ada.getByRole('menuitem', { name: 'Approve more time…' }).click()
  // Issue 35: the decision shows the holder's reason before it is made.
  const approve = ada.getByRole('dialog', { name: 'Approve more time' })
  await expect(approve.getByTestId('extension-reason')).toContainText('The fix needs a second deploy')
  await approve.getByRole('button', { name: 'Approve more time' }).click()
  await expect(approve).toBeHidden()
  await expect(row).toContainText('Extended once')
  await expect(row.getByTestId('extension-pending')).toHaveCount(0)
  // Sam's navbar follows live: an hour and a half now.
  await expect(nav.getByTestId('support-time-left')).toHaveText(/^1 h (30|29) min left$/)
})

test('the navbar warns 5 minutes before the session ends', async ({ browser, baseURL }) => {
  const id = await requestAsSam(baseURL, `Countdown ${Date.now()}`, 11)
  const adaApi = await apiAs(await newRequest.newContext({ baseURL }), 'ada@acme.test')
  expect((await adaApi.post(`/api/workspaces/acme/support-sessions/${id}/approve`, { data: {} })).ok()).toBe(true)
  await adaApi.dispose()
  const sam = await as(browser, 'admin@example.com')
  // The browser's clock runs 6 minutes ahead; the server's does not, so the session is still active.
  await sam.clock.install()
  await open(sam, '/workspaces/acme')
  const left = sam.getByRole('navigation', { name: 'Main' }).getByTestId('support-time-left')
  await expect(left).toHaveText(/min left$/)
  await expect(left).not.toHaveAttribute('data-warning', 'true')
  await sam.clock.fastForward('06:30')
  await expect(left).toHaveAttribute('data-warning', 'true')
  await expect(left).toHaveText(/^[0-4]:\d\d left$/)
  await expect(sam.getByRole('status').filter({ hasText: 'ends in less than 5 minutes' })).toBeAttached()
})
