import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { demoIds, inMinutes } from './helpers/fixtures'
import { useTestServer } from './helpers/server'
import { startSmtp, type TestSmtp } from './helpers/smtp'

/**
 * SPEC 3.12 "Lend less" (issue 32): a session lends its scope only (read or write, all projects or some),
 * approvers narrow it and never widen it, a duration counts from the activation, a session approved before
 * its start is `scheduled` and starts by itself, and the policy's maxAccess and requireTicket refuse as named.
 */
let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startSmtp()
})
afterAll(() => smtp?.close())

const t = useTestServer({ env: () => ({ NUXT_SMTP_URL: smtp.url, NUXT_RATE_LIMIT_FACTOR: '100', NUXT_UPKEEP_INTERVAL_MS: '500' }), personas: ['sam', 'ada', 'ben'] })
let ids: { tower: number, secretLab: number }
type Body = Record<string, unknown>

const base = '/api/workspaces/acme/support-sessions'
const request = (body: Body) => t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'Ticket ZD-1234: sync fails', expiresAt: inMinutes(120), ...body }, t.as.sam)
const approve = (id: number, body: Body = {}) => t.api.post(`${base}/${id}/approve`, body, t.as.ada)
const comment = (project: number) => t.api.post(`/api/projects/${project}/comments`, { text: 'Support was here' }, t.as.sam)
const invite = () => t.api.post('/api/workspaces/acme/invites', { email: 'someone-new@acme.test', role: 'member', seat: 'viewer' }, t.as.sam)
const policy = (patch: Body) => t.api.patch('/api/workspaces/acme/support-policy', patch, t.as.ada)

async function session(body: Body, approval: Body = {}) {
  const asked = await request(body)
  expect(asked.status, JSON.stringify(asked.body)).toBe(201)
  const approved = await approve(asked.body.id, approval)
  expect(approved.status, JSON.stringify(approved.body)).toBe(200)
  return approved.body
}

/** Polls until `check` holds (never a fixed sleep): the scheduled start happens within 5 s. */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (check(value) || Date.now() > deadline) return value
    await new Promise(r => setTimeout(r, 100))
  }
}

beforeAll(async () => {
  ids = await demoIds(t.api, t.as.ada)
})

beforeEach(async () => {
  const { pending, active } = (await t.api.get(base, t.as.ada)).body
  for (const s of [...pending, ...active]) await t.api.post(`${base}/${s.id}/revoke`, {}, t.as.ada)
  await policy({ readsRequireSession: false, maxAccess: 'write', requireTicket: false, ticketUrlTemplate: null })
})

describe('what a scope lends', () => {
  it('a read-only session lends no write: its comment is 403 SupportSessionOutOfScope', async () => {
    const s = await session({ scope: { access: 'read', projects: 'all' } })
    expect(s).toMatchObject({ status: 'active', scope: { access: 'read', projects: 'all' } })
    const refused = await comment(ids.tower)
    expect([refused.status, refused.body.data.code]).toEqual([403, 'SupportSessionOutOfScope'])
    // Reads are as before.
    expect((await t.api.get(`/api/projects/${ids.secretLab}`, t.as.sam)).status).toBe(200)
  })

  it('a Tower-only session comments on Tower but not on Secret Lab, and cannot invite', async () => {
    await session({ scope: { access: 'write', projects: [ids.tower] } })
    expect((await comment(ids.tower)).status).toBe(201)
    const lab = await comment(ids.secretLab)
    expect([lab.status, lab.body.data.code]).toEqual([403, 'SupportSessionOutOfScope'])
    const invited = await invite()
    expect([invited.status, invited.body.data.code]).toEqual([403, 'SupportSessionOutOfScope'])
    // Shown where the session is: the members' banner data says what it lends.
    const { activeSupport } = (await t.api.get('/api/workspaces/acme', t.as.ben)).body
    expect(activeSupport).toEqual([expect.objectContaining({ scope: { access: 'write', projects: [ids.tower] }, scopeText: 'Read and write · Tower' })])
  })

  it('a Tower-only session cannot change the workspace\'s people through Tower\'s collaborators', async () => {
    await session({ scope: { access: 'write', projects: [ids.tower] } })
    // Gil is in Globex only: adding him to Tower would make him an Acme Guest.
    const outsider = await t.api.post(`/api/projects/${ids.tower}/collaborators`, { email: 'gil@globex.test', role: 'viewer' }, t.as.sam)
    expect([outsider.status, outsider.body.data?.code]).toEqual([403, 'SupportSessionOutOfScope'])
    // Cy has a Viewer seat: Can edit on Tower would raise her workspace seat to Editor.
    const members = (await t.api.get('/api/workspaces/acme/members', t.as.ada)).body as { user: { id: number, email: string }, seat: string }[]
    const cy = members.find(m => m.user.email === 'cy@acme.test')!
    expect(cy.seat).toBe('viewer')
    const added = await t.api.post(`/api/projects/${ids.tower}/collaborators`, { email: 'cy@acme.test', role: 'editor' }, t.as.sam)
    expect([added.status, added.body.data?.code]).toEqual([403, 'SupportSessionOutOfScope'])
    // Gus is a Viewer-seat Guest with Can view on Tower: raising it to Can edit would raise his seat too.
    const gus = members.find(m => m.user.email === 'gus@partner.test')!
    const raised = await t.api.patch(`/api/projects/${ids.tower}/collaborators/${gus.user.id}`, { role: 'editor' }, t.as.sam)
    expect([raised.status, raised.body.data?.code]).toEqual([403, 'SupportSessionOutOfScope'])
    const after = (await t.api.get('/api/workspaces/acme/members', t.as.ada)).body as { user: { email: string }, seat: string }[]
    expect(after.find(m => m.user.email === 'cy@acme.test')!.seat).toBe('viewer')
    expect(after.some(m => m.user.email === 'gil@globex.test')).toBe(false)
  })

  it('with reads behind a session, a Tower-only session reads Tower and not Secret Lab', async () => {
    expect((await policy({ readsRequireSession: true })).status).toBe(200)
    await session({ scope: { access: 'read', projects: [ids.tower] } })
    expect((await t.api.get(`/api/projects/${ids.tower}`, t.as.sam)).status).toBe(200)
    const lab = await t.api.get(`/api/projects/${ids.secretLab}`, t.as.sam)
    expect([lab.status, lab.body.data.code]).toEqual([403, 'SupportSessionOutOfScope'])
    // The workspace's name stays readable, its project list shows only the scope, its people do not.
    expect((await t.api.get('/api/workspaces/acme', t.as.sam)).status).toBe(200)
    expect((await t.api.get('/api/workspaces/acme/projects', t.as.sam)).body.map((p: { id: number }) => p.id)).toEqual([ids.tower])
    expect((await t.api.get('/api/workspaces/acme/members', t.as.sam)).body.data.code).toBe('SupportSessionOutOfScope')
  })
})

describe('approvers narrow, never widen', () => {
  it('narrows all → Tower and read; cannot widen read → write', async () => {
    const asked = (await request({ scope: { access: 'write', projects: 'all' } })).body
    const narrowed = await approve(asked.id, { scope: { access: 'read', projects: [ids.tower] } })
    expect(narrowed.status).toBe(200)
    expect(narrowed.body.scope).toEqual({ access: 'read', projects: [ids.tower] })

    const readOnly = (await request({ scope: { access: 'read', projects: 'all' } })).body
    const wider = await approve(readOnly.id, { scope: { access: 'write', projects: 'all' } })
    expect([wider.status, wider.body.data.code]).toEqual([400, 'SupportScopeWider'])
    const towerOnly = (await request({ scope: { access: 'read', projects: [ids.tower] } })).body
    expect((await approve(towerOnly.id, { scope: { access: 'read', projects: 'all' } })).body.data.code).toBe('SupportScopeWider')
  })
})

describe('time counted from the start', () => {
  it('60 minutes asked and approved 3 s later end 60 minutes after the approval', async () => {
    const asked = await request({ expiresAt: undefined, durationMinutes: 60 })
    expect(asked.body).toMatchObject({ status: 'pending', durationMinutes: 60, expiresAt: null })
    await new Promise(r => setTimeout(r, 3_000))
    const approved = (await approve(asked.body.id)).body
    expect(new Date(approved.expiresAt).getTime() - new Date(approved.approvedAt).getTime()).toBe(60 * 60_000)
    expect(new Date(approved.expiresAt).getTime() - new Date(asked.body.createdAt).getTime()).toBeGreaterThanOrEqual(60 * 60_000 + 3_000)
  })

  it('a session approved before its start is scheduled, lends nothing, and is active after its start with nobody acting', async () => {
    const startsAt = new Date(Date.now() + 4_000).toISOString()
    const s = await session({ expiresAt: undefined, durationMinutes: 30, startsAt })
    expect(s.status).toBe('scheduled')
    expect(new Date(s.expiresAt).getTime()).toBe(new Date(startsAt).getTime() + 30 * 60_000)
    expect((await t.api.get(base, t.as.ada)).body.active.map((x: { id: number }) => x.id)).toContain(s.id)
    const early = await comment(ids.tower)
    expect([early.status, early.body.data.code]).toEqual([403, 'SupportSessionRequired'])
    const started = await until(() => t.api.get(base, t.as.ada), res => res.body.active.some((x: { id: number, status: string }) => x.id === s.id && x.status === 'active'))
    expect(started.body.active.find((x: { id: number }) => x.id === s.id).status).toBe('active')
    expect((await comment(ids.tower)).status).toBe(201)
    const mail = await smtp.waitFor(m => m.to.includes('admin@example.com') && /Subject: Support access to Acme started/.test(m.text))
    expect(mail.text).toContain('All projects, read and write')
  })

  it('refuses a start in the past or beyond 30 days, and a duration out of range', async () => {
    expect((await request({ startsAt: new Date(Date.now() - 3_600_000).toISOString() })).body.data.code).toBe('ValidationFailed')
    expect((await request({ startsAt: inMinutes(31 * 24 * 60) })).body.data.code).toBe('ValidationFailed')
    expect((await request({ expiresAt: undefined, durationMinutes: 5 })).body.data.code).toBe('ValidationFailed')
    expect((await request({ expiresAt: undefined, durationMinutes: 525601 })).body.data.code).toBe('ValidationFailed')
    expect((await request({ durationMinutes: 60 })).body.data.code).toBe('ValidationFailed')
  })
})

describe('the policy and the request', () => {
  it('maxAccess read refuses a write request, requireTicket refuses one without a ticket', async () => {
    expect((await policy({ maxAccess: 'read' })).status).toBe(200)
    const write = await request({ scope: { access: 'write', projects: 'all' } })
    expect([write.status, write.body.data.code]).toEqual([400, 'SupportScopeNotAllowed'])
    expect((await request({ scope: { access: 'read', projects: 'all' } })).status).toBe(201)
    expect((await policy({ maxAccess: 'write', requireTicket: true })).status).toBe(200)
    const none = await request({})
    expect([none.status, none.body.data.code]).toEqual([400, 'SupportTicketRequired'])
    expect((await request({ ticket: 'ZD-1234' })).status).toBe(201)
  })

  it('links the ticket through the workspace template, URL-encoded', async () => {
    expect((await policy({ ticketUrlTemplate: 'http://tickets.example/{ticket}' })).body.data.code).toBe('ValidationFailed')
    expect((await policy({ ticketUrlTemplate: 'https://tickets.example/browse' })).body.data.code).toBe('ValidationFailed')
    expect((await policy({ ticketUrlTemplate: 'https://tickets.example/browse/{ticket}' })).status).toBe(200)
    const s = (await request({ ticket: 'ZD 12/34' })).body
    expect(s).toMatchObject({ ticket: 'ZD 12/34', ticketUrl: 'https://tickets.example/browse/ZD%2012%2F34' })
  })

  it('a malformed scope, or projects of another workspace, are 400', async () => {
    for (const scope of [{ access: 'admin', projects: 'all' }, { access: 'write' }, { access: 'write', projects: [] }, { access: 'write', projects: 'some' }, { access: 'read', projects: ['x'] }, 'all']) {
      const res = await request({ scope })
      expect([res.status, res.body.data.code], JSON.stringify(scope)).toEqual([400, 'ValidationFailed'])
    }
    const globex = (await t.api.get('/api/admin/workspaces?q=globex', t.as.sam)).body
    expect(globex.items.length).toBeGreaterThan(0)
    const foreign = await request({ scope: { access: 'write', projects: [ids.tower, 999999] } })
    expect([foreign.status, foreign.body.data.code]).toEqual([400, 'ValidationFailed'])
    expect((await request({ ticket: 'x'.repeat(101) })).body.data.code).toBe('ValidationFailed')
  })
})
