import { afterAll, describe, expect, it } from 'vitest'
import { openEventStream, supportEvent } from './helpers/event-stream'
import { demoIds, inMinutes } from './helpers/fixtures'
import { useTestServer } from './helpers/server'

/**
 * Issue 35, items 4 and 5 on the server: a write a support session lends is heard live by open Support
 * pages; the words a workspace reads (audit sentences, emails, validation) say what happened; the audit
 * log's downloads follow its filters and are named by them; the Users page knows each last sign-in; an
 * invite names its inviter and can be declined. Each fails on the code before the issue.
 */
const t = useTestServer({ env: { NUXT_LIVE_HEARTBEAT_MS: '200' } })
const streams: { close: () => void }[] = []
afterAll(() => streams.forEach(s => s.close()))

type Event = { action: string, data: Record<string, unknown>, supportSessionId: number | null }
const events = async (as: object, query = '') => (await t.api.get(`/api/workspaces/acme/audit?pageSize=100${query}`, as as never)).body.items as Event[]

async function activeSession(sam: object, ada: object, reason: string) {
  const session = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason, expiresAt: inMinutes(30) }, sam as never)).body
  expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada as never)).status).toBe(200)
  return session as { id: number }
}

/** Sam under an approved session of Acme, and Ada's live stream, ready. */
async function sessionWatchedByAda(reason: string) {
  const [sam, ada] = [await t.api.login('admin@example.com'), await t.api.login('ada@acme.test')]
  const { tower } = await demoIds(t.api, ada)
  const session = await activeSession(sam, ada, reason)
  const stream = await openEventStream(t.server.url, ada)
  streams.push(stream)
  await stream.waitFor(e => e.event === 'ready')
  return { sam, ada, tower, session, stream }
}

describe('a support write, live (issue 35 item 4)', () => {
  it('tells open Support pages at once, so its change count moves without a reload', async () => {
    const { sam, ada, tower, session, stream } = await sessionWatchedByAda('live count')
    const before = stream.events.length
    expect((await t.api.patch(`/api/projects/${tower}`, { description: 'renamed under support' }, sam)).status).toBe(200)
    // The session's own event, after the write: the page re-reads the count it shows.
    const heard = await stream.waitFor(e => stream.events.indexOf(e) >= before && supportEvent('acme', 'active')(e) && JSON.parse(e.data).sessionId === session.id, 3_000)
    expect(heard).toBeTruthy()
    const listed = (await t.api.get('/api/workspaces/acme/support-sessions', ada)).body.active.find((s: { id: number }) => s.id === session.id)
    expect(listed.changes).toBe(1)
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, ada)).status).toBe(200)
  })

  it('wakes the tabs once a second during a burst of changes, and once more after its last one; every change still audited', async () => {
    const { sam, ada, tower, session, stream } = await sessionWatchedByAda('burst')
    const ofSession = (from: number) => stream.events.filter((e, i) => i >= from && supportEvent('acme', 'active')(e) && JSON.parse(e.data).sessionId === session.id)
    const before = stream.events.length
    const started = Date.now()
    let beforeLast = 0
    for (let i = 0; i < 10; i++) {
      if (i === 9) beforeLast = stream.events.length
      expect((await t.api.post(`/api/projects/${tower}/comments`, { text: `burst ${i}` }, sam)).status).toBe(201)
    }
    const seconds = (Date.now() - started) / 1000
    // The tabs hear of the last change: an event after it was sent, at most a second after it.
    await stream.waitFor(e => stream.events.indexOf(e) >= beforeLast && supportEvent('acme', 'active')(e) && JSON.parse(e.data).sessionId === session.id, 5_000)
    // Ten changes woke them at most once a second of the burst, plus the first and the last: not ten times.
    expect(ofSession(before).length).toBeLessThanOrEqual(Math.ceil(seconds) + 2)
    const listed = (await t.api.get('/api/workspaces/acme/support-sessions', ada)).body.active.find((s: { id: number }) => s.id === session.id)
    expect(listed.changes).toBe(10)
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, ada)).status).toBe(200)
  })
})

describe('words (issue 35 item 5)', () => {
  it('records a webhook test under a session as one, never as a request line, and the ended email says so', async () => {
    const [sam, ada] = [await t.api.login('admin@example.com'), await t.api.login('ada@acme.test')]
    const hook = (await t.api.post('/api/workspaces/acme/webhooks', { url: 'https://93.184.215.14/hook', events: ['member.removed'] }, ada)).body.webhook
    const session = await activeSession(sam, ada, 'webhook test words')
    expect((await t.api.post(`/api/workspaces/acme/webhooks/${hook.id}/test`, {}, sam)).status).toBe(202)
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, ada)).status).toBe(200)
    const mine = (await events(ada)).filter(e => e.supportSessionId === session.id)
    expect(mine.map(e => e.action)).toContain('webhook.tested')
    expect(mine.map(e => e.action)).not.toContain('support.write')
    const mail = (await t.api.get('/api/admin/emails', sam)).body.items.find((m: { to: string, text: string }) => m.to === 'ada@acme.test' && m.text.includes('sent a test delivery to webhook'))
    expect(mail?.text).toContain('Sam Admin sent a test delivery to webhook https://93.184.215.14')
    expect(mail.text).not.toMatch(/POST|made a change/)
    // A disabled webhook's newest delivery says how many attempts it took, so the list and log say one thing.
    const listed = (await t.api.get('/api/workspaces/acme/webhooks', ada)).body.items.find((w: { id: number }) => w.id === hook.id)
    expect(listed.lastDelivery).toMatchObject({ attempts: expect.any(Number) })
    await t.api.del(`/api/workspaces/acme/webhooks/${hook.id}`, ada)
  })

  it('logs a withdrawn request as withdrawn, and an ended session without changes has no "See all changes" line', async () => {
    const [sam, ada] = [await t.api.login('admin@example.com'), await t.api.login('ada@acme.test')]
    const pending = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'withdraw me', expiresAt: inMinutes(30) }, sam)).body
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${pending.id}/revoke`, {}, sam)).status).toBe(200)
    const withdrawn = (await events(ada)).find(e => e.action === 'support.revoked' && e.supportSessionId === pending.id)
    expect(withdrawn?.data).toMatchObject({ byRequester: true, withdrawn: true })
    const quiet = await activeSession(sam, ada, 'no changes at all')
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${quiet.id}/revoke`, {}, sam)).status).toBe(200)
    const ended = (await t.api.get('/api/admin/emails?pageSize=100', sam)).body.items.filter((m: { to: string, subject: string, text: string }) => m.to === 'ada@acme.test' && m.subject.startsWith('Support session ended') && m.text.includes('It made no changes.'))
    expect(ended.length).toBeGreaterThan(0)
    for (const mail of ended) expect(mail.text).not.toContain('See all changes')
  })

  it('says a bad field in one clear sentence', async () => {
    const ada = await t.api.login('ada@acme.test')
    const res = await t.api.post('/api/workspaces/acme/invites', { email: 'not an address', role: 'member', seat: 'viewer' }, ada)
    expect(res.status).toBe(400)
    expect(res.body.message).toBe('Enter a valid email address.')
    // Zod's own messages still name their field.
    expect((await t.api.post('/api/workspaces/acme/invites', { email: 42 }, ada)).body.message).toMatch(/^Invalid email: /)
  })

  it('shows each account\'s last sign-in, or none', async () => {
    const sam = await t.api.login('admin@example.com')
    await t.api.login('ben@acme.test')
    const users = (await t.api.get('/api/admin/users?pageSize=50', sam)).body.items as { email: string, lastSignInAt: string | null }[]
    expect(Date.parse(users.find(u => u.email === 'ben@acme.test')!.lastSignInAt!)).toBeGreaterThan(Date.now() - 60_000)
    expect(users.find(u => u.email === 'cy@acme.test')!.lastSignInAt).toBeNull()
  })
})

describe('audit log downloads (issue 35 item 5)', () => {
  it('follow the Person and Kind filters, and are named by them and by their range', async () => {
    const ada = await t.api.login('ada@acme.test')
    const me = (await t.api.get('/api/me', ada)).body.user.id as number
    const whole = await t.api.get('/api/workspaces/acme/audit/export?format=json', ada)
    const ranged = await t.api.get('/api/workspaces/acme/audit/export?format=json&from=2020-01-01&to=2099-12-31', ada)
    const name = (res: { headers: Headers }) => /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1]
    expect(name(whole)).toBe('acme-audit.json')
    expect(name(ranged)).toBe('acme-audit-2020-01-01-to-2099-12-31.json')
    const filtered = await t.api.get(`/api/workspaces/acme/audit/export?format=csv&actorId=${me}&category=webhooks`, ada)
    expect(filtered.status).toBe(200)
    expect(name(filtered)).toBe(`acme-audit-person-${me}-webhooks.csv`)
    const rows = String(filtered.body).trim().split('\n').slice(1)
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every(r => r.split(',')[3]!.startsWith('webhook.') && r.split(',')[4] === String(me))).toBe(true)
    const json = (await t.api.get(`/api/workspaces/acme/audit/export?format=json&category=support`, ada)).body
    expect(json.filter).toMatchObject({ category: 'support' })
    expect(json.events.length).toBeLessThan(whole.body.events.length)
  })
})

describe('an invitation (issue 35 item 5)', () => {
  it('names who invited, and the invitee can decline it, once; nobody else can', async () => {
    const [ada, gil, ben] = [await t.api.login('ada@acme.test'), await t.api.login('gil@globex.test'), await t.api.login('ben@acme.test')]
    const invite = (await t.api.post('/api/workspaces/acme/invites', { email: 'gil@globex.test', role: 'member', seat: 'viewer' }, ada)).body
    const mine = (await t.api.get('/api/invites', gil)).body.find((i: { id: number }) => i.id === invite.id)
    expect(mine.invitedBy).toEqual({ name: 'Ada' })
    expect((await t.api.post(`/api/invites/${invite.id}/decline`, {}, ben)).status).toBe(404)
    expect((await t.api.post(`/api/invites/${invite.id}/decline`, {}, null)).status).toBe(401)
    const declined = await t.api.post(`/api/invites/${invite.id}/decline`, {}, gil)
    expect(declined.status).toBe(200)
    expect(declined.body).toEqual({ declined: true })
    expect((await t.api.post(`/api/invites/${invite.id}/decline`, {}, gil)).status).toBe(409)
    expect((await t.api.post(`/api/invites/${invite.id}/accept`, {}, gil)).status).toBe(409)
    expect((await t.api.get('/api/invites', gil)).body.some((i: { id: number }) => i.id === invite.id)).toBe(false)
    expect((await events(ada)).find(e => e.action === 'invite.declined')?.data).toMatchObject({ email: 'gil@globex.test' })
  })
})
