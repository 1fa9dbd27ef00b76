import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient, SignedIn } from './helpers/client'
import { openTestDb } from './helpers/db'
import { inMinutes } from './helpers/fixtures'
import { useTestServer, type TestServer } from './helpers/server'
import { startSmtp, type TestSmtp } from './helpers/smtp'

/** SPEC 3.7: every row of the support policy, two approvals (with their race) and lapsing requests. */
let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startSmtp()
})
afterAll(() => smtp?.close())

// Races of 50 rounds: rate limits (issue 20, tested in rate-limits.test.ts) would refuse them here.
const t = useTestServer({ env: () => ({ NUXT_SMTP_URL: smtp.url, NUXT_UPKEEP_INTERVAL_MS: '200', NUXT_RATE_LIMIT_FACTOR: '100' }), personas: ['sam', 'ada', 'ben', 'cy', 'gil'] })
let server: TestServer
let api: ApiClient
let sam: SignedIn
let ada: SignedIn
let ben: SignedIn
let cy: SignedIn
let gil: SignedIn
let towerId: number

beforeAll(async () => {
  ({ server, api, as: { sam, ada, ben, cy, gil } } = t)
  towerId = (await api.get('/api/workspaces/acme/projects', ada)).body.find((p: { name: string }) => p.name === 'Tower').id
})

const policyUrl = (slug = 'acme') => `/api/workspaces/${slug}/support-policy`
const setPolicy = (body: object, as: object = ada, slug = 'acme') => api.patch(policyUrl(slug), body, as as never)
const request = (body: object = { reason: 'Ticket 7', expiresAt: inMinutes(60) }, slug = 'acme') =>
  api.post(`/api/admin/workspaces/${slug}/support-sessions`, body, sam)
const approve = (id: number, as: object) => api.post(`/api/workspaces/acme/support-sessions/${id}/approve`, {}, as as never)
const memberId = async (name: string) =>
  (await api.get('/api/workspaces/acme/members', ada)).body.find((m: { user: { name: string } }) => m.user.name === name).user.id as number
const DEFAULTS = { requireReason: false, maxSessionHours: null, approvalsRequired: 1, pendingTtlHours: 72, readsRequireSession: false, approvalRequiresPasskey: false, maxAccess: 'write', requireTicket: false, ticketUrlTemplate: null, emergencyAccess: false, autoApproveReadHours: null, remindAfterMinutes: 30 }

describe('reading and setting the policy', () => {
  it('starts with the defaults; workspace Admins and server admins (no session) read it, others do not', async () => {
    expect((await api.get(policyUrl(), ada)).body).toMatchObject(DEFAULTS)
    const bySam = await api.get(policyUrl(), sam)
    expect(bySam.status).toBe(200)
    expect(bySam.body).toMatchObject({ ...DEFAULTS, adminCount: 1 })
    expect((await api.get(policyUrl(), ben)).body.data.code).toBe('WorkspaceAdminRequired')
    expect((await api.get(policyUrl(), gil)).status).toBe(404)
    expect((await api.get(policyUrl())).status).toBe(401)
  })

  it('is set by workspace Admins only: never by Members, nor lent by a support session', async () => {
    expect((await setPolicy({ requireReason: true }, ben)).body.data.code).toBe('WorkspaceAdminRequired')
    expect((await setPolicy({ requireReason: true }, sam)).body.data.code).toBe('WorkspaceAdminRequired')
    const session = (await request()).body
    expect((await approve(session.id, ada)).body.status).toBe('active')
    const lent = await setPolicy({ requireReason: false, maxSessionHours: 1000 }, sam)
    expect(lent.status).toBe(403)
    expect(lent.body.data.code).toBe('WorkspaceAdminRequired')
    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, ada)).status).toBe(200)
  })

  it.each([
    [{ approvalsRequired: 3 }],
    [{ approvalsRequired: '2' }],
    [{ maxSessionHours: 0 }],
    [{ maxSessionHours: 1.5 }],
    [{ maxSessionHours: 9000 }],
    [{ pendingTtlHours: null }],
    [{ pendingTtlHours: 0 }],
    [{ requireReason: 'yes' }],
    [{ somethingElse: true }],
  ])('refuses %j with ValidationFailed naming the field', async (body) => {
    const res = await setPolicy(body)
    expect(res.status).toBe(400)
    expect(res.body.data.code).toBe('ValidationFailed')
    expect(res.body.data.issues.length).toBeGreaterThan(0)
  })

  it('audits each change with the settings before and after', async () => {
    const res = await setPolicy({ pendingTtlHours: 48, maxSessionHours: 24 })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ ...DEFAULTS, pendingTtlHours: 48, maxSessionHours: 24 })
    const audit = await api.get('/api/workspaces/acme/audit', ada)
    const event = audit.body.items.find((e: { action: string }) => e.action === 'support.policy_changed')
    expect(event.data.changes).toEqual({ maxSessionHours: { from: null, to: 24 }, pendingTtlHours: { from: 72, to: 48 } })
    expect((await setPolicy(DEFAULTS)).body).toEqual(DEFAULTS)
  })
})

describe('requests keep the policy (SPEC 3.7 rows)', () => {
  it('requireReason: a request without a reason is refused with SupportReasonRequired', async () => {
    await setPolicy({ requireReason: true })
    for (const reason of [undefined, '', '   ', '.', 'x']) {
      const res = await request({ reason, expiresAt: inMinutes(60) })
      expect(res.status).toBe(400)
      expect(res.body.data.code).toBe('SupportReasonRequired')
    }
    expect((await request({ reason: 'Customer ticket 99', expiresAt: inMinutes(60) })).status).toBe(201)
    // Admins read the policy the request was checked against; the dialog shows the same.
    expect((await api.get('/api/admin/workspaces/acme', sam)).body.supportPolicy.requireReason).toBe(true)
    await setPolicy({ requireReason: false })
    expect((await request({ expiresAt: inMinutes(60) })).status).toBe(201)
  })

  it('maxSessionHours: no expiry, or one further ahead, is refused with SupportSessionTooLong', async () => {
    await setPolicy({ maxSessionHours: 8 })
    for (const expiresAt of [null, '', undefined, inMinutes(8 * 60 + 2), inMinutes(24 * 60)]) {
      const res = await request({ reason: 'x', expiresAt })
      expect(res.status).toBe(400)
      expect(res.body.data.code).toBe('SupportSessionTooLong')
    }
    expect((await request({ reason: 'x', expiresAt: inMinutes(8 * 60 - 1) })).status).toBe(201)
    await setPolicy({ maxSessionHours: null })
    expect((await request({ reason: 'x', expiresAt: null })).status).toBe(201)
  })

  it('approvalsRequired: 2 cannot be chosen with fewer than two Admins (SupportPolicyUnsatisfiable)', async () => {
    const res = await setPolicy({ approvalsRequired: 2 }, gil, 'globex')
    expect(res.status).toBe(400)
    expect(res.body.data.code).toBe('SupportPolicyUnsatisfiable')
    expect((await setPolicy({ approvalsRequired: 2 })).body.data.code).toBe('SupportPolicyUnsatisfiable')
  })
})

describe('lapsing requests (pendingTtlHours)', () => {
  it('a request past its lapse time is reported expired, cannot be approved, and its requester is emailed once', async () => {
    await setPolicy({ pendingTtlHours: 5 })
    const requested = (await request({ reason: 'Lapse me', expiresAt: null })).body
    const db = await openTestDb(server)
    const { lapses_at: lapsesAt, created_at: createdAt } = (await db.get<{ lapses_at: number, created_at: number }>('select lapses_at, created_at from support_sessions where id = ?', requested.id))!
    expect(lapsesAt - createdAt).toBe(5 * 3600_000)
    await db.run('update support_sessions set lapses_at = ? where id = ?', Date.now() - 1, requested.id)
    await db.close()
    const past = (await api.get('/api/workspaces/acme/support-sessions', ada)).body.past
    expect(past.find((s: { id: number }) => s.id === requested.id).status).toBe('expired')
    const refused = await approve(requested.id, ada)
    expect(refused.status).toBe(409)
    expect(refused.body.data.code).toBe('SupportSessionNotPending')
    const isLapse = (m: { to: string[], text: string }) => m.to.includes('admin@example.com') && /Support request for Acme expired/.test(m.text)
    await smtp.waitFor(isLapse)
    const audit = (await api.get('/api/workspaces/acme/audit', ada)).body.items
    expect(audit.find((e: { action: string, targetId: string }) => e.action === 'support.expired' && String(e.targetId) === String(requested.id)).data).toEqual({ lapsed: true, requester: 'Sam Admin' })
    // Several upkeep ticks later, still one email.
    await new Promise(r => setTimeout(r, 1_000))
    expect(smtp.messages.filter(isLapse)).toHaveLength(1)
    await setPolicy({ pendingTtlHours: 72 })
  })
})

describe('two approvals', () => {
  beforeAll(async () => {
    expect((await api.patch(`/api/workspaces/acme/members/${await memberId('Ben')}`, { role: 'admin' }, ada)).status).toBe(200)
    expect((await setPolicy({ approvalsRequired: 2 })).body.approvalsRequired).toBe(2)
  })

  it('stays pending after the first approval, refuses the same Admin twice, activates at the second', async () => {
    const requested = (await request()).body
    expect(requested).toMatchObject({ status: 'pending', approvalsRequired: 2, approvals: [] })
    const first = await approve(requested.id, ada)
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ status: 'pending', approvedBy: null, approvals: [{ by: { name: 'Ada' } }] })
    // Ben hears that a second approval is needed.
    await smtp.waitFor(m => m.to.includes('ben@acme.test') && /Second approval needed/.test(m.text))
    // Not yet: the server admin still cannot write.
    expect((await api.post(`/api/projects/${towerId}/comments`, { text: 'too early' }, sam)).body.data.code).toBe('SupportSessionRequired')
    const again = await approve(requested.id, ada)
    expect(again.status).toBe(409)
    expect(again.body.data.code).toBe('SupportSessionAlreadyApproved')
    const second = await approve(requested.id, ben)
    expect(second.body).toMatchObject({ status: 'active', approvedBy: { name: 'Ben' }, approvals: [{ by: { name: 'Ada' } }, { by: { name: 'Ben' } }] })
    expect((await api.post(`/api/projects/${towerId}/comments`, { text: 'now' }, sam)).status).toBe(201)
    const listed = (await api.get('/api/workspaces/acme/support-sessions', ada)).body.active.find((s: { id: number }) => s.id === requested.id)
    expect(listed.approvals.map((a: { by: { name: string } }) => a.by.name)).toEqual(['Ada', 'Ben'])
    expect((await api.post(`/api/workspaces/acme/support-sessions/${requested.id}/revoke`, {}, ada)).status).toBe(200)
  })

  it('a request keeps the terms it was made under when the policy changes', async () => {
    const underTwo = (await request()).body
    await setPolicy({ approvalsRequired: 1 })
    expect((await approve(underTwo.id, ada)).body.status).toBe('pending')
    expect((await approve(underTwo.id, ben)).body.status).toBe('active')
    expect((await api.post(`/api/workspaces/acme/support-sessions/${underTwo.id}/revoke`, {}, ada)).status).toBe(200)
    await setPolicy({ approvalsRequired: 2 })
  })

  it('a tightened policy reaches pending requests: the stricter terms apply, and what the policy now refuses cannot be approved', async () => {
    await setPolicy({ approvalsRequired: 1 })
    const noReason = (await request({ expiresAt: inMinutes(60) })).body
    const neverExpires = (await request({ reason: 'Ticket 8', expiresAt: null })).body
    const tooLong = (await request({ reason: 'Ticket 9', expiresAt: inMinutes(3 * 60) })).body
    const fine = (await request({ reason: 'Ticket 10', expiresAt: inMinutes(30) })).body
    expect(fine.approvalsRequired).toBe(1)
    await setPolicy({ approvalsRequired: 2, maxSessionHours: 1, requireReason: true })
    for (const [session, why] of [[noReason, /requires a reason/], [neverExpires, /choose an expiration/], [tooLong, /at most 1 hour/]] as const) {
      const refused = await approve(session.id, ada)
      expect(refused.status).toBe(409)
      expect(refused.body.data.code).toBe('SupportPolicyChanged')
      expect(refused.body.message).toMatch(why)
      expect(refused.body.message).toContain('must request access again')
    }
    // Asked under one approval, approved under two: Ada's alone leaves it pending, "1 of 2" on both sides.
    const first = await approve(fine.id, ada)
    expect(first.body).toMatchObject({ status: 'pending', approvalsRequired: 2, approvals: [{ by: { name: 'Ada' } }] })
    const asSam = (await api.get('/api/admin/workspaces/acme', sam)).body.supportSessions as { id: number }[]
    expect(asSam.find(s => s.id === fine.id)).toMatchObject({ status: 'pending', approvalsRequired: 2, approvals: [{ by: { name: 'Ada' } }] })
    expect((await approve(fine.id, ben)).body.status).toBe('active')
    for (const session of [noReason, neverExpires, tooLong, fine]) await api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, ada)
    await setPolicy({ approvalsRequired: 2, maxSessionHours: null, requireReason: false })
  })

  it('stays satisfiable: demoting or removing the second Admin, or deleting their account, is refused with 409 naming the policy', async () => {
    const benId = await memberId('Ben')
    const demoted = await api.patch(`/api/workspaces/acme/members/${benId}`, { role: 'member' }, ada)
    expect(demoted.status).toBe(409)
    expect(demoted.body.data).toMatchObject({ code: 'SupportPolicyUnsatisfiable', approvalsRequired: 2, adminsLeft: 1 })
    expect(demoted.body.message).toMatch(/support policy needs 2 approvals/)
    const removed = await api.call('DELETE', `/api/workspaces/acme/members/${benId}`, { as: ada })
    expect([removed.status, removed.body.data.code]).toEqual([409, 'SupportPolicyUnsatisfiable'])
    const deleted = await api.call('DELETE', `/api/admin/users/${benId}`, { as: sam })
    expect([deleted.status, deleted.body.data.code]).toEqual([409, 'SupportPolicyUnsatisfiable'])
    const ben = (await api.get('/api/workspaces/acme/members', ada)).body.find((m: { user: { id: number } }) => m.user.id === benId)
    expect(ben.role).toBe('admin')
    // The last Admin stays the last Admin's rule, whatever the policy.
    expect((await setPolicy({ approvalsRequired: 1 })).status).toBe(200)
    expect((await api.patch(`/api/workspaces/acme/members/${benId}`, { role: 'member' }, ada)).status).toBe(200)
    expect((await api.patch(`/api/workspaces/acme/members/${await memberId('Ada')}`, { role: 'member' }, ada)).body.data.code).toBe('WorkspaceLastAdmin')
    expect((await api.patch(`/api/workspaces/acme/members/${benId}`, { role: 'admin' }, ada)).status).toBe(200)
    expect((await setPolicy({ approvalsRequired: 2 })).status).toBe(200)
  })

  it('three Admins approving at once: exactly one activation, the third is refused (× 50)', async () => {
    expect((await api.patch(`/api/workspaces/acme/members/${await memberId('Cy')}`, { role: 'admin' }, ada)).status).toBe(200)
    for (let round = 0; round < 50; round++) {
      const { id } = (await request({ reason: `race ${round}`, expiresAt: inMinutes(60) })).body
      const answers = await Promise.all([approve(id, ada), approve(id, ben), approve(id, cy)])
      const statuses = answers.map(a => a.status).sort()
      expect(statuses).toEqual([200, 200, 409])
      expect(answers.filter(a => a.body.status === 'active')).toHaveLength(1)
      expect(answers.filter(a => a.body.status === 'pending')).toHaveLength(1)
      expect(answers.find(a => a.status === 409)!.body.data.code).toBe('SupportSessionNotPending')
      expect((await api.post(`/api/workspaces/acme/support-sessions/${id}/revoke`, {}, ada)).status).toBe(200)
    }
    const db = await openTestDb(server)
    const overApproved = await db.all(`select session_id from support_approvals group by session_id having count(*) > 2`)
    const activations = (await db.get<{ n: number }>(`select count(*) as n from audit_events a join support_sessions s on s.id = a.support_session_id
      where a.action = 'support.approved' and a.data like '%"approval":2%' and s.reason like 'race %'`))!
    const raced = (await db.get<{ n: number }>(`select count(*) as n from support_sessions where reason like 'race %'`))!
    await db.close()
    expect(overApproved).toEqual([])
    expect(activations.n).toBe(raced.n)
    expect((await api.patch(`/api/workspaces/acme/members/${await memberId('Cy')}`, { role: 'member', seat: 'viewer' }, ada)).status).toBe(200)
  }, 120_000)

  afterAll(async () => {
    await setPolicy({ approvalsRequired: 1 })
    await api.patch(`/api/workspaces/acme/members/${await memberId('Ben')}`, { role: 'member' }, ada)
  })
})
