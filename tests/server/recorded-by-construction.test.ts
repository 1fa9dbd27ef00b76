import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEventStream, supportEvent } from './helpers/event-stream'
import { demoIds, inMinutes } from './helpers/fixtures'
import { startReceiver, type TestReceiver } from './helpers/receiver'
import { startAnotherInstance, useTestServer } from './helpers/server'

/** Issue 19's reproductions: a change without its record, and a lent right never attributed to its session. */
const t = useTestServer({ env: { NUXT_WEBHOOKS_ALLOW_PRIVATE: 'true' } })
let receiver: TestReceiver
beforeAll(async () => {
  receiver = await startReceiver()
})
afterAll(() => receiver.close())

interface AuditItem { action: string, supportSessionId: number | null, data: Record<string, unknown>, targetId: string | null }
const approvedSession = async (as: { cookie: string }, approver: { cookie: string }) => {
  const session = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'Attribution check', expiresAt: inMinutes(60) }, as)).body
  expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, approver)).status).toBe(200)
  return session.id as number
}

describe('a lent right is attributed to the session that lent it', () => {
  it('a Member who owns a project adds an outsider only through the session, recorded as the session\'s change; with support mode off the session lends nothing', async () => {
    const [ada, ben, sam] = [await t.api.login('ada@acme.test'), await t.api.login('ben@acme.test'), await t.api.login('admin@example.com')]
    // Sam joins Acme as an ordinary Member with an Editor seat, and creates a project he owns.
    const invite = await t.api.post('/api/workspaces/acme/invites', { email: 'admin@example.com', role: 'member', seat: 'editor' }, ada)
    expect(invite.status).toBe(201)
    expect((await t.api.post(`/api/invites/${invite.body.id}/accept`, {}, sam)).status).toBe(200)
    const project = (await t.api.post('/api/workspaces/acme/projects', { name: 'Sam\'s notes', visibility: 'workspace' }, sam)).body
    expect(project.id).toBeTypeOf('number')

    // A plain Member who owns a project cannot bring outsiders in.
    const { tower } = await demoIds(t.api, ada)
    expect((await t.api.post(`/api/projects/${tower}/collaborators`, { email: 'gil@globex.test', role: 'viewer' }, ben)).body.data.code).toBe('WorkspaceInviteAdminOnly')
    // Neither can Sam without a session.
    expect((await t.api.post(`/api/projects/${project.id}/collaborators`, { email: 'gil@globex.test', role: 'viewer' }, sam)).body.data.code).toBe('SupportSessionRequired')

    const sessionId = await approvedSession(sam, ada)
    const added = await t.api.post(`/api/projects/${project.id}/collaborators`, { email: 'gil@globex.test', role: 'viewer' }, sam)
    expect(added.status).toBe(201)
    expect(added.body.addedAsGuest).toBe(true)
    const changes = (await t.api.get(`/api/workspaces/acme/audit?supportSession=${sessionId}`, ada)).body.items as AuditItem[]
    expect(changes.map(e => [e.action, e.supportSessionId])).toContainEqual(['collaborator.set', sessionId])

    // The same database with support mode off: the session is no fact, so the right is not lent.
    const off = await startAnotherInstance(t.server, { NUXT_SUPPORT_MODE: 'false' })
    try {
      const offApi = (await import('./helpers/client')).apiClient(off.url)
      const samOff = await offApi.login('admin@example.com')
      const refused = await offApi.post(`/api/projects/${project.id}/collaborators`, { email: 'ops@example.com', role: 'viewer' }, samOff)
      expect(refused.status).toBe(403)
      expect(refused.body.data.code).toBe('WorkspaceInviteAdminOnly')
      // Sam's own right as the project's Owner still holds: he adds a workspace member.
      expect((await offApi.post(`/api/projects/${project.id}/collaborators`, { email: 'cy@acme.test', role: 'viewer' }, samOff)).status).toBe(201)
      const cyEvent = ((await t.api.get('/api/workspaces/acme/audit', ada)).body.items as AuditItem[]).find(e => e.action === 'collaborator.set' && (e.data.user as { name: string }).name === 'Cy')
      expect(cyEvent?.supportSessionId).toBeNull()
    }
    finally {
      await off.stop()
    }
  })
})

describe('deleting a user records the end of their support sessions', () => {
  it('an active session and a pending request end as revocations: audit events, live events, webhook and the ended email', async () => {
    const [ada, sam, olive] = [await t.api.login('ada@acme.test'), await t.api.login('admin@example.com'), await t.api.login('ops@example.com')]
    expect((await t.api.post('/api/workspaces/acme/webhooks', { url: receiver.url, events: ['support.revoked'] }, ada)).status).toBe(201)
    const sessionId = await approvedSession(olive, ada)
    const { tower } = await demoIds(t.api, ada)
    expect((await t.api.post(`/api/projects/${tower}/comments`, { text: 'made by Olive in support' }, olive)).status).toBe(201)
    const pending = (await t.api.post('/api/admin/workspaces/globex/support-sessions', { reason: 'later', expiresAt: inMinutes(60) }, olive)).body
    const stream = await openEventStream(t.server.url, ada)
    try {
      await stream.waitFor(e => e.event === 'ready')
      const me = (await t.api.get('/api/me', olive)).body
      expect((await t.api.del(`/api/admin/users/${me.user.id}`, sam)).status).toBe(204)

      await stream.waitFor(supportEvent('acme', 'revoked'))
      const acmeEvents = (await t.api.get('/api/workspaces/acme/audit', ada)).body.items as AuditItem[]
      expect(acmeEvents.find(e => e.action === 'support.revoked' && e.supportSessionId === sessionId)?.data).toMatchObject({ byRequester: false, accountDeleted: true })
      const gil = await t.api.login('gil@globex.test')
      const globexEvents = (await t.api.get('/api/workspaces/globex/audit', gil)).body.items as AuditItem[]
      expect(globexEvents.find(e => e.action === 'support.revoked' && e.supportSessionId === pending.id)).toBeTruthy()

      const hook = await receiver.waitFor(r => r.json?.type === 'support.revoked')
      expect(hook.json.workspace.slug).toBe('acme')
      const mail = (await t.api.get('/api/admin/emails', sam)).body.items.find((m: { to: string, subject: string }) => m.to === 'ada@acme.test' && m.subject === 'Support session ended: Acme')
      expect(mail?.text).toContain('made by Olive in support')
      const sessions = (await t.api.get('/api/workspaces/acme/support-sessions', ada)).body
      expect(sessions.past.find((s: { id: number }) => s.id === sessionId)).toMatchObject({ status: 'revoked', revokedBy: { name: 'Sam Admin' } })
      expect((await t.api.get('/api/admin/audit/verify', sam)).body).toMatchObject({ ok: true })
    }
    finally {
      stream.close()
    }
  })
})
