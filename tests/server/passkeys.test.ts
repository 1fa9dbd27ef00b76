import { describe, expect, it } from 'vitest'
import type { ApiClient } from './helpers/client'
import { inMinutes } from './helpers/fixtures'
import { useTestServer } from './helpers/server'
import { SoftAuthenticator } from './helpers/soft-authenticator'

/**
 * SPEC 3.10 passkeys and step-up, over HTTP: with `approvalRequiresPasskey` on, an Admin's approval or
 * revocation without a passkey assertion on this sign-in in the last five minutes is 403 StepUpRequired,
 * and nothing changes; with one, 200. Passkeys here come from a software authenticator
 * (helpers/soft-authenticator.ts); tests/e2e/passkeys.spec.ts uses Chromium's virtual one.
 */
const t = useTestServer({ personas: ['sam', 'ada'], credentials: 'cookie', env: { NUXT_RATE_LIMIT_FACTOR: '100' } })

async function addPasskey(api: ApiClient, as: { cookie: string }, authenticator: SoftAuthenticator, name: string) {
  const { attemptId, options } = (await api.post('/api/me/passkeys/options', {}, as)).body
  return api.post('/api/me/passkeys', { attemptId, name, response: authenticator.register(options) }, as)
}

/** Signs in with a passkey; answers the sign-in's cookie, or the refusal. */
async function passkeySignIn(api: ApiClient, authenticator: SoftAuthenticator) {
  const { attemptId, options } = (await api.post('/api/auth/passkey/options', {})).body
  const res = await api.post('/api/auth/passkey', { attemptId, response: authenticator.assert(options) })
  return { res, cookie: res.headers.getSetCookie().map(c => c.split(';')[0]).join('; ') }
}

async function stepUp(api: ApiClient, as: { cookie: string }, authenticator: SoftAuthenticator) {
  const { attemptId, options } = (await api.post('/api/auth/step-up/options', {}, as)).body
  return api.post('/api/auth/step-up', { attemptId, response: authenticator.assert(options) }, as)
}

const fakeAssertion = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' } }

describe('passkeys', () => {
  it('starts adding one only from a browser sign-in, and keeps a bad answer from the authenticator out', async () => {
    const { api, as: { ada } } = t
    expect((await api.get('/api/me/passkeys', ada)).body).toEqual([])
    const started = await api.post('/api/me/passkeys/options', {}, ada)
    expect(started.status).toBe(200)
    expect(started.body.options).toMatchObject({ rp: { name: 'Support Access', id: '127.0.0.1' }, user: { name: 'ada@acme.test' }, challenge: expect.any(String) })
    const bogus = { attemptId: started.body.attemptId, name: 'Laptop', response: { ...fakeAssertion, response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA' } } }
    expect((await api.post('/api/me/passkeys', bogus, ada)).body.data.code).toBe('PasskeyNotVerified')
    // The attempt was taken by the first answer: it cannot be tried again.
    const again = await api.post('/api/me/passkeys', bogus, ada)
    expect(again.body).toMatchObject({ statusCode: 400, data: { code: 'PasskeyNotVerified' }, message: expect.stringContaining('expired or is unknown') })
    expect((await api.post('/api/me/passkeys', { ...bogus, response: 'nope' }, ada)).body.data.code).toBe('ValidationFailed')
    expect((await api.get('/api/me/passkeys', ada)).body).toEqual([])

    const token = await api.token(ada as { cookie: string })
    expect((await api.post('/api/me/passkeys/options', {}, token)).body.data.code).toBe('BrowserSignInRequired')
    expect((await api.post('/api/auth/step-up/options', {}, token)).body.data.code).toBe('BrowserSignInRequired')
  })

  it('refuses a passkey sign-in it cannot verify, without a 500', async () => {
    const { api } = t
    const started = await api.post('/api/auth/passkey/options', {})
    expect(started.status).toBe(200)
    expect(started.body.options).toMatchObject({ rpId: '127.0.0.1', allowCredentials: [] })
    expect((await api.post('/api/auth/passkey', { attemptId: started.body.attemptId, response: fakeAssertion })).body.data.code).toBe('PasskeyNotVerified')
    expect((await api.post('/api/auth/passkey', { attemptId: 'made-up', response: fakeAssertion })).body.data.code).toBe('PasskeyNotVerified')
    expect((await api.post('/api/auth/passkey', { attemptId: 'x', response: { id: '!!' } })).body.data.code).toBe('ValidationFailed')
    // Without a passkey there is nothing to step up with.
    expect((await api.post('/api/auth/step-up/options', {}, t.as.ada)).body).toMatchObject({ data: { code: 'PasskeyNotVerified' }, message: expect.stringContaining('no passkey') })
  })
})

describe('a passkey at work', () => {
  it('is added, signs in without a password, steps up an approval, and is refused once replayed or removed', async () => {
    const { api, server, as: { sam } } = t
    const ada = t.as.ada as { cookie: string }
    const laptop = new SoftAuthenticator(server.url)
    const added = await addPasskey(api, ada, laptop, 'Laptop')
    expect(added.status).toBe(201)
    expect(added.body).toMatchObject({ id: expect.any(Number), name: 'Laptop', lastUsedAt: null })
    expect((await addPasskey(api, ada, laptop, 'Laptop again')).body.data.code).toBe('PasskeyNotVerified') // already registered

    // Signing in with it: no address, no password; the account is the passkey's.
    const { res, cookie } = await passkeySignIn(api, laptop)
    expect(res.status).toBe(200)
    expect(res.body.user).toMatchObject({ name: 'Ada' })
    const viaPasskey = { cookie }
    expect((await api.get('/api/me', viaPasskey)).body.user.name).toBe('Ada')
    expect((await api.get('/api/me/passkeys', viaPasskey)).body[0].lastUsedAt).not.toBeNull()

    // An assertion answers its own challenge only: sent again for a new attempt, it is refused.
    const replayed = laptop.assert({ challenge: 'AAAA' })
    const fresh = (await api.post('/api/auth/passkey/options', {})).body
    expect((await api.post('/api/auth/passkey', { attemptId: fresh.attemptId, response: replayed })).body.data.code).toBe('PasskeyNotVerified')

    // Sam's own passkey cannot step Ada up.
    const samsKey = new SoftAuthenticator(server.url)
    expect((await addPasskey(api, sam as { cookie: string }, samsKey, 'Sam’s key')).status).toBe(201)
    const { attemptId, options } = (await api.post('/api/auth/step-up/options', {}, ada)).body
    expect(options.allowCredentials).toHaveLength(1)
    expect((await api.post('/api/auth/step-up', { attemptId, response: samsKey.assert(options) }, ada)).body.data.code).toBe('PasskeyNotVerified')

    await api.patch('/api/workspaces/acme/support-policy', { approvalRequiresPasskey: true }, ada)
    const session = (await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'Ticket 21', expiresAt: inMinutes(60) }, sam)).body
    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)).body.data.code).toBe('StepUpRequired')
    const stepped = await stepUp(api, ada, laptop)
    expect(stepped.status).toBe(200)
    expect(Date.parse(stepped.body.validUntil) - Date.parse(stepped.body.steppedUpAt)).toBe(5 * 60_000)
    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)).status).toBe(200)
    // The step-up belongs to that sign-in: Ada's other sign-ins and her tokens still need their own.
    const other = await api.login('ada@acme.test')
    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, other)).body.data.code).toBe('StepUpRequired')
    // A passkey sign-in is itself fresh.
    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, viaPasskey)).status).toBe(200)
    await api.patch('/api/workspaces/acme/support-policy', { approvalRequiresPasskey: false }, ada)

    // Removed, it signs in no more; someone else's passkey is not theirs to remove.
    const mine = (await api.get('/api/me/passkeys', ada)).body[0]
    expect((await api.call('DELETE', `/api/me/passkeys/${mine.id}`, { as: sam })).body.data.code).toBe('PasskeyNotFound')
    expect((await api.call('DELETE', `/api/me/passkeys/${mine.id}`, { as: ada })).status).toBe(204)
    expect((await passkeySignIn(api, laptop)).res.body.data.code).toBe('PasskeyNotVerified')
  })
})

describe('approvals that need a passkey', () => {
  it('refuses Ada\'s approval and revocation without a fresh passkey, by cookie or token, and changes nothing', async () => {
    const { api, as: { sam } } = t
    // A sign-in of its own: the one above stepped up a moment ago.
    const ada = await api.login('ada@acme.test')
    const on = await api.patch('/api/workspaces/acme/support-policy', { approvalRequiresPasskey: true }, ada)
    expect(on.body).toMatchObject({ approvalRequiresPasskey: true })
    const session = (await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'Ticket 12', expiresAt: inMinutes(60) }, sam)).body

    const refused = await api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)
    expect(refused.status).toBe(403)
    expect(refused.body.data.code).toBe('StepUpRequired')
    const token = await api.token(ada as { cookie: string })
    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, token)).body.data.code).toBe('StepUpRequired')
    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, ada)).body.data.code).toBe('StepUpRequired')
    const listed = (await api.get('/api/workspaces/acme/support-sessions', ada)).body
    expect(listed.pending.map((s: { id: number }) => s.id)).toContain(session.id)

    // The requester ends his own request as always: that needs no passkey.
    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, sam)).status).toBe(200)

    // Off again (which, while the rule is on, takes her passkey too: SPEC 3.11), Ada approves without one.
    const audit = (await api.get('/api/workspaces/acme/audit?category=support', ada)).body.items
    expect(audit.some((e: { action: string, data: { changes?: object } }) => e.action === 'support.policy_changed' && JSON.stringify(e.data.changes).includes('approvalRequiresPasskey'))).toBe(true)
    const key = new SoftAuthenticator(t.server.url)
    expect((await addPasskey(api, ada, key, 'Desk')).status).toBe(201)
    expect((await stepUp(api, ada, key)).status).toBe(200)
    expect((await api.patch('/api/workspaces/acme/support-policy', { approvalRequiresPasskey: false }, ada)).status).toBe(200)
    const next = (await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'Ticket 13', expiresAt: inMinutes(60) }, sam)).body
    expect((await api.post(`/api/workspaces/acme/support-sessions/${next.id}/approve`, {}, ada)).status).toBe(200)
    expect((await api.post(`/api/workspaces/acme/support-sessions/${next.id}/revoke`, {}, ada)).status).toBe(200)
  })
})
