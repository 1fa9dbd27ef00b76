import { expect, request as newRequest, test } from '@playwright/test'
import { axeViolations } from './axe'
import { apiAs, as, endOpenSupportSessions, open, snap } from './helpers'
import { setWorkspaceAdmin } from './suite-db'

/**
 * Issue 34 (SPEC 3.13): with the policy on, a server admin starts emergency access from the request
 * dialog; members' banner and the admin's navbar say **Emergency access**; Ada reviews it on the
 * Support page (flagged, with a comment) and the badge goes away. The request dialog says before sending
 * whether the policy approves it by itself; a server admin who is also an Admin cannot change the policy.
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
  await setPolicy(baseURL, { autoApproveReadHours: null })
  setWorkspaceAdmin('ops@example.com', 'acme', false)
})

async function setPolicy(baseURL: string | undefined, data: object) {
  const ada = await apiAs(await newRequest.newContext({ baseURL }), 'ada@acme.test')
  expect((await ada.patch('/api/workspaces/acme/support-policy', { data })).status()).toBe(200)
  await ada.dispose()
}

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

test('automatic approval: the dialog says so before sending and starts the session; with write access an Admin must approve', async ({ browser, baseURL }, testInfo) => {
  await setPolicy(baseURL, { autoApproveReadHours: 1, approvalsRequired: 1 })
  const admin = await as(browser, 'admin@example.com')
  await open(admin, '/settings/server/workspaces/acme')
  await admin.getByRole('button', { name: 'Request Support Access' }).click()
  const dialog = admin.getByRole('dialog', { name: 'Request Support Access' })
  const note = dialog.getByTestId('request-approval-note')

  // Write access (the default): an Admin must approve, and the dialog says why.
  await expect(note).toContainText('An Admin must approve it: it asks for write access')
  await expect(dialog.getByRole('button', { name: 'Request Access' })).toBeVisible()

  // Read-only for 1 hour (the preset): the policy approves it.
  await dialog.getByLabel('Read-only').check()
  await expect(note).toContainText('Approved automatically by the workspace’s policy')
  await expect(dialog).toContainText('policy approves this read-only request automatically')
  await snap(admin, testInfo, 'request-auto-approval')
  expect(await axeViolations(admin, 'the request dialog, approved automatically')).toEqual([])
  // Longer than the policy's hour: back to an Admin.
  await dialog.getByText('4 hours', { exact: true }).click()
  await expect(note).toContainText('it lasts longer than 1 hour')
  await expect(dialog.getByRole('button', { name: 'Request Access' })).toBeVisible()
  await dialog.getByText('1 hour', { exact: true }).click()
  await dialog.getByLabel('Reason', { exact: true }).fill('Look at the Tower load times')
  await dialog.getByRole('button', { name: 'Start read-only access' }).click()
  await expect(dialog).toBeHidden()

  // Active at once, approved by the policy.
  const ada = await apiAs(await newRequest.newContext({ baseURL }), 'ada@acme.test')
  const groups = await (await ada.get('/api/workspaces/acme/support-sessions')).json()
  const mine = groups.active.find((s: { reason: string }) => s.reason === 'Look at the Tower load times')
  expect(mine).toMatchObject({ status: 'active', approvals: [{ by: null, auto: true }], scope: { access: 'read' } })
  await ada.dispose()
})

test('a server admin who is also an Admin sees the policy form disabled, with the reason', async ({ browser }, testInfo) => {
  setWorkspaceAdmin('ops@example.com', 'acme', true)
  try {
    const olive = await as(browser, 'ops@example.com')
    await open(olive, '/settings/workspaces/acme/support')
    const form = olive.getByRole('region', { name: 'Support policy' })
    await expect(form.getByRole('button', { name: 'Save policy' })).toBeDisabled()
    await expect(form).toContainText('Server admins never change a workspace’s support policy, even as one of its Admins')
    await expect(form.getByLabel('Allow emergency access')).toBeDisabled()
    await form.getByRole('button', { name: 'Save policy' }).scrollIntoViewIfNeeded()
    await snap(olive, testInfo, 'policy-server-admin')
    expect(await axeViolations(olive, 'the policy form, disabled for a server admin')).toEqual([])
  }
  finally {
    setWorkspaceAdmin('ops@example.com', 'acme', false)
  }
})
