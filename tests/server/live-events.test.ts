import { afterAll, describe, expect, it } from 'vitest'
import { openEventStream, supportEvent } from './helpers/event-stream'
import { openTestDb } from './helpers/db'
import { inMinutes } from './helpers/fixtures'
import { startAnotherInstance, useTestServer, type TestServer } from './helpers/server'

const FAST = { NUXT_UPKEEP_INTERVAL_MS: '200', NUXT_LIVE_HEARTBEAT_MS: '200' }
const t = useTestServer({ env: FAST })
const streams: { close: () => void }[] = []
afterAll(() => streams.forEach(s => s.close()))

async function stream(as: Parameters<typeof openEventStream>[1], query = '') {
  const s = await openEventStream(t.server.url, as, query)
  streams.push(s)
  await s.waitFor(e => e.event === 'ready')
  return s
}

const request = (slug: string, as: object, expiresAt = inMinutes(30)) =>
  t.api.post(`/api/admin/workspaces/${slug}/support-sessions`, { reason: 'live', expiresAt }, as as never)

describe('GET /api/events', () => {
  it('refuses strangers', async () => {
    expect((await t.api.get('/api/events')).status).toBe(401)
    expect((await t.api.get('/api/events', { token: 'sat_nope' })).status).toBe(401)
  })

  it('tells the requester, the workspace\'s members and guests of each transition, and nobody outside it', async () => {
    const sam = await t.api.login('admin@example.com')
    const ada = await t.api.login('ada@acme.test')
    const gil = await t.api.login('gil@globex.test')
    const samS = await stream(sam)
    const adaS = await stream(ada)
    const benS = await stream(await t.api.token(await t.api.login('ben@acme.test')))
    const gusS = await stream(await t.api.login('gus@partner.test'))
    const gilS = await stream(gil)
    const session = (await request('acme', sam)).body
    for (const s of [samS, adaS, benS, gusS]) await s.waitFor(supportEvent('acme', 'pending'))
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)).status).toBe(200)
    for (const s of [samS, adaS, benS, gusS]) await s.waitFor(supportEvent('acme', 'active'))
    // Every member's banner names who and until when, never the server admin's address.
    const seen = (await t.api.get('/api/workspaces/acme', await t.api.login('ben@acme.test'))).body
    expect(seen.activeSupport).toEqual([{ id: session.id, requestedBy: { name: 'Sam Admin' }, approvedBy: { name: 'Ada' }, approvers: [{ name: 'Ada' }], expiresAt: session.expiresAt, scope: { access: 'write', projects: 'all' }, scopeText: 'All projects, read and write', emergency: false, autoApproved: false }])
    expect(JSON.stringify(seen)).not.toContain('admin@example.com')
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, ada)).status).toBe(200)
    for (const s of [samS, benS]) await s.waitFor(supportEvent('acme', 'revoked'))
    // Globex's admin hears of Globex, and the first thing he hears is that: nothing of Acme came before it.
    const globex = (await request('globex', sam)).body
    const first = await gilS.waitFor(e => e.event === 'support')
    expect(JSON.parse(first.data)).toEqual({ workspace: 'globex', sessionId: globex.id, status: 'pending' })
    expect(gilS.events.filter(e => e.event === 'support')).toHaveLength(1)
    expect(JSON.stringify(benS.events)).not.toContain('admin@example.com')
    await t.api.post(`/api/workspaces/globex/support-sessions/${globex.id}/revoke`, {}, gil)
  })

  it('replays what happened between reading a page and connecting, and what a reconnecting browser missed', async () => {
    const sam = await t.api.login('admin@example.com')
    const ben = await t.api.login('ben@acme.test')
    const { liveCursor } = (await t.api.get('/api/me', ben)).body
    expect(liveCursor).toEqual(expect.any(Number))
    const session = (await request('acme', sam)).body
    const s = await stream(ben, `?after=${liveCursor}`)
    const replayed = await s.waitFor(supportEvent('acme', 'pending'))
    expect(JSON.parse(replayed.data).sessionId).toBe(session.id)
    await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, sam)
    const revoked = await s.waitFor(supportEvent('acme', 'revoked'))
    // A browser reconnecting after the pending event sends its id and gets only what came after it.
    const again = await openEventStream(t.server.url, { ...ben, lastEventId: replayed.id! } as never)
    streams.push(again)
    await again.waitFor(e => e.id === revoked.id)
    expect(again.events.filter(e => e.event === 'support').map(e => e.id)).toEqual([revoked.id])
    expect((await t.api.get('/api/events?after=-1', ben)).status).toBe(400)
    // A cursor from another database (restored, reset) is never ahead of this one: the tab still hears.
    const stale = await stream(ben, '?after=999999999')
    const next = (await request('acme', sam)).body
    await stale.waitFor(e => e.event === 'support' && JSON.parse(e.data).sessionId === next.id)
    await t.api.post(`/api/workspaces/acme/support-sessions/${next.id}/revoke`, {}, sam)
  })

  it('ends the stream when its token is deleted', async () => {
    const ben = await t.api.login('ben@acme.test')
    const token = await t.api.token(ben, 'short-lived')
    const s = await stream(token)
    const tokens = (await t.api.get('/api/me/tokens', ben)).body
    const id = tokens.find((x: { name: string }) => x.name === 'short-lived').id
    expect((await t.api.del(`/api/me/tokens/${id}`, ben)).status).toBe(204)
    await s.ended
    expect(s.events.at(-1)?.event).not.toBe('support')
  })
})

describe('expiry', () => {
  let second: TestServer | undefined
  afterAll(() => second?.stop())

  it('is noticed once, even with two server processes on one database, and reaches open streams', async () => {
    second = await startAnotherInstance(t.server, { ...FAST, NUXT_SEED_DEMO: 'false' })
    const sam = await t.api.login('admin@example.com')
    const ada = await t.api.login('ada@acme.test')
    const benS = await stream(await t.api.login('ben@acme.test'))
    const session = (await request('acme', sam)).body
    await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)
    const db = await openTestDb(t.server)
    await db.run('update support_sessions set expires_at = ? where id = ?', Date.now() - 1, session.id)
    await benS.waitFor(e => supportEvent('acme', 'expired')(e) && JSON.parse(e.data).sessionId === session.id)
    // Both processes have ticked several times since; the expiry is recorded exactly once.
    await new Promise(r => setTimeout(r, 1_000))
    const recorded = (await db.get<{ n: number }>(`select count(*) as n from audit_events where action = 'support.expired' and support_session_id = ?`, session.id))!
    expect(recorded.n).toBe(1)
    expect(await db.get('select status from support_sessions where id = ?', session.id)).toEqual({ status: 'expired' })
    await db.close()
    expect((await t.api.get('/api/admin/audit/verify', sam)).body).toMatchObject({ ok: true })
  })
})
