import { expect, request as newRequest, test } from '@playwright/test'
import { apiAs, as, endOpenSupportSessions, openLive, snap } from './helpers'

/**
 * SPEC 3.10 access transparency: what Sam reads in Acme without being a member shows on Ada's Support
 * page under "Access by server admins" as he reads (a live event), and the list filters by session and by admin. Reads under a new
 * session are entries of their own, so each run finds its own however often it runs within ten minutes.
 */
test.beforeEach(async ({ request }) => endOpenSupportSessions(request))
test.afterEach(async ({ request }) => endOpenSupportSessions(request))

test('Ada sees which of Acme\'s data Sam read, as he reads it, and filters the list by session and by admin', async ({ browser, baseURL }, testInfo) => {
  const sam = await apiAs(await newRequest.newContext({ baseURL }), 'admin@example.com')
  const ada = await apiAs(await newRequest.newContext({ baseURL }), 'ada@acme.test')
  const session = await (await sam.post('/api/admin/workspaces/acme/support-sessions', { data: { reason: 'Ticket 40: access log', expiresAt: new Date(Date.now() + 3_600_000).toISOString() } })).json()
  expect((await ada.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`)).ok()).toBe(true)
  await ada.dispose()

  const page = await as(browser, 'ada@acme.test')
  await openLive(page, '/settings/workspaces/acme/support')
  const access = page.getByRole('region', { name: 'Access by server admins' })
  await access.getByLabel('Session').selectOption({ label: `#${session.id} · Sam Admin` })
  await expect(access.getByText('No reads match these filters.')).toBeVisible()

  // Sam reads while Ada's page is open: the entries arrive without a reload.
  const projects = await (await sam.get('/api/workspaces/acme/projects')).json() as { id: number, name: string }[]
  const secretLab = projects.find(p => p.name === 'Secret Lab')!
  expect((await sam.get(`/api/projects/${secretLab.id}/comments`)).ok()).toBe(true)
  await sam.dispose()
  const entries = access.getByTestId('access-log').getByRole('listitem')
  await expect(entries).toHaveCount(2)
  const comments = entries.filter({ hasText: 'Comments · Secret Lab' })
  await expect(comments).toContainText('Sam Admin read Comments · Secret Lab')
  await expect(comments.getByRole('code')).toHaveText(`/api/projects/${secretLab.id}/comments`)
  await expect(comments).toContainText(`session #${session.id}`)
  await expect(entries.filter({ hasText: 'Project list · Acme' })).toContainText('/api/workspaces/acme/projects')
  await access.scrollIntoViewIfNeeded()
  await snap(page, testInfo, 'access-log')

  await access.getByLabel('Session').selectOption({ label: 'Any or none' })
  await access.getByLabel('Admin').selectOption({ label: 'Sam Admin' })
  await expect(entries.first()).toContainText('Sam Admin')
  // Among the entries: the Admin filter itself lists Olive once she has read Acme's data (another test, a repeat).
  await expect(entries.filter({ hasText: 'Olive Ops' })).toHaveCount(0)
})
