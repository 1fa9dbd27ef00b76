import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiClient, type ApiClient, type Credentials, type SignedIn } from './helpers/client'
import { openTestDb } from './helpers/db'
import { openEventStream, supportEvent } from './helpers/event-stream'
import { demoIds, inMinutes } from './helpers/fixtures'
import { signInAll, startAnotherInstance, useTestServer, type TestServer } from './helpers/server'
import { startSmtp, type TestSmtp } from './helpers/smtp'

/**
 * Issue 13: two app processes on one database, as behind a load balancer. On PostgreSQL this is the
 * deployment the store exists for; on SQLite the same guarantees hold for processes sharing the file.
 */
let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startSmtp()
})
afterAll(() => smtp?.close())

// Races and bursts of 50: rate limits (issue 20, tested in rate-limits.test.ts) would refuse them here.
const ENV = { NUXT_UPKEEP_INTERVAL_MS: '200', NUXT_LIVE_HEARTBEAT_MS: '200', NUXT_RATE_LIMIT_FACTOR: '100' }

const first = useTestServer({ env: () => ({ ...ENV, NUXT_SMTP_URL: smtp.url }), personas: ['sam', 'ada'] })
let a: TestServer
let b: TestServer
let apiA: ApiClient
let apiB: ApiClient
// Tokens work on either instance: they are checked against the shared database.
let samA: SignedIn
let adaA: SignedIn
let benB: SignedIn
let tower: number

beforeAll(async () => {
  ({ server: a, api: apiA, as: { sam: samA, ada: adaA } } = first)
  b = await startAnotherInstance(a, { ...ENV, NUXT_SMTP_URL: smtp.url, NUXT_SEED_DEMO: 'false' })
  apiB = apiClient(b.url)
  benB = (await signInAll(apiB, ['ben'])).ben
  tower = (await demoIds(apiA, adaA)).tower
  // A second workspace Admin, to approve through the other instance.
  const ben = (await apiA.get('/api/workspaces/acme/members', adaA)).body.find((m: { user: { email: string } }) => m.user.email === 'ben@acme.test')
  expect((await apiA.patch(`/api/workspaces/acme/members/${ben.user.id}`, { role: 'admin' }, adaA)).status).toBe(200)
})
afterAll(() => b?.stop())

const request = (api: ApiClient, reason: string) => api.post('/api/admin/workspaces/acme/support-sessions', { reason, expiresAt: inMinutes(60) }, samA as never)
const approve = (api: ApiClient, id: number, as: Credentials) => api.post(`/api/workspaces/acme/support-sessions/${id}/approve`, {}, as as never)
const comment = (api: ApiClient, text: string) => api.post(`/api/projects/${tower}/comments`, { text }, samA as never)

describe('two app processes on one database', () => {
  it('a revocation through A refuses the very next write through B', async () => {
    const session = (await request(apiA, 'revoke across')).body
    expect((await approve(apiA, session.id, adaA)).status).toBe(200)
    expect((await comment(apiB, 'before the revocation')).status).toBe(201)
    expect((await apiA.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, adaA)).status).toBe(200)
    const refused = await comment(apiB, 'after the revocation')
    expect(refused.status).toBe(403)
    expect(refused.body.data.code).toBe('SupportSessionRequired')
  })

  it('approve through A at the same moment as approve through B: one 200 and one 409, fifty times', async () => {
    const outcomes: number[][] = []
    for (let i = 0; i < 50; i++) {
      const session = (await request(i % 2 ? apiB : apiA, `race ${i}`)).body
      const both = await Promise.all([approve(apiA, session.id, adaA), approve(apiB, session.id, benB)])
      outcomes.push(both.map(r => r.status).sort())
      expect(both.filter(r => r.status === 409).every(r => r.body.data.code === 'SupportSessionNotPending')).toBe(true)
      await apiA.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, adaA)
    }
    expect(outcomes.filter(o => o[0] !== 200 || o[1] !== 409)).toEqual([])
    const db = await openTestDb(a)
    const activations = await db.all<{ id: number, n: number }>(`select support_session_id as id, count(*) as n from audit_events
      where action = 'support.approved' and support_session_id in (select id from support_sessions where reason like 'race %') group by support_session_id`)
    await db.close()
    expect(activations).toHaveLength(50)
    expect(activations.filter(r => r.n !== 1)).toEqual([])
  }, 120_000)

  it('200 support writes split across A and B: each acknowledged one has its audit event, and every chain verifies', async () => {
    const session = (await request(apiA, 'split writes')).body
    expect((await approve(apiB, session.id, benB)).status).toBe(200)
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => comment(i % 2 ? apiB : apiA, `split ${i}`)))
    const acknowledged = results.filter(r => r.status === 201).map(r => r.body.id as number)
    expect(acknowledged).toHaveLength(200)
    const db = await openTestDb(a)
    const audited = await db.all<{ data: string }>(`select data from audit_events where action = 'comment.created' and support_session_id = ?`, session.id)
    await db.close()
    const auditedIds = new Set(audited.map(e => (JSON.parse(e.data) as { commentId: number }).commentId))
    expect(acknowledged.filter(id => !auditedIds.has(id))).toEqual([])
    expect(audited).toHaveLength(200)
    for (const api of [apiA, apiB]) expect((await api.get('/api/admin/audit/verify', samA as never)).body).toMatchObject({ ok: true })
    await apiA.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, adaA)
  }, 60_000)

  it('sends each outbox email once, though both processes deliver the outbox', async () => {
    const reasons = Array.from({ length: 20 }, (_, i) => `Mail once ${String(i).padStart(2, '0')}`)
    await Promise.all(reasons.map((reason, i) => request(i % 2 ? apiB : apiA, reason)))
    // Every request emails each acme Admin (Ada and Ben): 40 emails in all.
    const mine = () => smtp.messages.filter(m => reasons.some(r => m.text.includes(r)))
    // 15–19 s here (the outbox sends in small batches per tick): the limits are more than 3× that.
    await expect.poll(() => mine().length, { timeout: 60_000 }).toBeGreaterThanOrEqual(40)
    // Both processes tick several more times before the count is taken again.
    await new Promise(r => setTimeout(r, 1_000))
    const copies = new Map<string, number>()
    for (const m of mine()) {
      const key = `${m.to.join(',')} ${reasons.find(r => m.text.includes(r))}`
      copies.set(key, (copies.get(key) ?? 0) + 1)
    }
    expect(copies.size).toBe(40)
    expect([...copies.values()].filter(n => n !== 1)).toEqual([])
  }, 120_000)

  it('a stream on B hears of a transition made through A within a second', async () => {
    const stream = await openEventStream(b.url, benB as never)
    try {
      await stream.waitFor(e => e.event === 'ready')
      const started = Date.now()
      const session = (await request(apiA, 'heard on B')).body
      await stream.waitFor(e => supportEvent('acme', 'pending')(e) && JSON.parse(e.data).sessionId === session.id)
      expect(Date.now() - started).toBeLessThan(1_000)
      await apiA.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, adaA)
    }
    finally {
      stream.close()
    }
  })
})

describe('a PostgreSQL server that cannot be reached', () => {
  it('ends the app process at start with a clear message, so its supervisor can restart it', async () => {
    const { spawn } = await import('node:child_process')
    const { freePort } = await import('./helpers/server')
    const closed = await freePort()
    const child = spawn(process.execPath, ['.output/server/index.mjs'], {
      env: { ...process.env, NODE_ENV: 'production', PORT: String(await freePort()), HOST: '127.0.0.1', NUXT_DATABASE_URL: `postgres://nobody@127.0.0.1:${closed}/nothing`, NUXT_SESSION_PASSWORD: 'x'.repeat(32) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let log = ''
    child.stderr!.on('data', (d) => { log += d })
    const code = await new Promise(resolve => child.once('exit', resolve))
    expect(code).toBe(1)
    expect(log).toMatch(/\[database\] cannot migrate the database: .*ECONNREFUSED/)
  }, 30_000)
})
