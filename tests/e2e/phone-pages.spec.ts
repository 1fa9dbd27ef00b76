import { expect, request as newRequest, test } from '@playwright/test'
import { apiAs, endOpenSupportSessions, PASSWORD } from './helpers'

/**
 * Issue 21, item 1: no page is wider than a phone (390 px, touch), for each kind of user, with the
 * support tables filled (a session row used to widen the server admin's workspace page to 809 px).
 */
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })

const PERSONAS: Record<string, string[]> = {
  'admin@example.com': ['/', '/settings/account', '/settings/tokens', '/settings/server/workspaces', '/settings/server/workspaces/acme', '/settings/server/emails', '/settings/server/webhooks', '/settings/server/audit-key', '/workspaces/acme', '/projects/:tower', '/settings/workspaces/acme/support', '/docs/api'],
  'ada@acme.test': ['/', '/workspaces/acme', '/projects/:tower', '/projects/:tower/collaborators', '/settings/workspaces/acme', '/settings/workspaces/acme/people', '/settings/workspaces/acme/support', '/settings/workspaces/acme/integrations', '/settings/account', '/settings/tokens', '/docs/api'],
  'ben@acme.test': ['/', '/workspaces/acme', '/projects/:tower', '/projects/:tower/collaborators', '/settings/workspaces/acme/people'],
  'gus@partner.test': ['/', '/workspaces/acme', '/projects/:tower', '/settings/workspaces/acme/people'],
}

test.beforeAll(async ({ baseURL }) => {
  const cleanup = await newRequest.newContext({ baseURL })
  await endOpenSupportSessions(cleanup)
  await cleanup.dispose()
  const sam = await apiAs(await newRequest.newContext({ baseURL }), 'admin@example.com')
  const ada = await apiAs(await newRequest.newContext({ baseURL }), 'ada@acme.test')
  const expiresAt = new Date(Date.now() + 3 * 3_600_000).toISOString()
  const reason = 'Customer ticket 4711: the Tower project fails to load its newest model version on every device'
  const active = await (await sam.post('/api/admin/workspaces/acme/support-sessions', { data: { reason, expiresAt } })).json()
  expect((await ada.post(`/api/workspaces/acme/support-sessions/${active.id}/approve`)).ok()).toBe(true)
  await Promise.all([sam.dispose(), ada.dispose()])
})
test.afterAll(async ({ baseURL }) => {
  const context = await newRequest.newContext({ baseURL })
  await endOpenSupportSessions(context)
  await context.dispose()
})

for (const [email, paths] of Object.entries(PERSONAS)) {
  test(`no page is wider than a phone for ${email}`, async ({ page }) => {
    expect((await page.request.post('/api/auth/login', { data: { email, password: PASSWORD } })).ok()).toBe(true)
    const tower = (await (await page.request.get('/api/workspaces/acme/projects')).json() as { id: number, name: string }[]).find?.(p => p.name === 'Tower')?.id
    const tooWide: string[] = []
    for (const path of paths) {
      await page.goto(path.replace(':tower', String(tower)))
      await page.locator('html[data-hydrated="true"]').waitFor()
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      if (width > 390) tooWide.push(`${path}: ${width} px`)
    }
    expect(tooWide).toEqual([])
  })
}
