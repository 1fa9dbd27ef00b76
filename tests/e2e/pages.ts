import { expect, request as newRequest, type Page } from '@playwright/test'
import { apiAs, endOpenSupportSessions } from './helpers'

/**
 * Every page each kind of user can open, for the tests that walk them all (no hydration mismatch, no
 * page wider than a phone). `:tower` stands for the Tower project's id.
 */
export const PAGES_BY_PERSONA: Record<string, string[]> = {
  'admin@example.com': ['/', '/settings/account', '/settings/tokens', '/settings/server/workspaces', '/settings/server/workspaces?page=9', '/settings/server/workspaces/acme', '/settings/server/users', '/settings/server/emails', '/settings/server/webhooks', '/settings/server/audit-key', '/workspaces/acme', '/projects/:tower', '/settings/workspaces/acme/support', '/settings/workspaces/acme/integrations', '/settings/workspaces/acme/audit', '/docs/api'],
  'ada@acme.test': ['/', '/workspaces/acme', '/projects/:tower', '/projects/:tower/collaborators', '/projects/:tower/settings', '/settings/workspaces/acme', '/settings/workspaces/acme/people', '/settings/workspaces/acme/support', '/settings/workspaces/acme/integrations', '/settings/workspaces/acme/audit', '/settings/account', '/settings/tokens', '/docs/api'],
  'ben@acme.test': ['/', '/workspaces/acme', '/projects/:tower', '/projects/:tower/collaborators', '/projects/:tower/settings', '/settings/workspaces/acme/people'],
  'cy@acme.test': ['/', '/workspaces/acme', '/projects/:tower'],
  'gus@partner.test': ['/', '/workspaces/acme', '/projects/:tower', '/settings/workspaces/acme/people'],
  'gil@globex.test': ['/', '/workspaces/globex', '/settings/workspaces/globex/people', '/settings/workspaces/globex/support'],
}

/** Sam holds an active, expiring session in Acme: the banner, the red navbar and the session tables all show. */
export async function withActiveSession(baseURL: string | undefined) {
  const cleanup = await newRequest.newContext({ baseURL })
  await endOpenSupportSessions(cleanup)
  await cleanup.dispose()
  const sam = await apiAs(await newRequest.newContext({ baseURL }), 'admin@example.com')
  const ada = await apiAs(await newRequest.newContext({ baseURL }), 'ada@acme.test')
  const expiresAt = new Date(Date.now() + 3 * 3_600_000).toISOString()
  const reason = 'Customer ticket 4711: the Tower project fails to load its newest model version on every device'
  const session = await (await sam.post('/api/admin/workspaces/acme/support-sessions', { data: { reason, expiresAt } })).json()
  expect((await ada.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`)).ok()).toBe(true)
  await Promise.all([sam.dispose(), ada.dispose()])
}

/**
 * Each persona's pages in walks of at most `size` pages, split evenly: with axe on every page (issue 35)
 * one walk of the server admin's 16 pages ran over a minute on a loaded machine; a walk of 6 stays well
 * inside its time limit.
 */
export function pageWalks(size = 6) {
  return Object.entries(PAGES_BY_PERSONA).flatMap(([email, paths]) => {
    const parts = Math.ceil(paths.length / size)
    const per = Math.ceil(paths.length / parts)
    return Array.from({ length: parts }, (_, i) => ({ email, paths: paths.slice(i * per, (i + 1) * per), name: parts > 1 ? `${email} (${i + 1}/${parts})` : email }))
  })
}

/** Signs a page in as `email` and visits each of its pages (or `paths`), calling `check` once each has hydrated. */
export async function visitPages(page: Page, email: string, check: (path: string) => Promise<void>, paths = PAGES_BY_PERSONA[email]!) {
  await apiAs(page.request, email)
  const tower = (await (await page.request.get('/api/workspaces/acme/projects')).json() as { id: number, name: string }[]).find?.(p => p.name === 'Tower')?.id
  for (const path of paths) {
    await page.goto(path.replace(':tower', String(tower)))
    await page.locator('html[data-hydrated="true"]').waitFor()
    await check(path)
  }
}
