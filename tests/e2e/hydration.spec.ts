import { expect, request as newRequest, test } from '@playwright/test'
import { apiAs, endOpenSupportSessions, PASSWORD } from './helpers'

/**
 * No page may render differently on the server and in the browser (issue 10, item 8). Every page each
 * persona can open is loaded directly, in a browser whose language and time zone differ from the
 * server's, and any hydration warning fails the test.
 */
test.use({ locale: 'de-DE', timezoneId: 'America/New_York' })

const PERSONAS: Record<string, string[]> = {
  'admin@example.com': ['/', '/settings/account', '/settings/tokens', '/settings/server/workspaces', '/settings/server/workspaces?page=9', '/settings/server/workspaces/acme', '/settings/server/emails', '/settings/server/webhooks', '/workspaces/acme', '/projects/:tower', '/settings/workspaces/acme/support', '/settings/workspaces/acme/integrations', '/docs/api'],
  'ada@acme.test': ['/', '/workspaces/acme', '/projects/:tower', '/projects/:tower/collaborators', '/settings/workspaces/acme', '/settings/workspaces/acme/people', '/settings/workspaces/acme/support', '/settings/workspaces/acme/integrations', '/settings/account', '/settings/tokens'],
  'ben@acme.test': ['/', '/workspaces/acme', '/projects/:tower', '/settings/workspaces/acme/people'],
  'cy@acme.test': ['/', '/workspaces/acme', '/projects/:tower'],
  'gus@partner.test': ['/', '/workspaces/acme', '/projects/:tower'],
  'gil@globex.test': ['/', '/workspaces/globex', '/settings/workspaces/globex/people', '/settings/workspaces/globex/support'],
}

// With an active, expiring session, the banner, the red navbar and the session tables all render times.
test.beforeAll(async ({ baseURL }) => {
  const cleanup = await newRequest.newContext({ baseURL })
  await endOpenSupportSessions(cleanup)
  await cleanup.dispose()
  const sam = await apiAs(await newRequest.newContext({ baseURL }), 'admin@example.com')
  const ada = await apiAs(await newRequest.newContext({ baseURL }), 'ada@acme.test')
  const expiresAt = new Date(Date.now() + 3 * 3_600_000).toISOString()
  const session = await (await sam.post('/api/admin/workspaces/acme/support-sessions', { data: { reason: 'Hydration check', expiresAt } })).json()
  expect((await ada.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`)).ok()).toBe(true)
  // A policy other than the defaults: the Support page's form must render it on the server too (issue 21).
  expect((await ada.patch('/api/workspaces/acme/support-policy', { data: { requireReason: true, maxSessionHours: 8, pendingTtlHours: 24 } })).ok()).toBe(true)
  await Promise.all([sam.dispose(), ada.dispose()])
})
test.afterAll(async ({ baseURL }) => {
  const context = await newRequest.newContext({ baseURL })
  await endOpenSupportSessions(context)
  const ada = await apiAs(context, 'ada@acme.test')
  expect((await ada.patch('/api/workspaces/acme/support-policy', { data: { requireReason: false, maxSessionHours: null, pendingTtlHours: 72 } })).ok()).toBe(true)
  await context.dispose()
})

for (const [email, paths] of Object.entries(PERSONAS)) {
  test(`every page renders the same on the server and in the browser for ${email}`, async ({ page }) => {
    const warnings: string[] = []
    page.on('console', (m) => {
      if (/hydrat|mismatch/i.test(m.text())) warnings.push(`${page.url()}: ${m.text()}`)
    })
    expect((await page.request.post('/api/auth/login', { data: { email, password: PASSWORD } })).ok()).toBe(true)
    const tower = (await (await page.request.get('/api/workspaces/acme/projects')).json() as { id: number, name: string }[]).find?.(p => p.name === 'Tower')?.id
    for (const path of paths) {
      await page.goto(path.replace(':tower', String(tower)))
      await page.locator('html[data-hydrated="true"]').waitFor()
    }
    expect(warnings).toEqual([])
  })
}

test('the Support page\'s policy form is rendered with the stored policy, for a browser without JavaScript', async ({ page }) => {
  expect((await page.request.post('/api/auth/login', { data: { email: 'ada@acme.test', password: PASSWORD } })).ok()).toBe(true)
  const html = await (await page.request.get('/settings/workspaces/acme/support')).text()
  const input = (label: string) => html.match(new RegExp(`<input[^>]*id="${label}"[^>]*>`))?.[0] ?? ''
  expect(input('policy-max-hours')).toMatch(/value="8"/)
  expect(input('policy-lapse-hours')).toMatch(/value="24"/)
  expect(input('policy-require-reason')).toMatch(/checked/)
})
