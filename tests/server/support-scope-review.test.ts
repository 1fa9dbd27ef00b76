import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { demoIds, inMinutes } from './helpers/fixtures'
import { useTestServer } from './helpers/server'
import { startSmtp, type TestSmtp } from './helpers/smtp'

/**
 * The outside review of issue 32 (SPEC 3.12): each defect it found, reproduced over HTTP. A session
 * scoped to some projects learns no other project's name from the support area; several sessions lend
 * what any of them lends; `maxSessionHours` counts from the start; more time keeps the ticket; a ticket
 * never changes where its link points; emails say how long a duration lasts.
 */
let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startSmtp()
})
afterAll(() => smtp?.close())

const t = useTestServer({ env: () => ({ NUXT_SMTP_URL: smtp.url, NUXT_RATE_LIMIT_FACTOR: '100' }), personas: ['sam', 'olive', 'ada', 'ben'] })
let ids: { tower: number, secretLab: number }
type Body = Record<string, unknown>

const base = '/api/workspaces/acme/support-sessions'
const request = (body: Body, who: 'sam' | 'olive' = 'sam') => t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'Ticket ZD-1234: sync fails', expiresAt: inMinutes(120), ...body }, t.as[who])
const approve = (id: number, body: Body = {}) => t.api.post(`${base}/${id}/approve`, body, t.as.ada)
const policy = (patch: Body) => t.api.patch('/api/workspaces/acme/support-policy', patch, t.as.ada)

async function session(body: Body, who: 'sam' | 'olive' = 'sam') {
  const asked = await request(body, who)
  expect(asked.status, JSON.stringify(asked.body)).toBe(201)
  const approved = await approve(asked.body.id)
  expect(approved.status, JSON.stringify(approved.body)).toBe(200)
  return approved.body
}

beforeAll(async () => {
  ids = await demoIds(t.api, t.as.ada)
})

beforeEach(async () => {
  await policy({ readsRequireSession: false, maxSessionHours: null, requireTicket: false, ticketUrlTemplate: null })
  const { pending, active } = (await t.api.get(base, t.as.ada)).body
  for (const s of [...pending, ...active]) await t.api.post(`${base}/${s.id}/revoke`, {}, t.as.ada)
})

describe('the support area of a session scoped to some projects', () => {
  it('where reads need a session, a Tower-only session reads neither the access log nor others\' sessions, and still sees its own', async () => {
    // Olive holds a session naming Secret Lab, and has read it: both would name it to Sam.
    await session({ scope: { access: 'read', projects: [ids.secretLab] } }, 'olive')
    expect((await t.api.get(`/api/projects/${ids.secretLab}`, t.as.olive)).status).toBe(200)
    expect((await policy({ readsRequireSession: true })).status).toBe(200)
    const mine = await session({ scope: { access: 'read', projects: [ids.tower] } })

    const log = await t.api.get('/api/workspaces/acme/access-log', t.as.sam)
    expect([log.status, log.body.data?.code]).toEqual([403, 'SupportSessionOutOfScope'])
    const sessions = await t.api.get(base, t.as.sam)
    expect([sessions.status, sessions.body.data?.code]).toEqual([403, 'SupportSessionOutOfScope'])
    // The workspace itself stays readable; its banner data names only Sam's own session.
    const workspace = await t.api.get('/api/workspaces/acme', t.as.sam)
    expect(workspace.status).toBe(200)
    expect(JSON.stringify(workspace.body)).not.toContain('Secret Lab')
    expect(workspace.body.activeSupport.map((s: { id: number }) => s.id)).toEqual([mine.id])
    // Server Settings → the workspace lists Sam's own sessions only; the navbar still has his.
    const details = (await t.api.get('/api/admin/workspaces/acme', t.as.sam)).body
    expect(details.supportSessions.length).toBeGreaterThan(0)
    expect(details.supportSessions.every((s: { requestedBy: { id: number } }) => s.requestedBy.id === mine.requestedBy.id)).toBe(true)
    expect(details.supportSessions.map((s: { id: number }) => s.id)).toContain(mine.id)
    expect(JSON.stringify(details)).not.toContain('Secret Lab')
    expect((await t.api.get('/api/me', t.as.sam)).body.supportSessions.map((s: { id: number }) => s.id)).toContain(mine.id)
    // Members and the workspace's Admins see every session as before.
    expect((await t.api.get('/api/workspaces/acme', t.as.ben)).body.activeSupport).toHaveLength(2)
    expect((await t.api.get('/api/workspaces/acme/access-log', t.as.ada)).status).toBe(200)
  })

  it('the members\' banner names only the projects its reader can open', async () => {
    await session({ scope: { access: 'write', projects: [ids.tower, ids.secretLab] } })
    expect((await t.api.get(`/api/projects/${ids.secretLab}`, t.as.ben)).status).toBe(404)
    const ben = (await t.api.get('/api/workspaces/acme', t.as.ben)).body.activeSupport
    expect(ben.map((s: { scopeText: string }) => s.scopeText)).toEqual(['Read and write · Tower, 1 private project'])
    expect(JSON.stringify(ben)).not.toContain('Secret Lab')
    const ada = (await t.api.get('/api/workspaces/acme', t.as.ada)).body.activeSupport
    expect(ada.map((s: { scopeText: string }) => s.scopeText)).toEqual(['Read and write · Tower, Secret Lab'])
  })

  it('a session over every project still reads the support area where reads need a session', async () => {
    expect((await policy({ readsRequireSession: true })).status).toBe(200)
    await session({ scope: { access: 'read', projects: 'all' } })
    expect((await t.api.get('/api/workspaces/acme/access-log', t.as.sam)).status).toBe(200)
    expect((await t.api.get(base, t.as.sam)).status).toBe(200)
  })
})

describe('several sessions at once', () => {
  it('a read-only and a Tower write session together lend the Tower comment, recorded under the write session', async () => {
    const readOnly = await session({ scope: { access: 'read', projects: 'all' } })
    const write = await session({ scope: { access: 'write', projects: [ids.tower] } })
    expect(readOnly.id).toBeLessThan(write.id)
    const posted = await t.api.post(`/api/projects/${ids.tower}/comments`, { text: 'Two sessions' }, t.as.sam)
    expect(posted.status, JSON.stringify(posted.body)).toBe(201)
    const lab = await t.api.post(`/api/projects/${ids.secretLab}/comments`, { text: 'Out of both' }, t.as.sam)
    expect([lab.status, lab.body.data?.code]).toEqual([403, 'SupportSessionOutOfScope'])
    const events = (await t.api.get('/api/workspaces/acme/audit?pageSize=20', t.as.ada)).body.items as { action: string, supportSessionId: number | null, data?: { text?: string } }[]
    const comment = events.find(e => e.action === 'comment.created')!
    expect(comment.supportSessionId).toBe(write.id)
  })
})

describe('time and policy', () => {
  it('maxSessionHours counts an absolute end from the start, not from the request', async () => {
    expect((await policy({ maxSessionHours: 4 })).status).toBe(200)
    const startsAt = inMinutes(10 * 60)
    const asked = await request({ startsAt, expiresAt: inMinutes(12 * 60) })
    expect(asked.status, JSON.stringify(asked.body)).toBe(201)
    expect((await approve(asked.body.id)).body.status).toBe('scheduled')
    // Five hours from the start is still too long.
    const long = await request({ startsAt, expiresAt: inMinutes(15 * 60) })
    expect([long.status, long.body.data?.code]).toEqual([400, 'SupportSessionTooLong'])
  })

  it('with requireTicket on, more time keeps the session\'s ticket: asked and approved', async () => {
    expect((await policy({ requireTicket: true })).status).toBe(200)
    const s = await session({ ticket: 'ZD-55' })
    const asked = await t.api.post(`/api/admin/workspaces/acme/support-sessions/${s.id}/extensions`, { expiresAt: inMinutes(180), reason: 'Still syncing' }, t.as.sam)
    expect(asked.status, JSON.stringify(asked.body)).toBe(201)
    const extension = asked.body.extensions.find((e: { status: string }) => e.status === 'pending')
    const approved = await t.api.post(`${base}/${s.id}/extensions/${extension.id}/approve`, {}, t.as.ada)
    expect(approved.status, JSON.stringify(approved.body)).toBe(200)
    expect(approved.body).toMatchObject({ ticket: 'ZD-55', expiresAt: extension.expiresAt })
  })
})

describe('a ticket in its link', () => {
  it('never changes the path of the workspace\'s ticket URL', async () => {
    expect((await policy({ ticketUrlTemplate: 'https://tickets.example/browse/{ticket}' })).status).toBe(200)
    for (const ticket of ['..', '.']) {
      const refused = await request({ ticket })
      expect([refused.status, refused.body.data?.code], ticket).toEqual([400, 'ValidationFailed'])
    }
    for (const [ticket, path] of [['a/../b', '/browse/a%2F..%2Fb'], ['%2e%2e', '/browse/%252e%252e'], ['..?x#y', '/browse/..%3Fx%23y'], ['ZD-1.2', '/browse/ZD-1.2']]) {
      const s = (await request({ ticket })).body
      expect(s.ticket).toBe(ticket)
      const link = new URL(s.ticketUrl)
      // As written, no step resolved: the link is the template's path with one segment for the ticket.
      expect([link.origin, link.pathname, link.search, link.hash, link.href], ticket).toEqual(['https://tickets.example', path, '', '', s.ticketUrl])
    }
  })
})

describe('how long a session lasts, in words', () => {
  it('the request and approval emails of a duration say how long from approval, never "with no expiry"', async () => {
    const asked = (await request({ expiresAt: undefined, durationMinutes: 60, reason: 'Duration words check', ticket: 'WORDS-1' })).body
    const requested = await smtp.waitFor(m => m.to.includes('ada@acme.test') && m.text.includes('Duration words check'))
    expect(requested.text).toContain('for 1 hour from approval')
    expect(requested.text).not.toContain('no expiry')
    await approve(asked.id)
    const approved = await smtp.waitFor(m => m.to.includes('admin@example.com') && /Subject: Support access to Acme approved/.test(m.text) && m.text.includes('WORDS-1'))
    expect(approved.text).not.toContain('no expiry')
    expect(approved.text).toMatch(/until \d/)
    const windowed = (await request({ expiresAt: undefined, durationMinutes: 90, startsAt: inMinutes(60), reason: 'Window words check' })).body
    expect(windowed.status).toBe('pending')
    const planned = await smtp.waitFor(m => m.to.includes('ada@acme.test') && m.text.includes('Window words check'))
    expect(planned.text).toContain('for 90 minutes from its start')
  })
})
