import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient } from './helpers/client'
import { openSqliteFile } from './helpers/db'
import { TEST_STORE, useTestServer, type TestServer } from './helpers/server'

// SQLite's query planner; PostgreSQL plans by its own statistics.
const logFile = join(tmpdir(), `sql-${process.pid}-${Date.now()}.log`)
const t = useTestServer({ env: { NUXT_SQL_LOG_FILE: logFile }, enabled: TEST_STORE === 'sqlite' })
let api: ApiClient
let server: TestServer

/**
 * Tables whose full scan is acceptable: tiny by nature (migrations bookkeeping), or read whole on purpose
 * in a background job rather than on a request.
 */
const SCAN_ALLOWED = new Set(['__drizzle_migrations', 'sqlite_master'])
/**
 * The one allowed full scan: the admin search reads every workspace's name once into memory, and again
 * only after a workspace is added, renamed or removed (server/services/workspaces/admin-list.ts).
 */
const BOUNDED_SCANS = [/^select "id", "slug", "name" from "workspaces" order by "workspaces"\."id" desc$/]

beforeAll(() => {
  ({ api, server } = t)
})

describe.skipIf(TEST_STORE === 'postgres')('query plans on the request path', () => {
  it('uses an index for every lookup a request makes', async () => {
    const ada = await api.login('ada@acme.test')
    const admin = await api.token(await api.login('admin@example.com'))
    const tower = (await api.get('/api/workspaces/acme/projects', ada)).body.find((p: { name: string }) => p.name === 'Tower').id
    const session = (await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'plans' }, admin)).body
    await api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)
    const requests: [string, string, object?, object?][] = [
      ['GET', '/api/me', ada], ['GET', '/api/workspaces', ada], ['GET', '/api/workspaces/acme', ada],
      ['GET', `/api/projects/${tower}`, ada], ['GET', `/api/projects/${tower}/models`, ada], ['GET', `/api/projects/${tower}/comments`, ada],
      ['GET', `/api/projects/${tower}/collaborators`, ada], ['GET', '/api/workspaces/acme/members', ada], ['GET', '/api/workspaces/acme/support-sessions', ada],
      ['GET', '/api/workspaces/acme/audit', ada], ['GET', '/api/invites', ada], ['GET', '/api/workspaces/discoverable', ada], ['GET', '/api/projects', ada],
      ['GET', '/api/admin/workspaces?q=ac', admin], ['GET', '/api/admin/workspaces?q=cme', admin], ['GET', '/api/admin/workspaces?page=2&pageSize=1', admin], ['GET', '/api/admin/workspaces/acme', admin],
      ['POST', `/api/projects/${tower}/comments`, admin, { text: 'support write' }], ['GET', '/api/me', admin],
      // A server admin's reads are written to the access log (SPEC 3.10), which Ada reads, filtered too.
      ['GET', `/api/projects/${tower}/comments`, admin], ['GET', '/api/workspaces/acme/members', admin],
      ['GET', '/api/workspaces/acme/access-log', ada], ['GET', `/api/workspaces/acme/access-log?actorId=1&sessionId=${session.id}`, ada],
    ]
    for (const [method, path, as, body] of requests) {
      const res = await api.call(method, path, { as: as as never, body })
      expect(res.status, path).toBeLessThan(300)
    }
    const statements = [...new Set(readFileSync(logFile, 'utf8').split('\n').filter(s => /^\s*(select|update|delete)/i.test(s)))]
    expect(statements.length).toBeGreaterThan(20)
    const db = openSqliteFile(server.dbPath)
    const fullScans: string[] = []
    for (const statement of statements) {
      const plan = db.prepare(`explain query plan ${statement}`).all() as { detail: string }[]
      for (const { detail } of plan) {
        const scan = /^SCAN (\S+)(?: AS \S+)?$/.exec(detail)
        if (scan && !SCAN_ALLOWED.has(scan[1]!) && !BOUNDED_SCANS.some(re => re.test(statement))) fullScans.push(`${detail}  ←  ${statement.slice(0, 160)}`)
      }
    }
    db.close()
    expect(fullScans).toEqual([])
  }, 30_000)

  it('reads every workspace name once after a change, not once per search', async () => {
    const admin = await api.token(await api.login('admin@example.com'))
    const gil = await api.login('gil@globex.test')
    expect((await api.post('/api/workspaces', { name: 'Renamed soon' }, gil)).status).toBe(201)
    writeFileSync(logFile, '')
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.get('/api/admin/workspaces?q=renamed', admin)))
    expect(answers.map(a => a.body.total)).toEqual(Array(8).fill(1))
    const namesReads = readFileSync(logFile, 'utf8').split('\n').filter(s => BOUNDED_SCANS.some(re => re.test(s.trim())))
    expect(namesReads).toHaveLength(1)
  })

  it('reads a project for a token or a cookie in one statement: the caller and their standing together', async () => {
    const ada = await api.login('ada@acme.test')
    const token = await api.token(ada)
    const tower = (await api.get('/api/workspaces/acme/projects', ada)).body.find((p: { name: string }) => p.name === 'Tower').id
    for (const as of [token, ada]) {
      writeFileSync(logFile, '')
      expect((await api.get(`/api/projects/${tower}`, as)).status).toBe(200)
      expect((await api.get('/api/workspaces/acme', as)).status).toBe(200)
      const statements = readFileSync(logFile, 'utf8').split('\n').filter(s => /^\s*select/i.test(s))
      // GET /api/workspaces/:slug also counts pending requests and reads the active sessions for the banner.
      expect(statements.filter(s => /from "projects"/.test(s) && /where "projects"\."id" = \d+/.test(s))).toHaveLength(1)
      expect(statements.filter(s => /from "api_tokens"|from "auth_sessions"/.test(s))).toEqual([])
    }
  })
})
