import { expect, test } from '@playwright/test'
import { as, blockOutsideRequests, open, snap } from './helpers'

/** Issue 12: the API reference, rendered by the app itself from /api/openapi.json. */
test('the API reference lists every operation, filters, and opens one to its body and error codes', async ({ browser }, testInfo) => {
  const ben = await as(browser, 'ben@acme.test')
  const noOutside = await blockOutsideRequests(ben)
  await ben.getByRole('button', { name: 'User menu' }).click()
  await ben.getByRole('menuitem', { name: 'API reference' }).click()
  await expect(ben.getByRole('heading', { name: 'API reference', level: 1 })).toBeVisible()
  await expect(ben.getByRole('region', { name: 'workspaces' })).toBeVisible()

  await ben.getByLabel('Filter').fill('support-policy')
  await expect(ben.getByRole('status').filter({ hasText: 'operations' })).toHaveText('2 operations')
  const patch = ben.locator('details', { hasText: 'PATCH' }).filter({ hasText: '/api/workspaces/{slug}/support-policy' })
  await patch.locator(':scope > summary').click()
  await expect(patch).toContainText('approvalsRequired')
  await expect(patch).toContainText('SupportPolicyUnsatisfiable')
  await expect(patch).toContainText('Permission: workspace.support.manage')
  await snap(ben, testInfo, 'api-reference')
  noOutside()
})

test('the OpenAPI document downloads from the page', async ({ browser }) => {
  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/docs/api')
  const link = ada.getByRole('link', { name: 'Download the OpenAPI 3.1 document' })
  await expect(link).toHaveAttribute('href', '/api/openapi.json')
  const res = await ada.request.get('/api/openapi.json')
  expect((await res.json()).openapi).toBe('3.1.0')
})

test('internal routes stay out of the reference; an operation has an example and an address of its own (issue 21)', async ({ browser }) => {
  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/docs/api')
  await expect(ada.getByRole('region', { name: 'workspaces' })).toBeVisible()
  await expect(ada.getByText('/api/_bench', { exact: false })).toHaveCount(0)
  await expect(ada.getByText('/api/{path}', { exact: true })).toHaveCount(0)
  await expect(ada.getByText('Settings → API tokens')).toHaveCount(0)
  // Opening the page at an operation's anchor opens that operation, with a curl example to copy.
  await open(ada, '/docs/api#postApiWorkspacesBy_slugSupportSessionsBy_idApprove')
  const approve = ada.locator('#postApiWorkspacesBy_slugSupportSessionsBy_idApprove')
  await expect(approve).toHaveAttribute('open', '')
  await expect(approve.getByTestId('api-example')).toContainText('curl -X POST')
  await expect(approve.getByTestId('api-example')).toContainText('Authorization: Bearer $TOKEN')
  await expect(ada.getByRole('region', { name: 'Webhook events' })).toContainText('support.approved')
})
