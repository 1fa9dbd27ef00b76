import { describe, expect, it } from 'vitest'
import { openSqliteFile, openTestDb } from './helpers/db'
import { DEMO_PASSWORD, TEST_STORE, useTestServer } from './helpers/server'

const t = useTestServer()

describe('resilience', () => {
  // SQLite's file lock: PostgreSQL writers wait on row locks instead.
  it.skipIf(TEST_STORE === 'postgres')('answers 503 with Retry-After while another writer holds the database, then recovers', async () => {
    const ben = await t.api.login('ben@acme.test')
    const sandbox = (await t.api.get('/api/projects', ben)).body[0].id
    const db = openSqliteFile(t.server.dbPath)
    db.exec('begin immediate')
    try {
      const res = await t.api.post(`/api/projects/${sandbox}/comments`, { text: 'while locked' }, ben)
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('2')
      expect(res.body).toMatchObject({ statusCode: 503, data: { code: 'DatabaseBusy' } })
    }
    finally {
      db.exec('rollback')
      db.close()
    }
    expect((await t.api.post(`/api/projects/${sandbox}/comments`, { text: 'after unlock' }, ben)).status).toBe(201)
  }, 20_000)

  it('keeps every acknowledged write across a SIGKILL in the middle of a burst', async () => {
    const ben = await t.api.login('ben@acme.test')
    const token = await t.api.token(ben)
    const sandbox = (await t.api.get('/api/projects', token)).body[0].id
    const acknowledged: number[] = []
    const burst = Array.from({ length: 200 }, (_, i) => t.api.post(`/api/projects/${sandbox}/comments`, { text: `burst ${i}` }, token)
      .then((res) => { if (res.status === 201) acknowledged.push(res.body.id) }, () => { /* cut off by the kill */ }))
    // Kill it mid-burst: once some writes are acknowledged and most are still in flight.
    await expect.poll(() => acknowledged.length, { interval: 5, timeout: 10_000 }).toBeGreaterThanOrEqual(5)
    await t.server.restart('SIGKILL')
    await Promise.all(burst)
    const db = await openTestDb(t.server)
    const stored = new Set((await db.all<{ id: number }>('select id from comments')).map(r => r.id))
    await db.close()
    expect(acknowledged.length).toBeGreaterThan(0)
    expect(acknowledged.filter(id => !stored.has(id))).toEqual([])
    const admin = await t.api.login('admin@example.com')
    expect((await t.api.get('/api/admin/audit/verify', admin)).body.ok).toBe(true)
  }, 30_000)

  // PostgreSQL is backed up with pg_dump (README).
  it.skipIf(TEST_STORE === 'postgres')('makes a consistent online backup while writes are running', async () => {
    const ben = await t.api.token(await t.api.login('ben@acme.test'))
    const sandbox = (await t.api.get('/api/projects', ben)).body[0].id
    const writes = Array.from({ length: 100 }, (_, i) => t.api.post(`/api/projects/${sandbox}/comments`, { text: `during backup ${i}` }, ben))
    const target = `${t.server.dir}/backup.sqlite`
    const { spawnSync } = await import('node:child_process')
    const result = spawnSync(process.execPath, ['scripts/db-backup.mjs', target], { env: { ...process.env, NUXT_DATABASE_PATH: t.server.dbPath }, encoding: 'utf8' })
    await Promise.all(writes)
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toContain('integrity ok')
    const copy = openSqliteFile(target)
    expect((copy.prepare('select count(*) as n from users').get() as { n: number }).n).toBe(8)
    copy.close()
  }, 30_000)

  it('ends every session and token when the password changes', async () => {
    const cookie = await t.api.login('cy@acme.test')
    const token = await t.api.token(cookie)
    const other = await t.api.login('cy@acme.test')
    expect((await t.api.post('/api/me/password', { currentPassword: 'wrong', newPassword: 'a-new-password-1' }, other)).body.data.code).toBe('InvalidCredentials')
    expect((await t.api.post('/api/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'a-new-password-1' }, other)).status).toBe(204)
    for (const as of [cookie, token, other]) expect((await t.api.get('/api/me', as)).status).toBe(401)
    expect((await t.api.post('/api/auth/login', { email: 'cy@acme.test', password: DEMO_PASSWORD })).status).toBe(401)
    expect((await t.api.post('/api/auth/login', { email: 'cy@acme.test', password: 'a-new-password-1' })).status).toBe(200)
  })

  it('removing a user ends their sessions and tokens at once, but never a workspace\'s last Admin', async () => {
    const admin = await t.api.login('admin@example.com')
    const cookie = await t.api.login('gia@partner.test')
    const token = await t.api.token(cookie)
    const giaId = (await t.api.get('/api/me', cookie)).body.user.id
    expect((await t.api.del(`/api/admin/users/${giaId}`, await t.api.login('ben@acme.test'))).status).toBe(403)
    expect((await t.api.del(`/api/admin/users/${giaId}`, admin)).status).toBe(204)
    expect((await t.api.get('/api/me', cookie)).status).toBe(401)
    expect((await t.api.get('/api/me', token)).status).toBe(401)
    expect((await t.api.post('/api/auth/login', { email: 'gia@partner.test', password: DEMO_PASSWORD })).status).toBe(401)
    const adaId = (await t.api.get('/api/me', await t.api.login('ada@acme.test'))).body.user.id
    expect((await t.api.del(`/api/admin/users/${adaId}`, admin)).body.data.code).toBe('WorkspaceLastAdmin')
    expect((await t.api.del('/api/admin/users/999999', admin)).body.data.code).toBe('UserNotFound')
    expect((await t.api.get('/api/admin/audit/verify', admin)).body.ok).toBe(true)
  })

  it('serves static assets pre-compressed', async () => {
    const html = await (await fetch(`${t.server.url}/login`)).text()
    const asset = /\/_nuxt\/[\w.-]+\.js/.exec(html)![0]
    const res = await fetch(`${t.server.url}${asset}`, { headers: { 'accept-encoding': 'br' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('br')
  })

  it('sends security headers on pages', async () => {
    const res = await fetch(`${t.server.url}/login`)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain(`frame-ancestors 'none'`)
    expect(csp).not.toContain('unsafe-eval')
  })
})
