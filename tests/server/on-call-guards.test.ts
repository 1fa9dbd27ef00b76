import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, type TestDb } from './helpers/db'
import { PERSONA_EMAILS } from './helpers/personas'
import { useTestServer } from './helpers/server'

/**
 * Issue 34's guards, over HTTP on both stores:
 * - SPEC 3.7: a server admin never changes a support policy, even as one of the workspace's Admins,
 *   by cookie or token, with a session or without (403 SupportPolicyServerAdmin); nor through the
 *   workspace's settings. Ada still can.
 * - SPEC 3.13 with 3.7: automatic approval and two approvals exclude each other (400 SupportPolicyConflict),
 *   and a stored policy that has both approves nothing by itself.
 * - SPEC 3.13 with 3.12: emergency access still needs the ticket a workspace requires (400 SupportTicketRequired).
 * - SPEC 3.12: a ticket of invisible characters only (U+200B, U+00A0, …) is no ticket, for a request and an
 *   emergency alike (400 SupportTicketRequired).
 */
const t = useTestServer({ personas: ['sam', 'olive', 'ada', 'ben'] })

const sessions = '/api/admin/workspaces/acme/support-sessions'
const policyUrl = '/api/workspaces/acme/support-policy'
const REASON = 'Production outage: the Tower project fails to load for every member'
let db: TestDb
let samCookie: { cookie: string }
let workspaceId: number

beforeAll(async () => {
  db = await openTestDb(t.server)
  const { ada } = t.as
  workspaceId = (await db.get<{ id: number }>(`select id from workspaces where slug = 'acme'`))!.id
  const sam = (await db.get<{ id: number }>('select user_id as id from user_emails where email = ?', PERSONA_EMAILS.sam))!.id
  // Sam, a server admin, is also an Admin of Acme (a membership HTTP cannot give a server admin in one step).
  await db.run(`insert into workspace_members (workspace_id, user_id, role, seat) values (?, ?, 'admin', 'editor')`, workspaceId, sam)
  samCookie = await t.api.login(PERSONA_EMAILS.sam)
  const benId = (await t.api.get('/api/workspaces/acme/members', ada)).body.find((m: { user: { name: string } }) => m.user.name === 'Ben').user.id
  expect((await t.api.patch(`/api/workspaces/acme/members/${benId}`, { role: 'admin' }, ada)).status).toBe(200)
})
afterAll(async () => db?.close())

const readPolicy = async () => (await t.api.get(policyUrl, t.as.ada)).body

describe('a server admin never changes the support policy (SPEC 3.7)', () => {
  const loosen = { emergencyAccess: true, autoApproveReadHours: 24, requireReason: false }
  /** Sam, a server admin and an Admin of Acme, by token and by cookie: refused, and the policy unchanged. */
  async function expectSamRefused() {
    const before = await readPolicy()
    for (const as of [t.as.sam, samCookie]) {
      const res = await t.api.patch(policyUrl, loosen, as)
      expect(res.status).toBe(403)
      expect(res.body.data.code).toBe('SupportPolicyServerAdmin')
    }
    expect(await readPolicy()).toEqual(before)
  }

  it('refuses a server admin who is also a workspace Admin, by token and by cookie, without a session', async () => {
    await expectSamRefused()
  })

  it('shows the refusal in the permissions the policy form reads; the same Admin still manages sessions', async () => {
    const permissions = (await t.api.get('/api/workspaces/acme', t.as.sam)).body.permissions
    expect(permissions.canChangeSupportPolicy).toMatchObject({ authorized: false, code: 'SupportPolicyServerAdmin' })
    expect(permissions.canChangeSupportPolicy.message).toMatch(/server admins never change/i)
    expect(permissions.canManageSupport).toEqual({ authorized: true })
    expect((await t.api.get('/api/workspaces/acme', t.as.ada)).body.permissions.canChangeSupportPolicy).toEqual({ authorized: true })
  })

  it('refuses them with an active support session too, by token and by cookie', async () => {
    const asked = await t.api.post(sessions, { reason: REASON, durationMinutes: 60 }, t.as.sam)
    expect(asked.status).toBe(201)
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${asked.body.id}/approve`, {}, t.as.ada)).status).toBe(200)
    await expectSamRefused()
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${asked.body.id}/revoke`, {}, t.as.ada)).status).toBe(200)
  })

  it('refuses a server admin who is no member as before (WorkspaceAdminRequired)', async () => {
    const res = await t.api.patch(policyUrl, loosen, t.as.olive)
    expect(res.status).toBe(403)
    expect(res.body.data.code).toBe('WorkspaceAdminRequired')
  })

  it('changes nothing of the policy through the workspace settings route', async () => {
    const before = await readPolicy()
    const res = await t.api.patch('/api/workspaces/acme', { description: 'On call', ...loosen, approvalsRequired: 2 }, t.as.sam)
    expect(res.status).toBeLessThan(500)
    expect(await readPolicy()).toEqual(before)
  })

  it('lets Ada, an Admin who is no server admin, change it', async () => {
    const res = await t.api.patch(policyUrl, { remindAfterMinutes: 45 }, t.as.ada)
    expect(res.status).toBe(200)
    expect(res.body.remindAfterMinutes).toBe(45)
  })
})

describe('automatic approval and two approvals exclude each other (SPEC 3.13)', () => {
  it('refuses a policy asking for both, in one change or in two (400 SupportPolicyConflict)', async () => {
    const both = await t.api.patch(policyUrl, { approvalsRequired: 2, autoApproveReadHours: 1 }, t.as.ada)
    expect(both.status).toBe(400)
    expect(both.body.data.code).toBe('SupportPolicyConflict')
    expect(both.body.data.issues[0].path).toBe('autoApproveReadHours')
    expect((await t.api.patch(policyUrl, { autoApproveReadHours: 1 }, t.as.ada)).status).toBe(200)
    const second = await t.api.patch(policyUrl, { approvalsRequired: 2 }, t.as.ada)
    expect(second.status).toBe(400)
    expect(second.body.data.code).toBe('SupportPolicyConflict')
    expect(await readPolicy()).toMatchObject({ approvalsRequired: 1, autoApproveReadHours: 1 })
  })

  it('with 1 approval, a 30-minute read-only request is active at once', async () => {
    const res = await t.api.post(sessions, { reason: REASON, durationMinutes: 30, scope: { access: 'read', projects: 'all' } }, t.as.olive)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ status: 'active', approvals: [{ by: null, auto: true }] })
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${res.body.id}/revoke`, {}, t.as.ada)).status).toBe(200)
  })

  it('a scheduled session the policy approved ends unstarted when the policy stops approving it before its start', async () => {
    const startsAt = new Date(Date.now() + 3_000).toISOString()
    const res = await t.api.post(sessions, { reason: REASON, durationMinutes: 30, startsAt, scope: { access: 'read', projects: 'all' } }, t.as.olive)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ status: 'scheduled', approvals: [{ by: null, auto: true }] })
    expect((await t.api.patch(policyUrl, { autoApproveReadHours: null }, t.as.ada)).status).toBe(200)
    // Waits for the upkeep loop's start (within 5 s of startsAt), never for a fixed time.
    const status = async () => (await db.get<{ status: string }>('select status from support_sessions where id = ?', res.body.id))!.status
    const deadline = Date.now() + 20_000
    while (await status() === 'scheduled' && Date.now() < deadline) await new Promise(r => setTimeout(r, 100))
    expect(await status()).toBe('expired')
    const audit = (await t.api.get('/api/workspaces/acme/audit?pageSize=20', t.as.ada)).body.items as { action: string, targetId: string, data: Record<string, unknown> }[]
    expect(audit.find(e => e.action === 'support.expired' && String(e.targetId) === String(res.body.id))?.data).toMatchObject({ policyWithdrew: true })
    expect(audit.some(e => e.action === 'support.started' && String(e.targetId) === String(res.body.id))).toBe(false)
    expect((await t.api.patch(policyUrl, { autoApproveReadHours: 1 }, t.as.ada)).status).toBe(200)
  }, 40_000)

  it('a stored policy with both approves nothing by itself: the request waits for two Admins', async () => {
    await db.run('update workspaces set support_approvals_required = 2, support_auto_approve_read_hours = 1 where id = ?', workspaceId)
    const res = await t.api.post(sessions, { reason: REASON, durationMinutes: 30, scope: { access: 'read', projects: 'all' } }, t.as.olive)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ status: 'pending', approvals: [], approvalsRequired: 2 })
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${res.body.id}/revoke`, {}, t.as.ada)).status).toBe(200)
    // The form saves the whole policy: it is refused until the contradiction goes.
    expect((await t.api.patch(policyUrl, { requireReason: false }, t.as.ada)).body.data.code).toBe('SupportPolicyConflict')
    expect((await t.api.patch(policyUrl, { autoApproveReadHours: null }, t.as.ada)).status).toBe(200)
    expect((await t.api.patch(policyUrl, { approvalsRequired: 1 }, t.as.ada)).status).toBe(200)
  })
})

/** Tickets a reader sees nothing of: format (Cf), space (Zs) and control (Cc) characters only. */
const INVISIBLE_TICKETS = ['\u200b', ' \u00a0 ', '\u200c\u200d', '\u2060', '\ufeff', '\t\u0007']

describe('emergency access keeps the ticket a workspace requires (SPEC 3.13, 3.12)', () => {
  it('a request, or more time, with a ticket of invisible characters only has none (400 SupportTicketRequired)', async () => {
    expect((await t.api.patch(policyUrl, { requireTicket: true, autoApproveReadHours: null }, t.as.ada)).status).toBe(200)
    for (const ticket of INVISIBLE_TICKETS) {
      const refused = await t.api.post(sessions, { reason: REASON, durationMinutes: 30, ticket }, t.as.sam)
      expect([refused.status, refused.body.data?.code, refused.body.data?.issues?.[0]?.path], JSON.stringify(ticket)).toEqual([400, 'SupportTicketRequired', 'ticket'])
    }
    const asked = await t.api.post(sessions, { reason: REASON, durationMinutes: 30, ticket: ' INC-7\u200b ' }, t.as.sam)
    expect(asked.status).toBe(201)
    expect(asked.body.ticket).toBe('INC-7')
    // More time keeps its session's ticket (SPEC 3.12) and names none of its own: a ticket there is refused.
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${asked.body.id}/approve`, {}, t.as.ada)).status).toBe(200)
    const more = await t.api.post(`${sessions}/${asked.body.id}/extensions`, { expiresAt: new Date(Date.now() + 2 * 3600_000).toISOString(), reason: REASON, ticket: '\u200b' }, t.as.sam)
    expect([more.status, more.body.data?.code]).toEqual([400, 'ValidationFailed'])
    // A ticket stored before this guard is judged again by the approval: no ticket, so the policy refuses it.
    const pending = await t.api.post(sessions, { reason: REASON, durationMinutes: 30, ticket: 'INC-8' }, t.as.sam)
    await db.run('update support_sessions set ticket = ? where id = ?', '\u200b', pending.body.id)
    const approved = await t.api.post(`/api/workspaces/acme/support-sessions/${pending.body.id}/approve`, {}, t.as.ada)
    expect([approved.status, approved.body.data?.code]).toEqual([409, 'SupportPolicyChanged'])
    for (const id of [asked.body.id, pending.body.id]) expect((await t.api.post(`/api/workspaces/acme/support-sessions/${id}/revoke`, {}, t.as.ada)).status).toBe(200)
  })

  it('refuses an emergency without a ticket (400 SupportTicketRequired) and starts one with it', async () => {
    expect((await t.api.patch(policyUrl, { emergencyAccess: true, requireTicket: true }, t.as.ada)).status).toBe(200)
    const count = async () => (await db.get<{ n: number }>('select count(*) as n from support_sessions where emergency = ? and workspace_id = ?', db.store === 'postgres' ? true : 1, workspaceId))!.n
    // No ticket, or one of invisible characters only (`.trim()` keeps U+200B, U+200C, U+200D, U+2060, U+FEFF).
    for (const ticket of [undefined, ...INVISIBLE_TICKETS]) {
      const refused = await t.api.post(sessions, { emergency: true, reason: REASON, durationMinutes: 30, ticket }, t.as.olive)
      expect([refused.status, refused.body.data?.code, refused.body.data?.issues?.[0]?.path], JSON.stringify(ticket)).toEqual([400, 'SupportTicketRequired', 'ticket'])
    }
    expect(await count()).toBe(0)
    // The refusal did not use up the day's one emergency.
    const started = await t.api.post(sessions, { emergency: true, reason: REASON, durationMinutes: 30, ticket: 'INC-4242' }, t.as.olive)
    expect(started.status).toBe(201)
    expect(started.body).toMatchObject({ status: 'active', emergency: true, ticket: 'INC-4242' })
  })
})
