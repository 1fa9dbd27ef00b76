import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient } from './helpers/client'
import { openTestDb, type TestDb } from './helpers/db'
import { DEMO_PASSWORD, useTestServer } from './helpers/server'
import { SoftAuthenticator } from './helpers/soft-authenticator'

/**
 * SPEC 3.11 "Guards that guard themselves", over HTTP on the built server: sudo mode for sensitive
 * account changes (a password or passkey confirmed on this sign-in within NUXT_REAUTH_WINDOW_MS),
 * each such change audited in the server's chain and mailed to the account; limits on the mail a user
 * can make the server send; and every account deletion recorded, members of no workspace included.
 */
const t = useTestServer({ personas: ['sam', 'olive', 'ada', 'ben', 'cy', 'gia'], credentials: 'cookie' })
let db: TestDb
beforeAll(async () => {
  db = await openTestDb(t.server)
})
afterAll(() => db?.close())

type Cookie = { cookie: string }
const WINDOW_MS = 600_000
const idOf = async (api: ApiClient, as: Cookie) => (await api.get('/api/me', as)).body.user.id as number
/** Every sign-in of the user confirmed its password longer ago than the window: a cookie stolen a while ago. */
const makeStale = (userId: number) => db.run('update auth_sessions set reauthenticated_at = ? where user_id = ?', Date.now() - WINDOW_MS - 60_000, userId)
const serverEvents = (action: string, actorId: number) =>
  db.all<{ action: string, target_id: string, data: string }>('select action, target_id, data from audit_events where workspace_id is null and action = ? and actor_id = ? order by id', action, actorId)
const mailTo = (to: string, subject: string) => db.all<{ text: string }>('select text from email_outbox where "to" = ? and subject = ? order by id', to, subject)
const code = (res: { body: { data?: { code?: string } } }) => res.body.data?.code

async function addPasskey(api: ApiClient, as: Cookie, authenticator: SoftAuthenticator, name: string) {
  const started = await api.post('/api/me/passkeys/options', {}, as)
  if (started.status !== 200) return started
  return api.post('/api/me/passkeys', { attemptId: started.body.attemptId, name, response: authenticator.register(started.body.options) }, as)
}

describe('a stolen cookie keeps the account (sudo mode)', () => {
  it('refuses passkeys, tokens, emails and deletion to a sign-in that has not confirmed its user lately', async () => {
    const { api, server } = t
    const ada = t.as.ada as Cookie
    const adaId = await idOf(api, ada)
    const owners = new SoftAuthenticator(server.url)
    // Ada's own passkey, added while her sign-in was fresh (signing in counts).
    expect((await addPasskey(api, ada, owners, 'Ada’s laptop')).status).toBe(201)
    const adasKey = (await api.get('/api/me/passkeys', ada)).body[0]

    // The attacker holds Ada's cookie, stolen from a sign-in older than the window.
    await makeStale(adaId)
    const thief = new SoftAuthenticator(server.url)
    const refusals = [
      await api.post('/api/me/passkeys/options', {}, ada),
      await api.post('/api/me/passkeys', { attemptId: 'x'.repeat(20), name: 'Mine now', response: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA' } } }, ada),
      await api.del(`/api/me/passkeys/${adasKey.id}`, ada),
      await api.post('/api/me/tokens', { name: 'backdoor' }, ada),
      await api.post('/api/me/emails', { email: 'thief@evil.test' }, ada),
      await api.del('/api/me', ada),
    ]
    for (const res of refusals) expect(res.body).toMatchObject({ statusCode: 403, data: { code: 'ReauthenticationRequired' } })
    expect((await api.get('/api/me/passkeys', ada)).body).toHaveLength(1)
    expect((await api.get('/api/me/tokens', ada)).body).toHaveLength(0)
    // Guessing the password is rate limited, and a wrong one confirms nothing.
    expect(code(await api.post('/api/auth/reauthenticate', { password: 'wrong-password' }, ada))).toBe('InvalidCredentials')
    expect(code(await api.post('/api/me/passkeys/options', {}, ada))).toBe('ReauthenticationRequired')

    // Ada herself confirms her password, and may add a passkey again; a passkey step-up counts too.
    expect((await api.post('/api/auth/reauthenticate', { password: DEMO_PASSWORD }, ada)).status).toBe(204)
    expect((await addPasskey(api, ada, thief, 'Phone')).status).toBe(201)
    await makeStale(adaId)
    const { attemptId, options } = (await api.post('/api/auth/step-up/options', {}, ada)).body
    expect((await api.post('/api/auth/step-up', { attemptId, response: owners.assert(options) }, ada)).status).toBe(200)
    const phone = (await api.get('/api/me/passkeys', ada)).body.find((p: { name: string }) => p.name === 'Phone')
    expect((await api.del(`/api/me/passkeys/${phone.id}`, ada)).status).toBe(204)

    // A token never confirmed anything: it may not make another, nor start a passkey.
    const token = await api.token(ada)
    expect(code(await api.post('/api/me/tokens', { name: 'another' }, token))).toBe('ReauthenticationRequired')
    expect(code(await api.post('/api/me/emails', { email: 'ada.token@acme.test' }, token))).toBe('ReauthenticationRequired')
    expect(code(await api.post('/api/me/passkeys/options', {}, token))).toBe('BrowserSignInRequired')
    expect(code(await api.post('/api/auth/reauthenticate', { password: DEMO_PASSWORD }, token))).toBe('BrowserSignInRequired')
    expect((await api.del('/api/me/tokens/' + (await api.get('/api/me/tokens', ada)).body[0].id, ada)).status).toBe(204)

    // Each change is in the server's chain and was mailed to Ada's primary address.
    expect((await serverEvents('passkey.added', adaId)).map(e => JSON.parse(e.data).name)).toEqual(['Ada’s laptop', 'Phone'])
    expect((await serverEvents('passkey.removed', adaId)).map(e => JSON.parse(e.data).name)).toEqual(['Phone'])
    expect(await serverEvents('token.created', adaId)).toHaveLength(1)
    expect(await serverEvents('token.deleted', adaId)).toHaveLength(1)
    const added = await mailTo('ada@acme.test', 'A passkey was added to your account')
    expect(added).toHaveLength(2)
    expect(added[1]!.text).toContain('“Phone”')
    expect(added[1]!.text).toMatch(/remove it .* change your password/)
    expect(await mailTo('ada@acme.test', 'A passkey was removed from your account')).toHaveLength(1)
    expect(await mailTo('ada@acme.test', 'An API token was created for your account')).toHaveLength(1)
    expect((await api.get('/api/admin/audit/verify', t.as.sam)).body).toMatchObject({ ok: true })
  })

  it('lets a password change take every passkey with it, recorded', async () => {
    const { api, server } = t
    const ben = t.as.ben as Cookie
    const benId = await idOf(api, ben)
    expect((await addPasskey(api, ben, new SoftAuthenticator(server.url), 'Stolen in')).status).toBe(201)
    const changed = await api.post('/api/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'a-new-password-1', removePasskeys: true }, ben)
    expect(changed.status).toBe(204)
    const removed = await serverEvents('passkey.removed', benId)
    expect(removed.map(e => JSON.parse(e.data))).toEqual([{ name: 'Stolen in', withPasswordChange: true }])
    const again = await api.login('ben@acme.test', 'a-new-password-1')
    expect((await api.get('/api/me/passkeys', again)).body).toEqual([])
  })

  it('limits password confirmations, so a stolen cookie cannot guess the password with them', async () => {
    const cy = t.as.cy as Cookie
    for (let i = 0; i < 10; i++) expect(code(await t.api.post('/api/auth/reauthenticate', { password: `guess-${i}` }, cy))).toBe('InvalidCredentials')
    const refused = await t.api.post('/api/auth/reauthenticate', { password: DEMO_PASSWORD }, cy)
    expect(refused.body).toMatchObject({ statusCode: 429, data: { code: 'TooManyAttempts' } })
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
  })
})

describe('unlimited mail', () => {
  it('limits verification emails per address and new addresses per account', async () => {
    const { api } = t
    const gia = t.as.gia as Cookie
    // One address, added and removed again and again: three verification emails an hour, then 429.
    for (let i = 0; i < 3; i++) {
      const added = await api.post('/api/me/emails', { email: 'inbox@victim.test' }, gia)
      expect(added.status).toBe(201)
      expect((await api.del(`/api/me/emails/${added.body.id}`, gia)).status).toBe(204)
    }
    const fourth = await api.post('/api/me/emails', { email: 'inbox@victim.test' }, gia)
    expect(fourth.body).toMatchObject({ statusCode: 429, data: { code: 'TooManyAttempts' }, message: expect.stringContaining('verification emails') })
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(3000)
    expect(await db.all('select id from email_outbox where "to" = ?', 'inbox@victim.test')).toHaveLength(3)
    // Five new addresses an account an hour: the refused one above counted, one more passes, then 429.
    expect((await api.post('/api/me/emails', { email: 'fifth@victim.test' }, gia)).status).toBe(201)
    const sixth = await api.post('/api/me/emails', { email: 'sixth@victim.test' }, gia)
    expect(sixth.body).toMatchObject({ statusCode: 429, data: { code: 'TooManyAttempts' }, message: expect.stringContaining('email addresses added') })
    expect(sixth.headers.get('retry-after')).toBeTruthy()
    // Each added address is in the server's chain, and the primary address heard of it.
    const giaId = await idOf(api, gia)
    expect((await serverEvents('email.added', giaId)).map(e => JSON.parse(e.data).email)).toContain('fifth@victim.test')
    expect((await mailTo('gia@partner.test', 'An email address was added to your account')).length).toBe(4)
  })
})

describe('deletions without a trace', () => {
  it('records the deletion of an account in no workspace, and what it took from the workspaces it touched', async () => {
    const { api } = t
    const olive = t.as.olive as Cookie
    const oliveId = await idOf(api, olive)
    const acme = (await db.get<{ id: number }>('select id from workspaces where slug = ?', 'acme'))!.id
    // Olive, a server admin in no workspace, asked to join Acme, and Acme invited her.
    await db.run('insert into workspace_join_requests (workspace_id, user_id, status, created_at) values (?, ?, ?, ?)', acme, oliveId, 'pending', Date.now())
    const request = (await db.get<{ id: number }>('select id from workspace_join_requests where user_id = ?', oliveId))!
    const invite = (await api.post('/api/workspaces/acme/invites', { email: 'ops@example.com', role: 'member', seat: 'viewer' }, t.as.ada)).body

    expect((await api.del(`/api/admin/users/${oliveId}`, t.as.sam)).status).toBe(204)
    const server = await db.all<{ actor_id: number, data: string }>('select actor_id, data from audit_events where workspace_id is null and action = ? and target_id = ?', 'user.deleted', String(oliveId))
    expect(server).toHaveLength(1)
    expect(JSON.parse(server[0]!.data)).toMatchObject({
      name: 'Olive Ops', self: false, memberships: [],
      joinRequests: [{ id: request.id, workspaceId: acme, status: 'pending' }],
      invites: [{ id: invite.id, workspaceId: acme, email: 'ops@example.com' }],
    })
    const inAcme = await db.all<{ data: string }>('select data from audit_events where workspace_id = ? and action = ? and target_id = ?', acme, 'user.deleted', String(oliveId))
    expect(inAcme.map(e => JSON.parse(e.data))).toEqual([{ name: 'Olive Ops', self: false, role: null, seat: null, joinRequests: [{ id: request.id, status: 'pending' }], invites: [{ id: invite.id, email: 'ops@example.com' }] }])
    // The join request is gone, the invite revoked: neither lets anyone in later.
    expect(await db.get('select id from workspace_join_requests where id = ?', request.id)).toBeUndefined()
    expect((await db.get<{ status: string }>('select status from workspace_invites where id = ?', invite.id))!.status).toBe('revoked')
    expect((await api.get('/api/admin/audit/verify', t.as.sam)).body).toMatchObject({ ok: true })
  })

  it('never deletes the server\'s last server admin', async () => {
    const { api } = t
    // Olive's account went above: Sam is the only server admin left, and cannot leave the server without one.
    const sam = await api.login('admin@example.com')
    const refused = await api.del('/api/me', sam)
    expect(refused.status).toBe(409)
    expect(code(refused)).toBe('ServerLastAdmin')
    expect((await api.get('/api/me', sam)).status).toBe(200)
  })

  it('lets people delete their own account in sudo mode, under the admin deletion rules', async () => {
    const { api } = t
    const ada = await api.login('ada@acme.test')
    // Acme's only Admin cannot leave it without one: told so before she tries, and spoken to when she does.
    expect((await api.get('/api/me', ada)).body.lastAdminOf).toEqual([{ slug: 'acme', name: 'Acme' }])
    const refused = await api.del('/api/me', ada)
    expect(code(refused)).toBe('WorkspaceLastAdmin')
    expect(refused.body.message).toBe('You are the last Admin of Acme: make someone else Admin first.')
    const ben = await api.login('ben@acme.test', 'a-new-password-1')
    expect((await api.get('/api/me', ben)).body.lastAdminOf).toEqual([])
    const benId = await idOf(api, ben)
    expect((await api.del('/api/me', ben)).status).toBe(204)
    expect((await api.get('/api/me', ben)).status).toBe(401)
    const server = await db.get<{ actor_id: number, data: string }>('select actor_id, data from audit_events where workspace_id is null and action = ? and target_id = ?', 'user.deleted', String(benId))
    expect(server!.actor_id).toBe(benId)
    expect(JSON.parse(server!.data)).toMatchObject({ name: 'Ben', self: true, memberships: [{ workspace: 'Acme', role: 'member', seat: 'editor' }] })
  })
})
