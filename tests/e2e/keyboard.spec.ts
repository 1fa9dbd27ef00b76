import { expect, request as newRequest, test } from '@playwright/test'
import { apiAs, as, endOpenSupportSessions, open } from './helpers'

/** Issue 21, item 6: focus for keyboard and screen-reader users. */

test.beforeEach(async ({ request }) => endOpenSupportSessions(request))
test.afterAll(async ({ baseURL }) => {
  const context = await newRequest.newContext({ baseURL })
  await endOpenSupportSessions(context)
  await context.dispose()
})

test('the first Tab reaches a skip link that moves focus to the page\'s content', async ({ browser }) => {
  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/workspaces/acme')
  await ada.keyboard.press('Tab')
  const skip = ada.getByRole('link', { name: 'Skip to content' })
  await expect(skip).toBeFocused()
  await expect(skip).toBeVisible()
  await ada.keyboard.press('Enter')
  await expect(ada.getByRole('main')).toBeFocused()
})

test('after a navigation focus is on the new page\'s heading, not on <body>', async ({ browser }) => {
  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/workspaces/acme')
  await ada.getByRole('link', { name: /Tower/ }).first().focus()
  await ada.keyboard.press('Enter')
  await expect(ada).toHaveURL(/\/projects\/\d+/)
  const heading = ada.getByRole('main').getByRole('heading', { level: 1 })
  await expect(heading).toBeFocused()
  expect(await ada.evaluate(() => document.activeElement?.tagName)).toBe('H1')
})

test('Actions → Revoke → Escape puts focus back on that row\'s Actions button', async ({ browser, baseURL }) => {
  const sam = await apiAs(await newRequest.newContext({ baseURL }), 'admin@example.com')
  const reason = `Focus check ${Date.now()}`
  expect((await sam.post('/api/admin/workspaces/acme/support-sessions', { data: { reason } })).ok()).toBe(true)
  await sam.dispose()
  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/workspaces/acme/support')
  const actions = ada.getByRole('region', { name: 'Pending' }).getByRole('row', { name: new RegExp(reason) }).getByRole('button', { name: /^Actions/ })
  await actions.focus()
  await ada.keyboard.press('Enter')
  await expect(ada.getByRole('menuitem', { name: 'Revoke' })).toBeVisible()
  await ada.keyboard.press('ArrowDown')
  await ada.getByRole('menuitem', { name: 'Revoke' }).focus()
  await ada.keyboard.press('Enter')
  const dialog = ada.getByRole('dialog')
  await expect(dialog).toBeVisible()
  await ada.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(actions).toBeFocused()
})
