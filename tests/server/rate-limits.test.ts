import { describe, expect, it } from 'vitest'
import type { ApiResponse } from './helpers/client'
import { inMinutes } from './helpers/fixtures'
import { DEMO_PASSWORD, useTestServer } from './helpers/server'

/** Issue 20: one rate-limit mechanism, in the database, for every action worth limiting. */
const t = useTestServer({ env: { NUXT_WEBHOOKS_ALLOW_PRIVATE: 'true' } })

/** Sends `attempt` until the limit answers; every answer before it is whatever the action says. */
async function untilLimited(limit: number, attempt: (i: number) => Promise<ApiResponse>) {
  for (let i = 0; i < limit; i++) expect((await attempt(i)).status, `attempt ${i + 1} of ${limit}`).not.toBe(429)
  const refused = await attempt(limit)
  expect(refused.status).toBe(429)
  expect(refused.body.data.code).toBe('TooManyAttempts')
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
  return refused
}

describe('rate limits', () => {
  it('password changes: 10 wrong guesses of the current password, then 429 (a stolen token cannot keep guessing)', async () => {
    const token = await t.api.token(await t.api.login('gus@partner.test'))
    const refused = await untilLimited(10, () => t.api.post('/api/me/password', { currentPassword: 'wrong-guess-1', newPassword: 'another-password-1' }, token))
    expect(refused.body.message).toMatch(/Too many password change attempts/)
    // Even the right password waits now.
    expect((await t.api.post('/api/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'another-password-1' }, token)).status).toBe(429)
  })

  it('invites: 30 an hour from one inviter', async () => {
    const ada = await t.api.login('ada@acme.test')
    await untilLimited(30, i => t.api.post('/api/workspaces/acme/invites', { email: `invitee-${i}@example.test`, role: 'guest', seat: 'viewer' }, ada))
  })

  it('new workspaces: 10 a day from one account', async () => {
    const cy = await t.api.login('cy@acme.test')
    await untilLimited(10, i => t.api.post('/api/workspaces', { name: `Cy ${i}`, slug: `cy-ws-${i}` }, cy))
  })

  it('join requests: 10 an hour from one account', async () => {
    const gil = await t.api.login('gil@globex.test')
    await untilLimited(10, () => t.api.post('/api/workspaces/acme/join-requests', {}, gil))
  })

  it('test events: 10 per webhook in 10 minutes', async () => {
    const gil = await t.api.login('gil@globex.test')
    const hook = (await t.api.post('/api/workspaces/globex/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['member.added'] }, gil)).body.webhook
    await untilLimited(10, () => t.api.post(`/api/workspaces/globex/webhooks/${hook.id}/test`, {}, gil))
  })

  it('support requests: 20 an hour per server admin and workspace; another workspace is its own bucket', async () => {
    const olive = await t.api.login('ops@example.com')
    await untilLimited(20, () => t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'again', expiresAt: inMinutes(60) }, olive))
    expect((await t.api.post('/api/admin/workspaces/globex/support-sessions', { reason: 'elsewhere', expiresAt: inMinutes(60) }, olive)).status).toBe(201)
  })

  it('sign-in: 10 failures for an address, then 429 with Retry-After; a success gives its attempt back', async () => {
    for (let i = 0; i < 12; i++) await t.api.login('ben@acme.test')
    await untilLimited(10, () => t.api.post('/api/auth/login', { email: 'ben@acme.test', password: 'not-it' }))
  })
})
