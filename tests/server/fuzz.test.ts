import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient, SignedIn } from './helpers/client'
import { openTestDb, type TestDb } from './helpers/db'
import { useTestServer, type TestServer } from './helpers/server'

let server: TestServer
let api: ApiClient
let ada: SignedIn
let towerId: number
let modelId: number

const UNWATCHED = ['rate_limit_hits', 'auth_sessions', 'email_outbox', '__drizzle_migrations']

/**
 * Content of every table that a rejected write must leave alone, read over one connection kept for the
 * whole file. On PostgreSQL the database hashes every table in one prepared statement: one round trip,
 * no new connection and no catalog lookup per request (those made this test slow, issue 20).
 */
let watchedDb: TestDb
let checksumQuery: string | undefined
let sqliteTables: string[] | undefined

async function checksum(): Promise<string> {
  const db = watchedDb
  if (db.store === 'postgres') {
    if (!checksumQuery) {
      const listed = await db.all<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)
      const parts = listed.map(t => t.name).filter(name => !UNWATCHED.includes(name))
        .map(name => `coalesce((select md5(string_agg(x::text, ',' order by x::text)) from "${name}" x), '-')`)
      checksumQuery = `select md5(${parts.join(' || ')}) as sum`
    }
    return (await db.get<{ sum: string }>(checksumQuery))!.sum
  }
  sqliteTables ??= (await db.all<{ name: string }>(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`))
    .map(t => t.name).filter(name => !UNWATCHED.includes(name))
  const hash = createHash('sha256')
  // Every table has at least two columns; ordering by them makes the dump the same on every read.
  for (const table of sqliteTables) hash.update(table).update(JSON.stringify(await db.all(`select * from "${table}" order by 1, 2`)))
  return hash.digest('hex')
}

const HOSTILE_STRINGS = [
  '', ' ', 'x'.repeat(100_000), '\u0000', '😀'.repeat(300), '\uD800', 'Ω≈ç√∫', `'; DROP TABLE users; --`, `" OR 1=1 --`,
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '../../etc/passwd', '%00', '${7*7}', '{{7*7}}',
]
const HOSTILE_VALUES: unknown[] = [null, true, false, 0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, [], {}, [1, 2], { $gt: '' }, ...HOSTILE_STRINGS]

/** Routes with a JSON body and the fields to fuzz. */
const BODY_ROUTES: { path: () => string, method: string, fields: string[], cookie?: true }[] = [
  { path: () => `/api/projects/${towerId}/comments`, method: 'POST', fields: ['text'] },
  { path: () => `/api/projects/${towerId}/models`, method: 'POST', fields: ['name'] },
  { path: () => `/api/projects/${towerId}/models/${modelId}/versions`, method: 'POST', fields: ['message'] },
  { path: () => `/api/projects/${towerId}`, method: 'PATCH', fields: ['name', 'description', 'visibility'] },
  { path: () => `/api/projects/${towerId}/collaborators`, method: 'POST', fields: ['email', 'role'] },
  { path: () => '/api/workspaces/acme', method: 'PATCH', fields: ['name', 'description', 'discoverable', 'autoJoin', 'domainProtection'] },
  { path: () => '/api/workspaces/acme/invites', method: 'POST', fields: ['email', 'role', 'seat'] },
  { path: () => '/api/workspaces/acme/domains', method: 'POST', fields: ['domain'] },
  { path: () => '/api/workspaces/acme/projects', method: 'POST', fields: ['name', 'description', 'visibility'] },
  { path: () => '/api/workspaces', method: 'POST', fields: ['name', 'slug'] },
  { path: () => '/api/projects', method: 'POST', fields: ['name'] },
  // Sudo mode (SPEC 3.11): a token never gets past these to their bodies, a fresh sign-in does.
  { path: () => '/api/me/tokens', method: 'POST', fields: ['name'], cookie: true },
  { path: () => '/api/me/emails', method: 'POST', fields: ['email'], cookie: true },
  { path: () => '/api/auth/login', method: 'POST', fields: ['email', 'password'] },
  { path: () => '/api/auth/passkey', method: 'POST', fields: ['attemptId', 'response'] },
  { path: () => '/api/admin/workspaces/acme/support-sessions', method: 'POST', fields: ['expiresAt', 'reason'] },
  { path: () => '/api/workspaces/acme/support-policy', method: 'PATCH', fields: ['requireReason', 'maxSessionHours', 'approvalsRequired', 'pendingTtlHours', 'readsRequireSession', 'approvalRequiresPasskey'] },
  { path: () => '/api/workspaces/acme/webhooks', method: 'POST', fields: ['url', 'events', 'format'] },
  { path: () => '/api/admin/webhooks', method: 'POST', fields: ['url', 'events', 'format'] },
]
const VALID: Record<string, unknown> = {
  text: 'ok', name: 'Fuzz', message: 'ok', description: 'ok', visibility: 'workspace', email: 'fuzz@acme.test', role: 'viewer', seat: 'viewer',
  discoverable: false, autoJoin: false, domainProtection: false, domain: 'acme.test', slug: 'fuzz-ws', password: 'x', expiresAt: null, reason: 'ok',
  requireReason: false, maxSessionHours: null, approvalsRequired: 1, pendingTtlHours: 72,
  url: 'https://93.184.215.14/hook', events: ['member.removed'], format: 'json',
}

const t = useTestServer({ personas: ['ada'] })
beforeAll(async () => {
  ({ server, api, as: { ada } } = t)
  watchedDb = await openTestDb(server)
  towerId = (await api.get('/api/workspaces/acme/projects', ada)).body.find((p: { name: string }) => p.name === 'Tower').id
  modelId = (await api.get(`/api/projects/${towerId}/models`, ada)).body[0].id
})
afterAll(() => watchedDb?.close())

function expectErrorShape(res: { status: number, body: any }, label: string) {
  expect(res.status, label).toBeLessThan(500)
  if (res.status >= 400) expect(res.body, label).toMatchObject({ statusCode: res.status, message: expect.any(String), data: { code: expect.any(String) } })
}

describe('hostile input never gets a 5xx and rejected writes change nothing', () => {
  it('has a checksum that sees an accepted write', async () => {
    const before = await checksum()
    expect(await checksum()).toBe(before)
    expect((await api.post(`/api/projects/${towerId}/comments`, { text: 'seen by the checksum' }, ada)).status).toBe(201)
    expect(await checksum()).not.toBe(before)
  })

  it('fuzzes every field of every JSON route', async () => {
    let tried = 0
    const admin = await api.token(await api.login('admin@example.com'))
    const adaSignedIn = await api.login('ada@acme.test')
    let before = await checksum()
    for (const route of BODY_ROUTES) {
      for (const field of route.fields) {
        for (const value of HOSTILE_VALUES) {
          const as = route.path().startsWith('/api/admin') ? admin : route.cookie ? adaSignedIn : ada
          const body = { ...Object.fromEntries(route.fields.map(f => [f, VALID[f]])), [field]: value }
          const res = await api.call(route.method, route.path(), { as, body })
          tried++
          const label = `${route.method} ${route.path()} ${field}=${JSON.stringify(value)?.slice(0, 40)} → ${res.status}`
          expectErrorShape(res, label)
          const after = await checksum()
          if (res.status >= 400) expect(after, `rejected write changed the database: ${label}`).toBe(before)
          before = after
        }
      }
    }
    expect(tried).toBeGreaterThan(500)
  }, 120_000) // 5 s on SQLite and 8 s on PostgreSQL here (was 64 s before one kept connection): far more than 3× either

  it.each([
    ['malformed JSON', '{"text": ', 'application/json'],
    ['JSON with trailing garbage', '{"text":"a"} x', 'application/json'],
    ['a JSON string', '"text"', 'application/json'],
    ['a JSON array', '[1,2]', 'application/json'],
    ['form data', 'text=hello', 'application/x-www-form-urlencoded'],
    ['plain text', 'hello', 'text/plain'],
    ['XML', '<text>hi</text>', 'application/xml'],
  ])('answers %s with a 4xx', async (_name, raw, type) => {
    const before = await checksum()
    const res = await api.call('POST', `/api/projects/${towerId}/comments`, { as: ada, rawBody: raw, headers: { 'content-type': type } })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expectErrorShape(res, _name)
    expect(await checksum()).toBe(before)
  })

  it.each(['0', '-1', 'abc', '1.5', '1e309', '99999999999999999999', '%00', '%27%20OR%201%3D1', 'x'.repeat(3000)])('rejects project id %s without a 5xx', async (id) => {
    const res = await api.get(`/api/projects/${id}`, ada)
    expect([400, 404]).toContain(res.status)
    expectErrorShape(res, id)
  })

  it.each(['A', '-', 'a--', '%2e%2e', 'x'.repeat(200), '%F0%9F%98%80', 'acme%00'])('rejects workspace slug %s without a 5xx', async (slug) => {
    const res = await api.get(`/api/workspaces/${slug}`, ada)
    expect([400, 404]).toContain(res.status)
    expectErrorShape(res, slug)
  })

  it.each(['page=-1', 'page=abc', 'pageSize=0', 'pageSize=100000', `q=${'x'.repeat(500)}`, 'q=%25%25%25', 'page=1e10', 'q[]=a&q[]=b'])('rejects or handles query %s without a 5xx', async (query) => {
    const admin = await api.token(await api.login('admin@example.com'))
    const res = await api.get(`/api/admin/workspaces?${query}`, admin)
    expectErrorShape(res, query)
  })

  it('refuses deeply nested JSON up to 1 MiB with a 400, fast, without holding other requests', async () => {
    const nested = (depth: number, open: string, close: string, leaf = '') => open.repeat(depth) + leaf + close.repeat(depth)
    const bodies = [40, 1_000, 10_000, 100_000, 200_000].flatMap(depth => [
      nested(depth, '[', ']'),
      nested(depth, '{"a":', '}', '1'),
      `{"text":${nested(depth, '[', ']')}}`,
    ]).filter(body => body.length <= 1024 * 1024)
    expect(bodies.some(body => body.length > 500_000)).toBe(true)
    const routes = [
      { path: '/api/auth/login', as: null },
      { path: `/api/projects/${towerId}/comments`, as: ada },
      { path: '/api/workspaces/acme/invites', as: ada },
    ]
    // Issue 20's target is an answer within 100 ms; here they take a few ms to ~40 ms, and 130 ms on a
    // loaded CI machine. The bounds below are 10× the target: what they guard against (a scan that copied
    // its path at every level) took seconds, and a busy machine must not fail them.
    const ANSWER_MS = 1_000
    const HEALTH_MS = 2_000
    const before = await checksum()
    for (const route of routes) {
      for (const body of bodies) {
        const started = performance.now()
        const res = await api.call('POST', route.path, { as: route.as, rawBody: body, headers: { 'content-type': 'application/json' } })
        const took = performance.now() - started
        const label = `${route.path} with ${body.length} bytes nested`
        expect(res.status, label).toBe(400)
        expect(res.body.data.code, label).toBe('ValidationFailed')
        expect(took, label).toBeLessThan(ANSWER_MS)
      }
    }
    // Four at once, as an attacker would send them: the server still answers its health check at once.
    const big = bodies.filter(body => body.length > 300_000).slice(0, 4)
    const started = performance.now()
    const [health] = await Promise.all([api.get('/api/health'), ...big.map(body => api.call('POST', '/api/auth/login', { rawBody: body, headers: { 'content-type': 'application/json' } }))])
    expect(health.status).toBe(200)
    expect(performance.now() - started).toBeLessThan(HEALTH_MS)
    expect(await checksum()).toBe(before)
  })

  it('stores injection strings verbatim, as data', async () => {
    const text = `<img src=x onerror=alert(1)> '; DROP TABLE comments; --`
    const res = await api.post(`/api/projects/${towerId}/comments`, { text }, ada)
    expect(res.status).toBe(201)
    const list = await api.get(`/api/projects/${towerId}/comments`, ada)
    expect(list.body.map((c: { text: string }) => c.text)).toContain(text)
  })
})
