import { expect, test, type Page } from '@playwright/test'
import { apiAs, as, endOpenSupportSessions, localInput, open } from './helpers'

/** Issue 10's first findings, as each kind of user meets them. */

test.beforeEach(async ({ request }) => {
  await endOpenSupportSessions(request)
})

/** Sam asks for access to Acme from its Server Settings page, as a server admin does. */
async function requestFromDetails(sam: Page, reason: string) {
  await open(sam, '/settings/server/workspaces/acme')
  await sam.getByRole('button', { name: 'Request Support Access' }).click()
  const dialog = sam.getByRole('dialog', { name: 'Request Support Access' })
  await dialog.getByLabel('Reason').fill(reason)
  await dialog.getByRole('button', { name: 'Request Access' }).click()
  await expect(dialog).toBeHidden()
}

test('cancelling a seat change leaves the stored seat in the select, and the warning says roles do not come back', async ({ browser, request }) => {
  await apiAs(request, 'ada@acme.test')
  const members = await (await request.get('/api/workspaces/acme/members')).json() as { user: { id: number, name: string } }[]
  const ben = members.find(m => m.user.name === 'Ben')!
  expect((await request.patch(`/api/workspaces/acme/members/${ben.user.id}`, { data: { seat: 'editor' } })).ok()).toBe(true)

  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/workspaces/acme/people')
  await ada.getByLabel('Seat of Ben').selectOption('viewer')
  const dialog = ada.getByRole('dialog', { name: 'Change seat to Viewer' })
  await expect(dialog).toContainText('do not come back if the seat is upgraded later')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  await expect(ada.getByLabel('Seat of Ben')).toHaveValue('editor')
  await ada.reload()
  await expect(ada.getByLabel('Seat of Ben')).toHaveValue('editor')
})

test('home counts only the projects a Member or Guest can open', async ({ browser, request }) => {
  for (const email of ['cy@acme.test', 'gus@partner.test']) {
    await apiAs(request, email)
    const visible = (await (await request.get('/api/workspaces/acme/projects')).json() as unknown[]).length
    const page = await as(browser, email)
    await open(page, '/')
    const label = `${visible} project${visible === 1 ? '' : 's'}`
    await expect(page.getByRole('link', { name: /Acme/ })).toContainText(label)
  }
})

test('a server admin opens a workspace from its details, and the page says what the session allows and who will own a new project', async ({ browser }) => {
  const sam = await as(browser, 'admin@example.com')
  const reason = `Open workspace ${Date.now()}`
  await requestFromDetails(sam, reason)
  const section = sam.getByRole('region', { name: 'Support Access' })
  await expect(section).toContainText('Your request is waiting for a workspace admin\'s approval.')

  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/workspaces/acme/support')
  await ada.getByRole('region', { name: 'Pending' }).getByRole('row', { name: new RegExp(reason) }).getByRole('button', { name: 'Actions' }).click()
  await ada.getByRole('menuitem', { name: 'Approve', exact: true }).click()
  await expect(ada.getByRole('region', { name: 'Active' }).getByRole('row', { name: new RegExp(reason) })).toBeVisible()

  await open(sam, '/settings/server/workspaces/acme')
  await expect(section).toContainText(/You can make changes until .+, approved by Ada\./)
  await sam.getByRole('link', { name: 'Open workspace' }).click()
  await expect(sam).toHaveURL(/\/workspaces\/acme$/)
  await expect(sam.getByRole('navigation', { name: 'Main' })).toHaveAttribute('data-support-mode', 'true')
  await sam.getByRole('button', { name: 'New project' }).click()
  await expect(sam.getByRole('dialog', { name: 'New project' })).toContainText('The workspace Admins will own it. Your support session gives you no role on it.')
  await sam.keyboard.press('Escape')

  const ben = await as(browser, 'ben@acme.test')
  await open(ben, '/workspaces/acme')
  await ben.getByRole('button', { name: 'New project' }).click()
  await expect(ben.getByRole('dialog', { name: 'New project' })).toContainText('You become its owner.')
})

test('"not found" and "not allowed" offer the way back instead of Try again', async ({ browser }) => {
  const gus = await as(browser, 'gus@partner.test')
  // A missing project is the one error page (issue 35): its status, in words, and the way home.
  await open(gus, '/projects/999999')
  const page = gus.getByTestId('error-page')
  await expect(page).toHaveAttribute('data-status', '404')
  await expect(page.getByRole('heading', { name: 'Page not found', level: 1 })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0)
  await page.getByRole('button', { name: 'Go to home' }).click()
  await expect(gus).toHaveURL(/\/$/)

  const sam = await as(browser, 'admin@example.com')
  await open(sam, '/settings/server/workspaces/no-such-place')
  await expect(sam.getByTestId('error-page')).toHaveAttribute('data-status', '404')
  // The navbar stays: Server Settings is where it always is.
  await sam.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Server Settings' }).click()
  await expect(sam).toHaveURL(/\/settings\/server/)
})

test('the Support pages say what each action does: decline, withdraw, ended by the requester, one open request at a time', async ({ browser }) => {
  test.setTimeout(180_000) // four sign-ins and as many requests: 41.3 s in one worker on 2 cores at a load average of 11–17
  const sam = await as(browser, 'admin@example.com')
  const reason = `Wording ${Date.now()}`
  await requestFromDetails(sam, reason)
  // The open request is shown, and no second one is offered.
  const request = sam.getByRole('button', { name: 'Request Support Access' })
  await expect(request).toBeDisabled()
  await expect(request).toHaveAccessibleDescription('Your request is waiting for approval. Withdraw it to ask again.')
  await expect(sam.getByRole('row', { name: new RegExp(reason) }).getByRole('button', { name: 'Withdraw request' })).toBeVisible()

  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/workspaces/acme/support')
  await ada.getByRole('region', { name: 'Pending' }).getByRole('row', { name: new RegExp(reason) }).getByRole('button', { name: 'Actions' }).click()
  await ada.getByRole('menuitem', { name: 'Revoke' }).click()
  const decline = ada.getByRole('dialog', { name: 'Decline support request' })
  await expect(decline).toContainText('Sam Admin\'s request is declined; they get no access.')
  await decline.getByRole('button', { name: 'Cancel' }).click()
  await ada.getByRole('region', { name: 'Pending' }).getByRole('row', { name: new RegExp(reason) }).getByRole('button', { name: 'Actions' }).click()
  await ada.getByRole('menuitem', { name: 'Approve', exact: true }).click()
  const active = ada.getByRole('region', { name: 'Active' }).getByRole('row', { name: new RegExp(reason) })
  await expect(active).toBeVisible()

  await open(sam, '/settings/workspaces/acme/support')
  await sam.getByRole('region', { name: 'Active' }).getByRole('row', { name: new RegExp(reason) }).getByRole('button', { name: 'Actions' }).click()
  await sam.getByRole('menuitem', { name: 'Revoke' }).click()
  await sam.getByRole('dialog', { name: 'End support session' }).getByRole('button', { name: 'End Support Session' }).click()
  const past = sam.getByRole('region', { name: 'Past' }).getByRole('row', { name: new RegExp(reason) })
  await expect(past).toContainText('Ended by Sam Admin')
  await expect(past).toContainText(/Ended \w{3} \d+, \d{4}/)
  await expect(past).not.toContainText(/in \d+ hours?/)
})

test('controls follow the support session as soon as the navbar does, without a reload', async ({ browser, request }) => {
  const sam = await as(browser, 'admin@example.com')
  await apiAs(request, 'admin@example.com')
  const session = await (await request.post('/api/admin/workspaces/acme/support-sessions', { data: { reason: 'Controls follow' } })).json()
  await open(sam, '/workspaces/acme')
  const nav = sam.getByRole('navigation', { name: 'Main' })
  await expect(sam.getByRole('button', { name: 'New project' })).toBeDisabled()

  await apiAs(request, 'ada@acme.test')
  expect((await request.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`)).ok()).toBe(true)
  await expect(nav).toHaveAttribute('data-support-mode', 'true')
  await expect(sam.getByRole('button', { name: 'New project' })).toBeEnabled()
  await expect(sam.getByRole('link', { name: 'Invite' })).toBeVisible()

  await sam.getByRole('link', { name: /Tower/ }).click()
  await expect(sam.getByLabel('Add a comment')).toBeEnabled()
  expect((await request.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`)).ok()).toBe(true)
  await expect(nav).not.toHaveAttribute('data-support-mode', 'true')
  await expect(sam.getByLabel('Add a comment')).toBeDisabled()
})

test('a workspace Admin sees waiting support requests on the home card and the Support tab', async ({ browser, request }) => {
  await apiAs(request, 'admin@example.com')
  expect((await request.post('/api/admin/workspaces/acme/support-sessions', { data: { reason: 'Count me' } })).ok()).toBe(true)
  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/')
  await expect(ada.getByRole('link', { name: /Acme/ })).toContainText('1 support request waiting')
  await open(ada, '/settings/workspaces/acme')
  await expect(ada.getByRole('navigation', { name: 'Workspace Settings' }).getByRole('link', { name: 'Support 1 waiting for approval' })).toBeVisible()
  // A Member cannot act on requests, so sees no count.
  const ben = await as(browser, 'ben@acme.test')
  await open(ben, '/')
  await expect(ben.getByRole('link', { name: /Acme/ })).not.toContainText('waiting')
})

test('a Workspaces page past the end says where the user is and leads back', async ({ browser }) => {
  const sam = await as(browser, 'admin@example.com')
  await open(sam, '/settings/server/workspaces?page=9')
  const status = sam.getByRole('status').filter({ hasText: 'past the end' })
  await expect(status).toContainText(/Page 9 is past the end: there are \d+ workspaces? on 1 page\./)
  await status.getByRole('button', { name: 'Go to page 1' }).click()
  await expect(sam.getByRole('link', { name: 'Acme' })).toBeVisible()
  await expect(sam).not.toHaveURL(/page=/)
})

test('the request dialog shows an expiry problem at the Expiration field, clears it on change, and focus lands on the section after sending', async ({ browser }) => {
  const sam = await as(browser, 'admin@example.com')
  await open(sam, '/settings/server/workspaces/acme')
  await sam.getByRole('button', { name: 'Request Support Access' }).click()
  const dialog = sam.getByRole('dialog', { name: 'Request Support Access' })
  const expiration = dialog.getByLabel('Expiration')
  await expiration.fill(localInput(new Date(Date.now() + 5 * 60_000)))
  await dialog.getByLabel('Reason').fill(`Field errors ${Date.now()}`)
  await dialog.getByRole('button', { name: 'Request Access' }).click()
  await expect(expiration).toHaveAttribute('aria-invalid', 'true')
  await expect(expiration).toHaveAccessibleDescription(/The expiration must be at least 10 minutes from now\./)
  await expect(expiration).toBeFocused()
  await expect(dialog.getByLabel('Reason')).not.toHaveAttribute('aria-invalid', 'true')
  await expiration.fill(localInput(new Date(Date.now() + 60 * 60_000)))
  await expect(expiration).not.toHaveAttribute('aria-invalid', 'true')
  await expect(dialog.getByRole('alert')).toHaveCount(0)
  await dialog.getByRole('button', { name: 'Request Access' }).click()
  await expect(dialog).toBeHidden()
  await expect(sam.getByRole('heading', { name: 'Support Access' })).toBeFocused()
})

test('each session row names its person on Actions, and after Approve the focus follows the row into Active', async ({ browser, playwright, baseURL }) => {
  const samApi = await apiAs(await playwright.request.newContext({ baseURL }), 'admin@example.com')
  const reason = `Focus ${Date.now()}`
  const expiresAt = new Date(Date.now() + 2 * 3_600_000).toISOString()
  expect((await samApi.post('/api/admin/workspaces/acme/support-sessions', { data: { reason, expiresAt } })).status()).toBe(201)
  await samApi.dispose()
  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/workspaces/acme/support')
  await ada.getByRole('region', { name: 'Pending' }).getByRole('row', { name: new RegExp(reason) }).getByRole('button', { name: 'Actions for Sam Admin’s request' }).click()
  await ada.getByRole('menuitem', { name: 'Approve', exact: true }).click()
  const activeActions = ada.getByRole('region', { name: 'Active' }).getByRole('row', { name: new RegExp(reason) }).getByRole('button', { name: 'Actions for Sam Admin’s session' })
  await expect(activeActions).toBeFocused()
})

test('with an active session the server admin reaches the workspace from home and the switcher, marked as support access', async ({ browser, playwright, baseURL }) => {
  const samApi = await apiAs(await playwright.request.newContext({ baseURL }), 'admin@example.com')
  const adaApi = await apiAs(await playwright.request.newContext({ baseURL }), 'ada@acme.test')
  const session = await (await samApi.post('/api/admin/workspaces/acme/support-sessions', { data: { reason: `Reach ${Date.now()}` } })).json()
  expect((await adaApi.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`)).ok()).toBe(true)
  await Promise.all([samApi.dispose(), adaApi.dispose()])

  const sam = await as(browser, 'admin@example.com')
  await open(sam, '/')
  const home = sam.getByRole('region', { name: 'Support access' })
  await expect(home.getByRole('link', { name: /Acme/ })).toContainText('until revoked, approved by Ada')
  await expect(home.getByRole('link', { name: /Acme/ })).toContainText('Support access')

  const switcher = sam.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Switch workspace/ })
  await switcher.click()
  await sam.getByRole('menuitem', { name: /Acme/ }).click()
  await expect(sam).toHaveURL(/\/workspaces\/acme$/)
  await expect(sam.getByRole('navigation', { name: 'Main' })).toHaveAttribute('data-support-mode', 'true')
  // Its accessible name contains what it shows.
  await expect(switcher).toHaveAccessibleName('Switch workspace, current: Acme')
})

test('Auto-join says why it is unavailable while Discoverable is off', async ({ browser }) => {
  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/workspaces/acme')
  const discoverable = ada.getByRole('checkbox', { name: /^Discoverable/ })
  if (await discoverable.isChecked()) await discoverable.uncheck()
  const autoJoin = ada.getByRole('checkbox', { name: /^Auto-join/ })
  await expect(autoJoin).toBeDisabled()
  await expect(autoJoin).toHaveAccessibleDescription('Turn on Discoverable first: only people who can find the workspace can join it.')
  await discoverable.check()
  await expect(autoJoin).toBeEnabled()
  await expect(ada.getByText('Turn on Discoverable first')).toHaveCount(0)
})

test('two letters from the middle of a name find the workspace', async ({ browser }) => {
  const sam = await as(browser, 'admin@example.com')
  await open(sam, '/settings/server/workspaces')
  await sam.getByLabel('Search workspaces').fill('me')
  await expect(sam).toHaveURL(/\?q=me$/)
  await expect(sam.getByRole('link', { name: 'Acme' })).toBeVisible()
  await expect(sam.getByRole('link', { name: 'Globex' })).toHaveCount(0)
})
