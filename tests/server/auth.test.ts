import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, useTestServer } from './helpers/server'

const t = useTestServer()

describe('sign-in', () => {
  it('signs in with the right password and returns the user', async () => {
    const res = await t.api.post('/api/auth/login', { email: 'Ada@Acme.test', password: DEMO_PASSWORD })
    expect(res.status).toBe(200)
    expect(res.body.user).toMatchObject({ name: 'Ada', email: 'ada@acme.test', serverRole: 'user' })
    const cookie = res.headers.getSetCookie().join('')
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).not.toMatch(/Secure/i)
  })

  it('marks the cookie Secure behind HTTPS', async () => {
    const res = await t.api.call('POST', '/api/auth/login', { body: { email: 'ada@acme.test', password: DEMO_PASSWORD }, headers: { 'x-forwarded-proto': 'https' } })
    expect(res.status).toBe(200)
    expect(res.headers.getSetCookie().join('')).toMatch(/; Secure/i)
  })

  it('gives one vague answer for an unknown email and a wrong password', async () => {
    const unknown = await t.api.post('/api/auth/login', { email: 'nobody@example.com', password: DEMO_PASSWORD })
    const wrong = await t.api.post('/api/auth/login', { email: 'ben@acme.test', password: 'nope' })
    expect(unknown.status).toBe(401)
    expect(wrong.status).toBe(401)
    expect(unknown.body.data.code).toBe('InvalidCredentials')
    expect(wrong.body.message).toBe(unknown.body.message)
  })

  it('locks an email after 10 failures in 15 minutes, even for the right password', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await t.api.post('/api/auth/login', { email: 'gil@globex.test', password: `wrong-${i}` })
      expect(res.status).toBe(401)
    }
    const locked = await t.api.post('/api/auth/login', { email: 'gil@globex.test', password: DEMO_PASSWORD })
    expect(locked.status).toBe(429)
    expect(locked.body.data.code).toBe('TooManyAttempts')
    // Other accounts are unaffected.
    expect((await t.api.post('/api/auth/login', { email: 'cy@acme.test', password: DEMO_PASSWORD })).status).toBe(200)
  })

  it('answers 401 Unauthenticated on /api/me when signed out', async () => {
    const res = await t.api.get('/api/me')
    expect(res.status).toBe(401)
    expect(res.body).toMatchObject({ statusCode: 401, data: { code: 'Unauthenticated' } })
  })

  it('signing out invalidates the cookie server-side, even a copy of it', async () => {
    const session = await t.api.login('ben@acme.test')
    expect((await t.api.get('/api/me', session)).status).toBe(200)
    expect((await t.api.call('POST', '/api/auth/logout', { as: session })).status).toBe(204)
    expect((await t.api.get('/api/me', session)).status).toBe(401)
  })
})

describe('API tokens', () => {
  it('authenticates like the cookie and stops working once deleted', async () => {
    const session = await t.api.login('ben@acme.test')
    const created = await t.api.post('/api/me/tokens', { name: 'CI script' }, session)
    expect(created.status).toBe(201)
    expect(created.body.token).toMatch(/^sat_/)
    const bearer = { token: created.body.token as string }
    const me = await t.api.get('/api/me', bearer)
    expect(me.status).toBe(200)
    expect(me.body.user.email).toBe('ben@acme.test')

    const list = await t.api.get('/api/me/tokens', session)
    expect(list.body.map((t: { name: string }) => t.name)).toContain('CI script')
    expect(JSON.stringify(list.body)).not.toContain(created.body.token)

    expect((await t.api.del(`/api/me/tokens/${created.body.id}`, session)).status).toBe(204)
    const after = await t.api.get('/api/me', bearer)
    expect(after.status).toBe(401)
    expect(after.body.data.code).toBe('Unauthenticated')
  })

  it('cannot delete someone else\'s token', async () => {
    const ben = await t.api.login('ben@acme.test')
    const cy = await t.api.login('cy@acme.test')
    const created = await t.api.post('/api/me/tokens', { name: 'mine' }, ben)
    const res = await t.api.del(`/api/me/tokens/${created.body.id}`, cy)
    expect(res.status).toBe(404)
    expect((await t.api.get('/api/me', { token: created.body.token })).status).toBe(200)
  })

  it('refuses a garbage bearer token without falling back to the cookie', async () => {
    const session = await t.api.login('ben@acme.test')
    const res = await t.api.call('GET', '/api/me', { headers: { cookie: session.cookie, authorization: 'Bearer not-a-token' } })
    expect(res.status).toBe(401)
  })
})

describe('request pipeline', () => {
  it('refuses a cookie-authenticated write from another origin', async () => {
    const session = await t.api.login('ben@acme.test')
    const res = await t.api.call('POST', '/api/me/tokens', { as: session, body: { name: 'x' }, headers: { origin: 'http://evil.example' } })
    expect(res.status).toBe(403)
    expect(res.body.data.code).toBe('CrossOriginRequest')
    const same = await t.api.call('POST', '/api/me/tokens', { as: session, body: { name: 'x' }, headers: { origin: t.server.url } })
    expect(same.status).toBe(201)
  })

  it('lets a bearer-token write through whatever its Origin', async () => {
    const bearer = await t.api.token(await t.api.login('ben@acme.test'))
    // Not a new token: that needs a recent password confirmation, which a token never has (SPEC 3.11).
    const res = await t.api.call('POST', '/api/projects', { as: bearer, body: { name: 'y' }, headers: { origin: 'http://elsewhere.example' } })
    expect(res.status).toBe(201)
  })

  it.each([
    ['malformed JSON', { rawBody: '{"email":', headers: { 'content-type': 'application/json' } }],
    ['wrong types', { body: { email: 42, password: ['x'] } }],
    ['missing fields', { body: {} }],
    ['an invalid email', { body: { email: 'not-an-email', password: 'x' } }],
    ['a huge password', { body: { email: 'a@b.co', password: 'x'.repeat(5000) } }],
  ])('answers 400 ValidationFailed for %s', async (_name, opts) => {
    const res = await t.api.call('POST', '/api/auth/login', opts as never)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ statusCode: 400, data: { code: 'ValidationFailed' } })
    expect(typeof res.body.message).toBe('string')
  })

  it('answers 415 for a body that is not JSON', async () => {
    const res = await t.api.call('POST', '/api/auth/login', { rawBody: 'email=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.status).toBe(415)
    expect(res.body.data.code).toBe('UnsupportedMediaType')
  })

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await t.api.get('/api/does/not/exist')
    expect(res.status).toBe(404)
    expect(res.body.data.code).toBe('NotFound')
  })

  it('reports health', async () => {
    expect((await t.api.get('/api/health')).body).toEqual({ status: 'ok' })
  })

  it('seeds once: a restart on the same database adds no rows', async () => {
    const before = (await t.api.get('/api/me', await t.api.login('admin@example.com'))).body.user.id
    await t.server.restart()
    const admin = await t.api.login('admin@example.com')
    const me = await t.api.get('/api/me', admin)
    expect(me.body.user.id).toBe(before)
    expect(t.server.output()).not.toMatch(/UNIQUE constraint/)
  })
})

describe('sign-in lifetime', () => {
  it('stops honouring a sign-in older than 30 days', async () => {
    const session = await t.api.login('ben@acme.test')
    expect((await t.api.get('/api/me', session)).status).toBe(200)
    const { openTestDb } = await import('./helpers/db')
    const db = await openTestDb(t.server)
    await db.run('update auth_sessions set created_at = ?', Date.now() - 31 * 24 * 3600 * 1000)
    await db.close()
    expect((await t.api.get('/api/me', session)).status).toBe(401)
  })
})
