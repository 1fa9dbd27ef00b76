import { expect, test, type APIRequestContext } from '@playwright/test'
import { apiAs, open, signIn } from './helpers'

/**
 * The demo standing these tests start from, restored through the API before each one: Cy on a Viewer
 * seat and Gus a Guest. The tests change both, and must pass again on the same database.
 */
async function restoreDemoStanding(request: APIRequestContext) {
  await apiAs(request, 'ada@acme.test')
  const members = await (await request.get('/api/workspaces/acme/members')).json() as { user: { id: number, name: string } }[]
  const cy = members.find(m => m.user.name === 'Cy')!
  expect((await request.patch(`/api/workspaces/acme/members/${cy.user.id}`, { data: { seat: 'viewer' } })).ok()).toBe(true)
  const tower = (await (await request.get('/api/workspaces/acme/projects')).json() as { id: number, name: string }[]).find(p => p.name === 'Tower')!
  expect((await request.post(`/api/projects/${tower.id}/collaborators`, { data: { email: 'gus@partner.test', role: 'viewer' } })).ok()).toBe(true)
  await request.post('/api/auth/logout')
}

test.beforeEach(async ({ request }) => {
  await restoreDemoStanding(request)
})

test('Cy (Viewer seat) can comment but sees why publishing is disabled', async ({ page }) => {
  await signIn(page, 'cy@acme.test')
  await open(page, '/')
  await page.getByRole('link', { name: /Acme/ }).click()
  await page.getByRole('link', { name: /Tower/ }).click()
  await expect(page.getByRole('button', { name: 'Publish model' })).toBeDisabled()
  await expect(page.getByRole('button', { name: 'Publish model' })).toHaveAccessibleDescription(/Viewer seat/)
  const markup = `<b>not bold ${Date.now()}</b>`
  await page.getByLabel('Add a comment').fill(markup)
  await page.getByRole('button', { name: 'Comment' }).click()
  await expect(page.getByText(markup)).toBeVisible()
})

test('Ada invites someone, changes Cy\'s seat and removes Gus; the API agrees', async ({ page, request }, testInfo) => {
  await signIn(page, 'ada@acme.test')
  await open(page, '/workspaces/acme')
  await page.getByRole('link', { name: 'Invite' }).click()
  const dialog = page.getByRole('dialog', { name: 'Invite to workspace' })
  await dialog.getByLabel('Email').fill('dana@acme.test')
  await dialog.getByLabel('Role').selectOption('member')
  await dialog.getByLabel('Seat').selectOption('editor')
  await dialog.getByRole('button', { name: 'Send invite' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('tabpanel')).toContainText('dana@acme.test')

  await page.getByRole('tab', { name: /Members/ }).click()
  await page.getByLabel('Seat of Cy').selectOption('editor')
  await expect(page.getByRole('main').getByRole('status')).toContainText('Cy is now on an Editor seat')
  await page.getByLabel('Seat of Cy').selectOption('viewer')
  const confirmSeat = page.getByRole('dialog', { name: 'Change seat to Viewer' })
  await confirmSeat.getByRole('button', { name: 'Change seat' }).click()
  await expect(page.getByLabel('Seat of Cy')).toHaveValue('viewer')
  await page.screenshot({ path: testInfo.outputPath('people.png') })
  if (process.env.UPDATE_DOCS_SCREENSHOTS) await page.screenshot({ path: 'docs/screenshots/people.png' })

  await page.getByRole('tab', { name: /Guests/ }).click()
  await page.getByRole('button', { name: 'Remove Gus' }).click()
  await page.getByRole('dialog', { name: 'Remove Gus' }).getByRole('button', { name: 'Remove' }).click()
  await expect(page.getByRole('main').getByRole('status')).toContainText('Gus was removed')
  await expect(page.getByRole('button', { name: 'Remove Gus' })).toHaveCount(0)

  // The API agrees with what the page showed.
  await apiAs(request, 'ada@acme.test')
  const members = await (await request.get('/api/workspaces/acme/members')).json() as { user: { name: string }, seat: string }[]
  expect(members.find(m => m.user.name === 'Cy')?.seat).toBe('viewer')
  expect(members.some(m => m.user.name === 'Gus')).toBe(false)
  const invites = await (await request.get('/api/workspaces/acme/invites')).json() as { email: string }[]
  expect(invites.map(i => i.email)).toContain('dana@acme.test')
})

test('a Member sees disabled management controls with the reason', async ({ page }) => {
  await signIn(page, 'ben@acme.test')
  await open(page, '/settings/workspaces/acme/people')
  await expect(page.getByRole('button', { name: 'Invite' })).toBeDisabled()
  await expect(page.getByLabel('Seat of Cy')).toBeDisabled()
  // The page says once that it is view-only; every disabled control points at that note.
  const note = 'You can see who is in this workspace. Only workspace admins can do this.'
  await expect(page.getByRole('note')).toHaveText(note)
  await expect(page.getByText('Only workspace admins can do this.')).toHaveCount(1)
  await expect(page.getByRole('button', { name: 'Invite' })).toHaveAccessibleDescription(note)
  await expect(page.getByLabel('Seat of Cy')).toHaveAccessibleDescription(note)
  await expect(page.getByRole('button', { name: 'Remove Cy' })).toHaveAccessibleDescription(note)
  // Disabled fields look disabled, not like white, editable ones.
  await expect(page.getByLabel('Seat of Cy')).not.toHaveCSS('background-color', 'rgb(255, 255, 255)')
})

test('a refused action shows its reason beside the control, not only in a tooltip', async ({ page }) => {
  await signIn(page, 'gus@partner.test')
  await open(page, '/workspaces/acme')
  const newProject = page.getByRole('button', { name: 'New project' })
  await expect(newProject).toBeDisabled()
  const reason = await newProject.getAttribute('aria-describedby')
  await expect(page.locator(`[id="${reason}"]`)).toBeVisible()
  await expect(page.locator(`[id="${reason}"]`)).toHaveText('Guests cannot create projects in this workspace.')
})

test('collaborators: the owner sees the locked Admin and shares Tower', async ({ page }, testInfo) => {
  await signIn(page, 'ben@acme.test')
  await open(page, '/workspaces/acme')
  await page.getByRole('link', { name: /Tower/ }).click()
  await page.getByRole('link', { name: 'Collaborators' }).click()
  await expect(page.getByRole('row', { name: /Ada/ })).toContainText('Locked')
  await page.getByLabel('Add by email').fill('cy@acme.test')
  await page.getByLabel('Role', { exact: true }).selectOption('editor')
  await page.getByRole('button', { name: 'Add collaborator' }).click()
  // Cy is on a Viewer seat: the upgrade is asked first, never only reported afterwards.
  const ask = page.getByRole('dialog', { name: 'Upgrade Cy’s seat?' })
  await expect(ask).toContainText('Cy has a Viewer seat; Can edit needs an Editor seat. Upgrade and continue?')
  await ask.getByRole('button', { name: 'Upgrade and continue' }).click()
  await expect(page.getByRole('main').getByRole('status')).toContainText('Their seat was upgraded to Editor')
  await page.screenshot({ path: testInfo.outputPath('collaborators.png') })
  if (process.env.UPDATE_DOCS_SCREENSHOTS) await page.screenshot({ path: 'docs/screenshots/collaborators.png' })
})

test('raising a Viewer-seat collaborator to Can edit asks first, and Cancel keeps both role and seat', async ({ page, request }) => {
  await apiAs(request, 'ben@acme.test')
  const tower = (await (await request.get('/api/workspaces/acme/projects')).json() as { id: number, name: string }[]).find(p => p.name === 'Tower')!
  expect((await request.post(`/api/projects/${tower.id}/collaborators`, { data: { email: 'cy@acme.test', role: 'viewer' } })).ok()).toBe(true)
  await signIn(page, 'ben@acme.test')
  await open(page, `/projects/${tower.id}/collaborators`)
  await page.getByLabel('Project role of Cy').selectOption('editor')
  const ask = page.getByRole('dialog', { name: 'Upgrade Cy’s seat?' })
  await expect(ask).toContainText('Cy has a Viewer seat; Can edit needs an Editor seat.')
  await ask.getByRole('button', { name: 'Cancel' }).click()
  await expect(ask).toBeHidden()
  await expect(page.getByLabel('Project role of Cy')).toHaveValue('viewer')
  const cy = (await (await request.get('/api/workspaces/acme/members?q=cy')).json() as { user: { name: string }, seat: string }[]).find(m => m.user.name === 'Cy')!
  expect(cy.seat).toBe('viewer')
})

test('Making Cy an Admin asks first and says the seat becomes Editor; backing out changes nothing (issue 21)', async ({ page, request }) => {
  await signIn(page, 'ada@acme.test')
  await open(page, '/settings/workspaces/acme/people')
  await page.getByLabel('Role of Cy').selectOption('admin')
  const dialog = page.getByRole('dialog', { name: 'Make Cy Admin' })
  await expect(dialog).toContainText('their seat changes from Viewer to Editor')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByLabel('Role of Cy')).toHaveValue('member')
  await page.getByLabel('Role of Cy').selectOption('admin')
  await page.getByRole('dialog', { name: 'Make Cy Admin' }).getByRole('button', { name: 'Make Admin' }).click()
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Cy is now Admin, on an Editor seat.')
  await expect(page.getByLabel('Seat of Cy')).toHaveValue('editor')
  await apiAsAda(request)
  const cy = (await (await request.get('/api/workspaces/acme/members')).json() as { user: { id: number, name: string }, role: string }[]).find(m => m.user.name === 'Cy')!
  expect(cy.role).toBe('admin')
  expect((await request.patch(`/api/workspaces/acme/members/${cy.user.id}`, { data: { role: 'member', seat: 'viewer' } })).ok()).toBe(true)
})

test('Demoting the second Admin under a two-approval policy is refused, naming the policy (issue 21)', async ({ page, request }) => {
  await apiAsAda(request)
  const cy = (await (await request.get('/api/workspaces/acme/members')).json() as { user: { id: number, name: string } }[]).find(m => m.user.name === 'Cy')!
  expect((await request.patch(`/api/workspaces/acme/members/${cy.user.id}`, { data: { role: 'admin' } })).ok()).toBe(true)
  expect((await request.patch('/api/workspaces/acme/support-policy', { data: { approvalsRequired: 2 } })).ok()).toBe(true)
  try {
    await signIn(page, 'ada@acme.test')
    await open(page, '/settings/workspaces/acme/people')
    await page.getByLabel('Role of Cy').selectOption('member')
    await expect(page.getByRole('main').getByRole('alert')).toContainText('support policy needs 2 approvals')
    await expect(page.getByLabel('Role of Cy')).toHaveValue('admin')
  }
  finally {
    expect((await request.patch('/api/workspaces/acme/support-policy', { data: { approvalsRequired: 1 } })).ok()).toBe(true)
    expect((await request.patch(`/api/workspaces/acme/members/${cy.user.id}`, { data: { role: 'member', seat: 'viewer' } })).ok()).toBe(true)
  }
})

test('A Guest\'s People page says once that Guests see no member list, with no search or invite (issue 21)', async ({ page }) => {
  await signIn(page, 'gus@partner.test')
  await open(page, '/settings/workspaces/acme/people')
  await expect(page.getByRole('main').getByRole('note')).toHaveText(/^Guests cannot see the member list\. As a Guest you see only the projects shared with you/)
  await expect(page.getByText('Guests cannot see the member list.')).toHaveCount(1)
  await expect(page.getByRole('searchbox')).toHaveCount(0)
  await expect(page.getByRole('button', { name: /Invite/ })).toHaveCount(0)
  await expect(page.getByRole('tab')).toHaveCount(0)
})

async function apiAsAda(request: APIRequestContext) {
  await apiAs(request, 'ada@acme.test')
}
