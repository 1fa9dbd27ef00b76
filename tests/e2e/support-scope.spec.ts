import { expect, request as newRequest, test } from '@playwright/test'
import { apiAs, as, endOpenSupportSessions, open } from './helpers'

/**
 * Issue 32 (SPEC 3.12): Ada approves Sam's request narrowed to Tower and read-only; Ben's banner and
 * Sam's navbar say so; Sam's write to Secret Lab shows the refusal in words.
 */
test.beforeEach(async ({ request }) => endOpenSupportSessions(request))
test.afterAll(async ({ baseURL }) => {
  const context = await newRequest.newContext({ baseURL })
  await endOpenSupportSessions(context)
  await context.dispose()
})

test('a session narrowed to Tower and read-only is shown and refused as such', async ({ browser, baseURL }) => {
  const reason = `Scope ${Date.now()}`
  const sam = await apiAs(await newRequest.newContext({ baseURL }), 'admin@example.com')
  expect((await sam.post('/api/admin/workspaces/acme/support-sessions', { data: { reason, expiresAt: new Date(Date.now() + 120 * 60_000).toISOString() } })).status()).toBe(201)
  await sam.dispose()

  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/workspaces/acme/support')
  const row = ada.getByRole('region', { name: 'Pending' }).getByRole('row', { name: new RegExp(reason) })
  await row.getByRole('button', { name: 'Actions' }).click()
  await ada.getByRole('menuitem', { name: 'Approve with changes…' }).click()
  const dialog = ada.getByRole('dialog', { name: 'Approve support access' })
  await dialog.getByLabel('Read-only').check()
  await dialog.getByLabel('Chosen projects').check()
  // Only Tower: the pick starts with one project, whichever it is.
  for (const box of await dialog.getByRole('checkbox').all()) {
    await box.setChecked((await box.evaluate(el => el.closest('label')?.textContent?.trim())) === 'Tower')
  }
  // The approver sees what approving lends, as narrowed: the scope and the end.
  await expect(dialog.getByTestId('approve-terms')).toContainText(/Read-only · Tower, until /)
  await dialog.getByRole('button', { name: 'Approve' }).click()
  await expect(dialog).toBeHidden()
  await expect(ada.getByRole('region', { name: 'Active' }).getByRole('row', { name: new RegExp(reason) }).getByTestId('session-scope')).toHaveText('Read-only · Tower')

  const ben = await as(browser, 'ben@acme.test')
  await open(ben, '/workspaces/acme')
  await expect(ben.getByTestId('support-banner')).toContainText('Read-only · Tower')

  const admin = await as(browser, 'admin@example.com')
  await open(admin, '/workspaces/acme')
  await expect(admin.getByRole('navigation', { name: 'Main' }).getByTestId('support-scope')).toHaveText('Read-only · Tower')
  await admin.getByRole('link', { name: /Secret Lab/ }).click()
  await expect(admin.getByRole('button', { name: 'Comment' })).toBeDisabled()
  await expect(admin.getByRole('button', { name: 'Comment' })).toHaveAccessibleDescription(/Your support session does not lend this: it is read-only/)
})

test('a duration is narrowed in the approve dialog, and a scheduled session is in the navbar with its start', async ({ browser, baseURL }) => {
  const reason = `Window ${Date.now()}`
  const sam = await apiAs(await newRequest.newContext({ baseURL }), 'admin@example.com')
  const startsAt = new Date(Date.now() + 3 * 60 * 60_000).toISOString()
  expect((await sam.post('/api/admin/workspaces/acme/support-sessions', { data: { reason, durationMinutes: 120, startsAt } })).status()).toBe(201)
  await sam.dispose()

  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/workspaces/acme/support')
  const row = ada.getByRole('region', { name: 'Pending' }).getByRole('row', { name: new RegExp(reason) })
  await expect(row).toContainText('2 hours from its start')
  await row.getByRole('button', { name: 'Actions' }).click()
  await ada.getByRole('menuitem', { name: 'Approve with changes…' }).click()
  const dialog = ada.getByRole('dialog', { name: 'Approve support access' })
  await expect(dialog.getByTestId('approve-terms')).toContainText('for 2 hours from its start')
  await dialog.getByLabel('Access lasts (minutes)').fill('45')
  await expect(dialog.getByTestId('approve-terms')).toContainText('for 45 minutes from its start')
  await dialog.getByRole('button', { name: 'Approve' }).click()
  await expect(dialog).toBeHidden()
  await expect(ada.getByRole('region', { name: 'Active' }).getByRole('row', { name: new RegExp(reason) })).toContainText('Scheduled')

  const admin = await as(browser, 'admin@example.com')
  await open(admin, '/workspaces/acme')
  const scheduled = admin.getByRole('navigation', { name: 'Main' }).getByTestId('support-scheduled')
  await expect(scheduled).toContainText('Acme')
  await expect(scheduled).toContainText(/Scheduled: .+ · starts /)
})
