import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient, SignedIn } from './helpers/client'
import { appendEventFromOutside } from './helpers/audit-append'
import { openTestDb } from './helpers/db'
import { demoIds, inMinutes } from './helpers/fixtures'
import { useTestServer, type TestServer } from './helpers/server'
import { startSmtp, type TestSmtp } from './helpers/smtp'

let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startSmtp()
})
afterAll(() => smtp?.close())

const t = useTestServer({ env: () => ({ NUXT_SMTP_URL: smtp.url, NUXT_UPKEEP_INTERVAL_MS: '200' }), personas: ['sam', 'ada'], credentials: 'cookie' })
let server: TestServer
let api: ApiClient
let sam: SignedIn
let ada: SignedIn
let ids: { tower: number }
let cy: number

beforeAll(async () => {
  ({ server, api, as: { sam, ada } } = t)
  ids = await demoIds(api, ada)
  cy = (await api.get('/api/workspaces/acme/members', ada)).body.find((m: { user: { name: string } }) => m.user.name === 'Cy').user.id
})

async function activeSession(reason: string) {
  const session = (await api.post('/api/admin/workspaces/acme/support-sessions', { reason, expiresAt: inMinutes(60) }, sam)).body
  expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)).status).toBe(200)
  return session.id as number
}

/** The raw message, quoted-printable decoded (soft line breaks and =XX bytes, as UTF-8). */
const body = (text: string) => Buffer.from(text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))), 'latin1').toString('utf8')

describe('what a support session changed', () => {
  it('is recorded with before and after, counted on the Support page, listed in words, and mailed to everyone when the session ends', async () => {
    const id = await activeSession('Rename and reseat')
    expect((await api.patch(`/api/projects/${ids.tower}`, { name: 'Tower B' }, sam)).status).toBe(200)
    expect((await api.patch(`/api/workspaces/acme/members/${cy}`, { seat: 'editor' }, sam)).status).toBe(200)

    const changes = (await api.get(`/api/workspaces/acme/audit?supportSession=${id}`, ada)).body
    expect(changes.total).toBe(2)
    const [reseat, rename] = changes.items
    expect(rename).toMatchObject({ action: 'project.updated', targetType: 'project', targetId: String(ids.tower), data: { name: 'Tower', changes: { name: { from: 'Tower', to: 'Tower B' } } } })
    expect(reseat).toMatchObject({ action: 'member.updated', targetType: 'user', targetId: String(cy), data: { name: 'Cy', changes: { seat: { from: 'viewer', to: 'editor' } } } })
    expect(JSON.stringify(changes)).not.toMatch(/password|token_hash|\$argon|\$scrypt/i)

    const active = (await api.get('/api/workspaces/acme/support-sessions', ada)).body.active
    expect(active.find((s: { id: number }) => s.id === id).changes).toBe(2)

    expect((await api.post(`/api/workspaces/acme/support-sessions/${id}/revoke`, {}, ada)).status).toBe(200)
    for (const to of ['ada@acme.test', 'admin@example.com']) {
      const mail = await smtp.waitFor(m => m.to.includes(to) && /Subject: Support session ended: Acme/.test(m.text))
      const text = body(mail.text)
      expect(text).toContain('Ada revoked the support session of Sam Admin (server admin) in Acme.')
      expect(text).toContain('It made 2 changes:')
      expect(text).toContain('- Sam Admin renamed project Tower to Tower B')
      expect(text).toContain('- Sam Admin changed Cy’s seat from Viewer to Editor')
    }
    const past = (await api.get('/api/workspaces/acme/support-sessions', ada)).body.past
    expect(past.find((s: { id: number }) => s.id === id).changes).toBe(2)
    await api.patch(`/api/projects/${ids.tower}`, { name: 'Tower' }, ada)
    await api.patch(`/api/workspaces/acme/members/${cy}`, { seat: 'viewer' }, ada)
  })

  it('lists at most 50 changes in the email and points to the rest', async () => {
    const id = await activeSession('Many comments')
    for (let i = 0; i < 53; i++) expect((await api.post(`/api/projects/${ids.tower}/comments`, { text: `note ${i}` }, sam)).status).toBe(201)
    expect((await api.post(`/api/workspaces/acme/support-sessions/${id}/revoke`, {}, sam)).status).toBe(200)
    const mail = await smtp.waitFor(m => m.to.includes('ada@acme.test') && /ended their support session/.test(body(m.text)) && /53 changes/.test(body(m.text)))
    const text = body(mail.text)
    expect(text).toContain('It made 53 changes; the first 50 are listed here, all of them on the Support page:')
    expect(text.match(/^- Sam Admin commented on Tower/gm)).toHaveLength(50)
    expect(text).toMatch(/See all changes: http:\/\/127\.0\.0\.1:\d+\/settings\/workspaces\/acme\/support/)
  })

  it('sends the ended email once when a session expires', async () => {
    const id = await activeSession('Expiring')
    expect((await api.post(`/api/projects/${ids.tower}/comments`, { text: 'before expiry' }, sam)).status).toBe(201)
    const db = await openTestDb(server)
    await db.run('update support_sessions set expires_at = ? where id = ?', Date.now() - 1, id)
    await db.close()
    const isEnded = (m: { to: string[], text: string }) => m.to.includes('ada@acme.test') && /Sam Admin \(server admin\) in Acme expired/.test(body(m.text))
    const mail = await smtp.waitFor(isEnded)
    expect(body(mail.text)).toContain('- Sam Admin commented on Tower: “before expiry”')
    // Several upkeep ticks later, still one.
    await new Promise(r => setTimeout(r, 1_000))
    expect(smtp.messages.filter(isEnded)).toHaveLength(1)
  })

  it('counts each session\'s own changes, read between its request and its end, and a session recorded without a request too', async () => {
    // Issue 19: a session's changes are read in its range of the workspace's events (no index per change).
    const first = await activeSession('First')
    for (const text of ['one', 'two']) expect((await api.post(`/api/projects/${ids.tower}/comments`, { text }, sam)).status).toBe(201)
    expect((await api.post(`/api/workspaces/acme/support-sessions/${first}/revoke`, {}, ada)).status).toBe(200)
    // Ada's own change in between belongs to no session.
    expect((await api.post(`/api/projects/${ids.tower}/comments`, { text: 'by Ada' }, ada)).status).toBe(201)
    const second = await activeSession('Second')
    for (const text of ['three', 'four', 'five']) expect((await api.post(`/api/projects/${ids.tower}/comments`, { text }, sam)).status).toBe(201)
    // A session row made without its request event (as imported data may be): its changes are still found.
    const db = await openTestDb(server)
    const made = await db.get<{ id: number }>(`insert into support_sessions (workspace_id, requested_by, reason, status, created_at, approved_by, approved_at, expires_at)
      select workspace_id, requested_by, 'by hand', 'expired', created_at, approved_by, approved_at, ? from support_sessions where id = ? returning id`, Date.now() - 1, second)
    const copied = (await db.get<{ workspace_id: number, actor_id: number, action: string, target_type: string, target_id: string, data: string, created_at: number }>(`select workspace_id, actor_id, action, target_type, target_id, data, created_at
      from audit_events where support_session_id = ? and action = 'comment.created' order by id desc limit 1`, second))!
    await db.close()
    // Its one change, appended to the chain as the store appends (the chain and its tree stay whole).
    await appendEventFromOutside(server, { workspaceId: copied.workspace_id, actorId: copied.actor_id, supportSessionId: made!.id, action: copied.action, targetType: copied.target_type, targetId: copied.target_id, data: copied.data, createdAt: Number(copied.created_at) })

    const sessions = (await api.get('/api/workspaces/acme/support-sessions', ada)).body
    const changesOf = (id: number) => [...sessions.active, ...sessions.past].find((s: { id: number }) => s.id === id).changes
    expect([changesOf(first), changesOf(second), changesOf(made!.id)]).toEqual([2, 3, 1])
    const listed = async (id: number) => (await api.get(`/api/workspaces/acme/audit?supportSession=${id}`, ada)).body
    expect((await listed(first)).items.map((e: { data: { text: string } }) => e.data.text)).toEqual(['two', 'one'])
    expect((await listed(second)).total).toBe(3)
    expect((await listed(made!.id)).total).toBe(1)
    expect((await api.post(`/api/workspaces/acme/support-sessions/${second}/revoke`, {}, ada)).status).toBe(200)
    const mail = await smtp.waitFor(m => m.to.includes('ada@acme.test') && /Ada revoked the support session/.test(body(m.text)) && /It made 3 changes/.test(body(m.text)))
    expect(body(mail.text).match(/^- Sam Admin commented on Tower/gm)).toHaveLength(3)
  })
})
