import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openTestDb, type TestDb } from './helpers/db'
import { inMinutes } from './helpers/fixtures'
import { useTestServer } from './helpers/server'

/**
 * SPEC 3.7 approver controls: an Admin approves with an earlier expiry and a comment, never a later one;
 * the holder of an active session asks for more time and the workspace's Admins approve or decline it.
 */
const t = useTestServer({ env: { NUXT_RATE_LIMIT_FACTOR: '100' } })
let db: TestDb
type As = { token: string }
let sam: As, ada: As, ben: As, cy: As
beforeAll(async () => {
  db = await openTestDb(t.server)
  const token = async (email: string) => t.api.token(await t.api.login(email))
  ;[sam, ada, ben, cy] = [await token('admin@example.com'), await token('ada@acme.test'), await token('ben@acme.test'), await token('cy@acme.test')]
})
afterAll(() => db?.close())

const base = '/api/workspaces/acme/support-sessions'
const request = (expiresAt: string | null = inMinutes(120), reason = 'Ticket 4711: sync fails') =>
  t.api.post('/api/admin/workspaces/acme/support-sessions', { reason, expiresAt }, sam)
const approve = (id: number, body: object = {}, as: As = ada) => t.api.post(`${base}/${id}/approve`, body, as)
const extend = (id: number, body: object, as: As = sam) => t.api.post(`/api/admin/workspaces/acme/support-sessions/${id}/extensions`, body, as)
const decide = (id: number, extensionId: number, decision: 'approve' | 'decline', as: As = ada) => t.api.post(`${base}/${id}/extensions/${extensionId}/${decision}`, {}, as)
const endAll = async () => {
  const { pending, active } = (await t.api.get(base, ada)).body
  for (const s of [...pending, ...active]) await t.api.post(`${base}/${s.id}/revoke`, {}, ada)
}
beforeEach(endAll)

describe('approving with an earlier expiry and a comment', () => {
  it('shortens the asked expiry, keeps the comment for the requester and records both', async () => {
    const session = (await request(inMinutes(240))).body
    const earlier = inMinutes(60)
    const approved = await approve(session.id, { expiresAt: earlier, comment: 'One hour is enough for the sync bug.' })
    expect(approved.status).toBe(200)
    expect(approved.body.status).toBe('active')
    expect(new Date(approved.body.expiresAt).getTime()).toBe(new Date(earlier).getTime())
    expect(approved.body.approvals[0]).toMatchObject({ by: { name: 'Ada' }, comment: 'One hour is enough for the sync bug.' })
    // The requester reads it too, on their own list.
    const mine = (await t.api.get('/api/me', sam)).body.supportSessions.find((s: { id: number }) => s.id === session.id)
    expect(mine.approvals[0].comment).toBe('One hour is enough for the sync bug.')
    const event = await db.get<{ data: string }>(`select data from audit_events where action = 'support.approved' and support_session_id = ?`, session.id)
    expect(JSON.parse(event!.data)).toMatchObject({ comment: 'One hour is enough for the sync bug.', expiresAt: { from: expect.any(String), to: expect.any(String) } })
  })

  it('sets an expiry where none was asked', async () => {
    const session = (await request(null)).body
    const approved = await approve(session.id, { expiresAt: inMinutes(30) })
    expect(approved.status).toBe(200)
    expect(approved.body.expiresAt).not.toBeNull()
  })

  it('never lengthens it, never too soon, never a comment over 500 characters: nothing changes', async () => {
    const session = (await request(inMinutes(60))).body
    const later = await approve(session.id, { expiresAt: inMinutes(120) })
    expect([later.status, later.body.data.code]).toEqual([400, 'SupportSessionExpiryLonger'])
    expect((await approve(session.id, { expiresAt: inMinutes(2) })).body.data.code).toBe('SupportSessionExpiryTooSoon')
    expect((await approve(session.id, { comment: 'x'.repeat(501) })).body.data.code).toBe('ValidationFailed')
    expect((await approve(session.id, { expiresAt: '2030-01-01T10:00' })).body.data.code).toBe('ValidationFailed')
    const still = (await t.api.get(base, ada)).body.pending.find((s: { id: number }) => s.id === session.id)
    expect(still).toMatchObject({ status: 'pending', expiresAt: session.expiresAt, approvals: [] })
  })
})

describe('asking for more time', () => {
  async function activeSession(minutes = 30) {
    const session = (await request(inMinutes(minutes))).body
    expect((await approve(session.id)).status).toBe(200)
    return session
  }

  it('is approved by a workspace Admin: the same session ends later, with its history', async () => {
    const session = await activeSession()
    const until = inMinutes(90)
    const asked = await extend(session.id, { expiresAt: until, reason: 'The fix needs a second deploy' })
    expect(asked.status).toBe(201)
    expect(asked.body.extensions).toEqual([expect.objectContaining({ status: 'pending', reason: 'The fix needs a second deploy', decidedBy: null })])
    expect(asked.body.expiresAt).toBe(session.expiresAt)
    const again = await extend(session.id, { expiresAt: inMinutes(100) })
    expect([again.status, again.body.data.code]).toEqual([409, 'SupportExtensionPending'])

    const approved = await decide(session.id, asked.body.extensions[0].id, 'approve')
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ id: session.id, status: 'active' })
    expect(new Date(approved.body.expiresAt).getTime()).toBe(new Date(until).getTime())
    expect(approved.body.extensions[0]).toMatchObject({ status: 'approved', decidedBy: { name: 'Ada' } })
    // The holder hears of it by email; the Admins heard of the request.
    const mail = await db.all<{ to: string, subject: string }>('select "to", subject from email_outbox order by id desc limit 10')
    expect(mail).toContainEqual({ to: 'admin@example.com', subject: 'More time for Acme approved' })
    expect(mail).toContainEqual({ to: 'ada@acme.test', subject: 'More time requested: support access to Acme' })
    expect((await decide(session.id, asked.body.extensions[0].id, 'decline')).body.data.code).toBe('SupportExtensionNotPending')
    const actions = (await db.all<{ action: string }>('select action from audit_events where support_session_id = ? order by id', session.id)).map(e => e.action)
    expect(actions).toEqual(['support.requested', 'support.approved', 'support.extension_requested', 'support.extension_approved'])
    // The session made no changes: asking for time is part of its lifecycle, not a change.
    expect((await t.api.get(base, ada)).body.active.find((s: { id: number }) => s.id === session.id).changes).toBe(0)
  })

  it('is declined: the session keeps its end', async () => {
    const session = await activeSession()
    const asked = await extend(session.id, { expiresAt: inMinutes(90) })
    const declined = await decide(session.id, asked.body.extensions[0].id, 'decline')
    expect(declined.status).toBe(200)
    expect(declined.body.expiresAt).toBe(session.expiresAt)
    expect(declined.body.extensions[0]).toMatchObject({ status: 'declined', decidedBy: { name: 'Ada' } })
  })

  it('is refused when it is not more time, breaks the policy, is not the holder\'s, or the session is not active', async () => {
    const session = await activeSession()
    expect((await extend(session.id, { expiresAt: inMinutes(10) })).body.data.code).toBe('SupportExtensionNotLater')
    expect((await extend(session.id, {})).body.data.code).toBe('ValidationFailed')
    expect((await extend(session.id, { expiresAt: inMinutes(90) }, ada)).status).toBe(403)
    expect((await t.api.patch('/api/workspaces/acme/support-policy', { maxSessionHours: 1 }, ada)).status).toBe(200)
    try {
      expect((await extend(session.id, { expiresAt: inMinutes(180) })).body.data.code).toBe('SupportSessionTooLong')
    }
    finally {
      await t.api.patch('/api/workspaces/acme/support-policy', { maxSessionHours: null }, ada)
    }
    const pending = (await request()).body
    expect((await extend(pending.id, { expiresAt: inMinutes(300) })).body.data.code).toBe('SupportSessionNotOpen')
  })

  it('is decided only by the workspace\'s Admins: not the holder, not a Member', async () => {
    const session = await activeSession()
    const asked = await extend(session.id, { expiresAt: inMinutes(90) })
    const id = asked.body.extensions[0].id
    expect((await decide(session.id, id, 'approve', sam)).body.data.code).toBe('SupportSessionSelfApproval')
    expect((await decide(session.id, id, 'approve', ben)).status).toBe(403)
    expect((await decide(session.id, id, 'approve', cy)).status).toBe(403)
    expect((await decide(session.id, 9_999_999, 'approve')).body.data.code).toBe('SupportExtensionNotFound')
  })

  it('ends undecided with its session: a revoked session\'s request reads expired and cannot be approved', async () => {
    const session = await activeSession()
    const asked = await extend(session.id, { expiresAt: inMinutes(90) })
    await t.api.post(`${base}/${session.id}/revoke`, {}, ada)
    expect((await decide(session.id, asked.body.extensions[0].id, 'approve')).body.data.code).toBe('SupportExtensionNotPending')
    const past = (await t.api.get(base, ada)).body.past.find((s: { id: number }) => s.id === session.id)
    expect(past.extensions[0].status).toBe('expired')
  })
})
