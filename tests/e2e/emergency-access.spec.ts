import { expect, request as newRequest, test } from '@playwright/test'
import { apiAs, as, endOpenSupportSessions, open } from './helpers'

/**
 * Issue 34 (SPEC 3.13): with the policy on, a server admin starts emergency access from the request
 * dialog; members' banner and the admin's navbar say **Emergency access**; Ada reviews it on the
 * Support page (flagged, with a comment) and the badge goes away.
 */
const ADMINS = [['admin@example.com', 'Sam Admin'], ['ops@example.com', 'Olive Ops']] as const

async function setEmergencyPolicy(baseURL: string | undefined, on: boolean) {
  const ada = await apiAs(await newRequest.newContext({ baseURL }), 'ada@acme.test')
  expect((await ada.patch('/api/workspaces/acme/support-policy', { data: { emergencyAccess: on } })).status()).toBe(200)
  // One emergency per admin and workspace a day: whoever has not used theirs (a repeated run uses the other).
  const groups = await (await ada.get('/api/workspaces/acme/support-sessions')).json()
  const used = new Set([...groups.active, ...groups.past].filter((s: { emergency: boolean }) => s.emergency).map((s: { requestedBy: { email: string } }) => s.requestedBy.email))
  await ada.dispose()
  return ADMINS.find(([email]) => !used.has(email))
}

test.beforeEach(async ({ request }) => endOpenSupportSessions(request))
test.afterAll(async ({ baseURL }) => {
  const context = await newRequest.newContext({ baseURL })
  await endOpenSupportSessions(context)
  await context.dispose()
  await setEmergencyPolicy(baseURL, false)
})

test('emergency access: the banner and navbar say so, and Ada reviews it on the Support page', async ({ browser, baseURL }) => {
  const free = await setEmergencyPolicy(baseURL, true)
  test.skip(!free, 'both server admins used their emergency access to Acme today')
  const [email, name] = free!
  const reason = `Outage ${Date.now()}: Tower does not load for any member`

  const admin = await as(browser, email)
  await open(admin, '/settings/server/workspaces/acme')
  await admin.getByRole('button', { name: 'Request Support Access' }).click()
  const dialog = admin.getByRole('dialog', { name: 'Request Support Access' })
  await dialog.getByLabel('Emergency access').check()
  await dialog.getByText('15 minutes', { exact: true }).click()
  await dialog.getByLabel('Reason', { exact: true }).fill(reason)
  await dialog.getByRole('button', { name: 'Start Emergency Access' }).click()
  await expect(dialog).toBeHidden()
  await open(admin, '/workspaces/acme')
  await expect(admin.getByRole('navigation', { name: 'Main' })).toContainText('Emergency access')

  const ben = await as(browser, 'ben@acme.test')
  await open(ben, '/workspaces/acme')
  await expect(ben.getByTestId('support-banner')).toContainText('Emergency access')
  await expect(ben.getByTestId('support-banner')).toContainText(name)

  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/workspaces/acme/support')
  await expect(ada.getByTestId('review-badge')).toContainText('Emergency access needs your review')
  const row = ada.getByRole('region', { name: 'Active' }).getByRole('row', { name: new RegExp(reason) })
  await expect(row.getByTestId('review-needed')).toHaveText('Needs review')
  await row.getByRole('button', { name: 'Actions' }).click()
  await ada.getByRole('menuitem', { name: 'Review emergency access…' }).click()
  const review = ada.getByRole('dialog', { name: 'Review emergency access' })
  await review.getByLabel(/Flagged/).check()
  await review.getByLabel('Comment').fill('Nobody paged the on-call Admin first.')
  await review.getByRole('button', { name: 'Save review' }).click()
  await expect(review).toBeHidden()
  await expect(row.getByTestId('review-verdict')).toContainText('Flagged by Ada')
  await expect(row.getByTestId('review-verdict')).toContainText('Nobody paged the on-call Admin first.')
  await expect(ada.getByTestId('review-badge')).toHaveCount(0)
})
