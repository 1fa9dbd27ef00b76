import { expect, request as newRequest, test } from '@playwright/test'
import { apiAs, as, open, snap } from './helpers'

/**
 * SPEC 3.10 access transparency: what Sam reads in Acme without being a member shows on Ada's Support
 * page under "Access by server admins", and the list filters by admin.
 */
test('Ada sees which of Acme\'s data Sam read, and filters the list by admin', async ({ browser, baseURL }, testInfo) => {
  const sam = await apiAs(await newRequest.newContext({ baseURL }), 'admin@example.com')
  const projects = await (await sam.get('/api/workspaces/acme/projects')).json() as { id: number, name: string }[]
  const secretLab = projects.find(p => p.name === 'Secret Lab')!
  expect((await sam.get(`/api/projects/${secretLab.id}/comments`)).ok()).toBe(true)
  await sam.dispose()

  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/workspaces/acme/support')
  const access = ada.getByRole('region', { name: 'Access by server admins' })
  const entries = access.getByTestId('access-log').getByRole('listitem')
  await expect(entries.filter({ hasText: 'Comments · Secret Lab' }).first()).toContainText('Sam Admin')
  await expect(entries.filter({ hasText: 'Project list · Acme' }).first()).toContainText(`/api/workspaces/acme/projects`)
  await access.scrollIntoViewIfNeeded()
  await snap(ada, testInfo, 'access-log')

  await access.getByLabel('Admin').selectOption({ label: 'Sam Admin' })
  await expect(access.getByText('Olive Ops')).toHaveCount(0)
  await expect(entries.first()).toContainText('Sam Admin')
  await access.getByLabel('Admin').selectOption({ label: 'Everyone' })
  await expect(entries.first()).toBeVisible()
})
