import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openTestDb, type TestDb } from './helpers/db'
import { inMinutes } from './helpers/fixtures'
import { useTestServer } from './helpers/server'

/**
 * Issue 35, items 2 and 3 over HTTP: more time is approved like a request (an earlier end, a comment),
 * the Support badge counts requests for more time, the members' banner names every approver, and a
 * missing or forbidden page answers 404 or 403 with the app's error page.
 */
const t = useTestServer({ env: { NUXT_RATE_LIMIT_FACTOR: '100' }, personas: ['sam', 'ada', 'ben', 'cy', 'gia'], credentials: 'cookie' })
let db: TestDb
beforeAll(async () => {
  db = await openTestDb(t.server)
})
afterAll(() => db?.close())

const base = '/api/workspaces/acme/support-sessions'
const request = (minutes = 60) => t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'Ticket 4711: sync fails', expiresAt: inMinutes(minutes) }, t.as.sam)
const extend = (id: number, minutes: number) => t.api.post(`/api/admin/workspaces/acme/support-sessions/${id}/extensions`, { expiresAt: inMinutes(minutes), reason: 'The fix needs a second deploy' }, t.as.sam)
const approveMore = (id: number, extensionId: number, body: object = {}, as = t.as.ada) => t.api.post(`${base}/${id}/extensions/${extensionId}/approve`, body, as)
const memberId = async (name: string) => (await t.api.get('/api/workspaces/acme/members', t.as.ada)).body.find((m: { user: { name: string } }) => m.user.name === name).user.id as number
/** Sam's session, active, with a request for more time waiting. */
async function sessionAskingMore(minutes = 60, more = 180) {
  const session = (await request(minutes)).body
  for (const as of session.approvalsRequired === 2 ? [t.as.ada, t.as.ben] : [t.as.ada]) await t.api.post(`${base}/${session.id}/approve`, {}, as)
  const asked = await extend(session.id, more)
  expect(asked.status).toBe(201)
  return { id: session.id as number, extensionId: asked.body.extensions[0].id as number, current: asked.body.expiresAt as string }
}
beforeEach(async () => {
  const { pending, active } = (await t.api.get(base, t.as.ada)).body
  for (const s of [...pending, ...active]) await t.api.post(`${base}/${s.id}/revoke`, {}, t.as.ada)
})

describe('approving more time, with the approver\'s controls', () => {
  it('gives less time than asked, with a comment the holder is emailed and the audit log keeps', async () => {
    const { id, extensionId } = await sessionAskingMore()
    const earlier = inMinutes(120)
    const approved = await approveMore(id, extensionId, { expiresAt: earlier, comment: 'One more hour is enough.' })
    expect(approved.status).toBe(200)
    expect(new Date(approved.body.expiresAt).getTime()).toBe(new Date(earlier).getTime())
    expect(approved.body.extensions[0]).toMatchObject({ status: 'approved', expiresAt: new Date(earlier).toISOString() })
    const event = await db.get<{ data: string }>(`select data from audit_events where action = 'support.extension_approved' and support_session_id = ?`, id)
    expect(JSON.parse(event!.data)).toMatchObject({ comment: 'One more hour is enough.', asked: expect.any(String), expiresAt: { to: new Date(earlier).toISOString() } })
    const mail = await db.get<{ body: string }>(`select text as body from email_outbox where subject = 'More time for Acme approved' order by id desc limit 1`)
    expect(mail?.body).toContain('Ada wrote: “One more hour is enough.”')
  })

  it('never more than asked, never before the current end, nothing unknown: nothing changes', async () => {
    const { id, extensionId, current } = await sessionAskingMore()
    const later = await approveMore(id, extensionId, { expiresAt: inMinutes(240) })
    expect([later.status, later.body.data.code]).toEqual([400, 'SupportSessionExpiryLonger'])
    const early = await approveMore(id, extensionId, { expiresAt: new Date(new Date(current).getTime() - 60_000).toISOString() })
    expect([early.status, early.body.data.code]).toEqual([400, 'SupportExtensionNotLater'])
    expect((await approveMore(id, extensionId, { comment: 'x'.repeat(501) })).body.data.code).toBe('ValidationFailed')
    expect((await approveMore(id, extensionId, { expiresAt: '2030-01-01T10:00' })).body.data.code).toBe('ValidationFailed')
    expect((await approveMore(id, extensionId, { durationMinutes: 60 })).body.data.code).toBe('ValidationFailed')
    const session = (await t.api.get(base, t.as.ada)).body.active.find((s: { id: number }) => s.id === id)
    expect(session.expiresAt).toBe(current)
    expect(session.extensions[0].status).toBe('pending')
  })

  it('the Support badge counts a request for more time as waiting', async () => {
    expect((await t.api.get('/api/workspaces/acme', t.as.ada)).body.pendingSupportRequests).toBe(0)
    await sessionAskingMore()
    expect((await t.api.get('/api/workspaces/acme', t.as.ada)).body.pendingSupportRequests).toBe(1)
    // Counted for those who decide, not for Members.
    expect((await t.api.get('/api/workspaces/acme', t.as.cy)).body.pendingSupportRequests).toBe(0)
  })
})

describe('two approvals', () => {
  let benId: number
  beforeAll(async () => {
    benId = await memberId('Ben')
    expect((await t.api.patch(`/api/workspaces/acme/members/${benId}`, { role: 'admin' }, t.as.ada)).status).toBe(200)
    expect((await t.api.patch('/api/workspaces/acme/support-policy', { approvalsRequired: 2 }, t.as.ada)).status).toBe(200)
  })
  afterAll(async () => {
    await t.api.patch('/api/workspaces/acme/support-policy', { approvalsRequired: 1 }, t.as.ada)
    await t.api.patch(`/api/workspaces/acme/members/${benId}`, { role: 'member' }, t.as.ada)
  })

  it('the members\' banner names both approvers', async () => {
    await sessionAskingMore()
    const banner = (await t.api.get('/api/workspaces/acme', t.as.cy)).body.activeSupport
    expect(banner).toEqual([expect.objectContaining({ approvers: [{ name: 'Ada' }, { name: 'Ben' }] })])
  })

  it('the first approver\'s earlier end is what the second approves', async () => {
    const { id, extensionId } = await sessionAskingMore()
    const earlier = inMinutes(100)
    const first = await approveMore(id, extensionId, { expiresAt: earlier })
    expect(first.body.extensions[0]).toMatchObject({ status: 'pending', expiresAt: new Date(earlier).toISOString(), firstApprovedBy: { name: 'Ada' } })
    const second = await approveMore(id, extensionId, {}, t.as.ben)
    expect(second.status).toBe(200)
    expect(second.body.expiresAt).toBe(new Date(earlier).toISOString())
  })
})

describe('missing and forbidden pages', () => {
  const page = async (path: string, as = t.as.cy) => {
    const res = await t.api.call('GET', path, { as, headers: { accept: 'text/html' } })
    return { status: res.status, html: String(res.body) }
  }

  it.each(['/projects/abc', '/projects/99999', '/workspaces/nope', '/settings/workspaces/nope/people', '/invites/99999'])('%s answers 404 with the app\'s error page, navbar and user menu', async (path) => {
    const { status, html } = await page(path)
    expect(status).toBe(404)
    expect(html).toContain('data-testid="error-page"')
    expect(html).toContain('Page not found')
    expect(html).toContain('aria-label="User menu"')
    expect(html).not.toContain('>Sign in<')
    expect(html).not.toMatch(/>\s*Invite\s*</)
  })

  it('a page the API forbids answers 403 with the same error page', async () => {
    const secretLab = (await t.api.get('/api/workspaces/acme/projects', t.as.ada)).body.find((p: { name: string }) => p.name === 'Secret Lab').id
    const api = await t.api.get(`/api/projects/${secretLab}`, t.as.cy)
    const { status, html } = await page(`/projects/${secretLab}`)
    expect(status).toBe(api.status)
    expect([403, 404]).toContain(status)
    expect(html).toContain('data-testid="error-page"')
    expect(html).toContain(`data-status="${status}"`)
    const { status: serverSettings, html: refused } = await page('/settings/server/users')
    expect(serverSettings).toBe(403)
    expect(refused).toContain('You cannot open this page')
  })

  // They answered 200 with "Only workspace admins can do this" inside the settings page (issue 35).
  it.each(['support', 'integrations', 'audit'])('Workspace Settings → %s answers 403 with the error page to a Member and a Guest, 200 to the Admin', async (tab) => {
    const path = `/settings/workspaces/acme/${tab}`
    for (const as of [t.as.ben, t.as.gia]) {
      const { status, html } = await page(path, as)
      expect(status, path).toBe(403)
      expect(html).toContain('data-testid="error-page"')
      expect(html).toContain('You cannot open this page')
      // In the page itself, not only in its payload.
      expect(html).toMatch(/<p[^>]*>Only workspace admins can do this\.<\/p>/)
      expect(html).toContain('aria-label="User menu"')
    }
    const admin = await page(path, t.as.ada)
    expect(admin.status).toBe(200)
    expect(admin.html).not.toContain('data-testid="error-page"')
  })
})
