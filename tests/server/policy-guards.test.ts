import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient } from './helpers/client'
import { openTestDb, type TestDb } from './helpers/db'
import { inMinutes } from './helpers/fixtures'
import { startReceiver, type TestReceiver } from './helpers/receiver'
import { useTestServer } from './helpers/server'
import { SoftAuthenticator } from './helpers/soft-authenticator'

/**
 * SPEC 3.11 "The policy protects itself" and SPEC 3.7's cap on more time (issue 31), over HTTP:
 * - while `approvalRequiresPasskey` is on, a stolen password or API token cannot switch it off (or change
 *   anything else in the policy) and then approve: a policy change needs the same fresh passkey step-up;
 * - every policy change reaches every Admin by email and the `support.policy_changed` webhook;
 * - chained extensions cannot outlive `maxSessionHours`, counted from the session's activation.
 */
const t = useTestServer({ personas: ['sam'], env: { NUXT_WEBHOOKS_ALLOW_PRIVATE: 'true', NUXT_RATE_LIMIT_FACTOR: '100' } })
type Cookie = { cookie: string }
type Token = { token: string }
let db: TestDb
let receiver: TestReceiver
let ada: Cookie
let adaToken: Token
beforeAll(async () => {
  db = await openTestDb(t.server)
  receiver = await startReceiver()
  ada = await t.api.login('ada@acme.test')
  adaToken = await t.api.token(ada)
})
afterAll(async () => {
  await receiver?.close()
  await db?.close()
})

const policyUrl = '/api/workspaces/acme/support-policy'
const sessionsUrl = '/api/workspaces/acme/support-sessions'

async function addPasskey(api: ApiClient, as: Cookie, authenticator: SoftAuthenticator) {
  const { attemptId, options } = (await api.post('/api/me/passkeys/options', {}, as)).body
  const added = await api.post('/api/me/passkeys', { attemptId, name: 'Laptop', response: authenticator.register(options) }, as)
  expect(added.status).toBe(201)
}

async function stepUp(api: ApiClient, as: Cookie, authenticator: SoftAuthenticator) {
  const { attemptId, options } = (await api.post('/api/auth/step-up/options', {}, as)).body
  expect((await api.post('/api/auth/step-up', { attemptId, response: authenticator.assert(options) }, as)).status).toBe(200)
}

const policyEvents = async () => (await db.get<{ n: number }>(`select count(*) as n from audit_events where action = 'support.policy_changed'`))!.n
const policyMails = async () => db.all<{ to: string, subject: string, text: string }>(`select "to", subject, text from email_outbox where subject = 'Support policy of Acme changed' order by id`)

describe('while approvals need a passkey, so does changing the policy', () => {
  it('refuses a token and a password-only sign-in, changes nothing, and lets a fresh passkey through', async () => {
    const { api, server, as: { sam } } = t
    const laptop = new SoftAuthenticator(server.url)
    await addPasskey(api, ada, laptop)
    // With the rule off, a token changes the policy like any Admin write, turning the rule on included.
    const on = await api.patch(policyUrl, { approvalRequiresPasskey: true }, adaToken)
    expect([on.status, on.body.approvalRequiresPasskey]).toEqual([200, true])

    const session = (await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'Ticket 31: guards', expiresAt: inMinutes(60) }, sam)).body
    expect((await api.post(`${sessionsUrl}/${session.id}/approve`, {}, adaToken)).body.data.code).toBe('StepUpRequired')

    // The reproduction: switch the rule off with the token (or a password), approve, switch it on again.
    const [eventsBefore, mailsBefore] = [await policyEvents(), (await policyMails()).length]
    for (const body of [{ approvalRequiresPasskey: false }, { requireReason: true }, { pendingTtlHours: 48 }, {}]) {
      const byToken = await api.patch(policyUrl, body, adaToken)
      expect([byToken.status, byToken.body.data?.code], JSON.stringify(body)).toEqual([403, 'BrowserSignInRequired'])
      const byPassword = await api.patch(policyUrl, body, ada)
      expect([byPassword.status, byPassword.body.data?.code], JSON.stringify(body)).toEqual([403, 'StepUpRequired'])
    }
    expect((await api.get(policyUrl, adaToken)).body).toMatchObject({ approvalRequiresPasskey: true, requireReason: false, pendingTtlHours: 72 })
    expect(await policyEvents()).toBe(eventsBefore)
    expect(await policyMails()).toHaveLength(mailsBefore)
    expect((await api.post(`${sessionsUrl}/${session.id}/approve`, {}, adaToken)).body.data.code).toBe('StepUpRequired')

    // A step-up older than five minutes counts no more.
    await stepUp(api, ada, laptop)
    await db.run('update auth_sessions set stepped_up_at = ? where stepped_up_at is not null', Date.now() - 6 * 60_000)
    expect((await api.patch(policyUrl, { approvalRequiresPasskey: false }, ada)).body.data.code).toBe('StepUpRequired')

    // A fresh passkey on this sign-in changes it; then the rule is off and tokens may write again.
    await stepUp(api, ada, laptop)
    const off = await api.patch(policyUrl, { approvalRequiresPasskey: false }, ada)
    expect([off.status, off.body.approvalRequiresPasskey]).toEqual([200, false])
    expect((await api.patch(policyUrl, { pendingTtlHours: 72 }, adaToken)).status).toBe(200)
    expect((await api.post(`${sessionsUrl}/${session.id}/revoke`, {}, sam)).status).toBe(200)
  })
})

describe('every policy change is announced', () => {
  it('emails every Admin what changed, by whom, with a link, and is the webhook event support.policy_changed', async () => {
    const { api } = t
    const hook = await api.post('/api/workspaces/acme/webhooks', { url: receiver.url, events: ['support.policy_changed'] }, adaToken)
    expect(hook.status).toBe(201)
    // A second Admin, who hears of it too.
    const members = (await api.get('/api/workspaces/acme/members', adaToken)).body as { user: { id: number, name: string } }[]
    const ben = members.find(m => m.user.name === 'Ben')!.user
    expect((await api.patch(`/api/workspaces/acme/members/${ben.id}`, { role: 'admin' }, adaToken)).status).toBe(200)

    const mailsBefore = (await policyMails()).length
    const changed = await api.patch(policyUrl, { maxSessionHours: 8, requireReason: true }, adaToken)
    expect(changed.status).toBe(200)

    const delivered = await receiver.waitFor(r => r.json?.type === 'support.policy_changed' && r.json.data.changes.maxSessionHours !== undefined)
    expect(delivered.json).toMatchObject({
      type: 'support.policy_changed',
      version: 2,
      workspace: { slug: 'acme', name: 'Acme' },
      data: {
        summary: 'Ada changed the support policy: Require a reason from off to on, Maximum session length (hours) from no limit to 8',
        actor: { name: 'Ada' },
        supportSessionId: null,
        auditEventId: expect.any(Number),
        changes: { maxSessionHours: { from: null, to: 8 }, requireReason: { from: false, to: true } },
        policy: { requireReason: true, maxSessionHours: 8, approvalsRequired: 1, pendingTtlHours: 72, readsRequireSession: false, approvalRequiresPasskey: false },
      },
    })
    // The documented contract, as GET /api/openapi.json publishes it.
    const document = (await api.get('/api/openapi.json', null)).body
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats(ajv)
    const schema = document.webhooks['support.policy_changed'].post.requestBody.content['application/json'].schema
    expect(ajv.validate(schema, delivered.json), ajv.errorsText()).toBe(true)

    const mails = (await policyMails()).slice(mailsBefore)
    expect(mails.map(m => m.to).sort()).toEqual(['ada@acme.test', 'ben@acme.test'])
    for (const mail of mails) {
      expect(mail.text).toContain('Ada changed the support policy of the workspace Acme')
      expect(mail.text).toContain('- Maximum session length (hours) from no limit to 8')
      expect(mail.text).toContain('- Require a reason from off to on')
      expect(mail.text).toContain(`${t.server.url}/settings/workspaces/acme/support`)
    }

    // Saved without a change: recorded, nothing announced.
    expect((await api.patch(policyUrl, { maxSessionHours: 8 }, adaToken)).status).toBe(200)
    expect((await policyMails()).length).toBe(mailsBefore + 2)
    await api.patch(policyUrl, { maxSessionHours: null, requireReason: false }, adaToken)
    await api.patch(`/api/workspaces/acme/members/${ben.id}`, { role: 'member' }, adaToken)
  })
})

describe('more time is capped from the session\'s activation', () => {
  const request = async (minutes: number) => {
    const session = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'Ticket 31: more time', expiresAt: inMinutes(minutes) }, t.as.sam)).body
    const approved = await t.api.post(`${sessionsUrl}/${session.id}/approve`, {}, adaToken)
    expect(approved.status).toBe(200)
    return approved.body as { id: number, approvedAt: string, expiresAt: string }
  }
  const extend = (id: number, expiresAt: string) => t.api.post(`/api/admin/workspaces/acme/support-sessions/${id}/extensions`, { expiresAt, reason: 'Needs longer' }, t.as.sam)
  const decide = (id: number, extensionId: number) => t.api.post(`${sessionsUrl}/${id}/extensions/${extensionId}/approve`, {}, adaToken)
  const end = (id: number) => t.api.post(`${sessionsUrl}/${id}/revoke`, {}, t.as.sam)
  /** Moves a session's start back, as if it had been approved `minutes` ago. */
  const backdate = (id: number, minutes: number) => db.run('update support_sessions set approved_at = approved_at - ?, created_at = created_at - ? where id = ?', minutes * 60_000, minutes * 60_000, id)
  const after = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString()

  beforeAll(async () => {
    expect((await t.api.patch(policyUrl, { maxSessionHours: 2 }, adaToken)).status).toBe(200)
  })
  afterAll(async () => {
    await t.api.patch(policyUrl, { maxSessionHours: null }, adaToken)
  })

  it('grants more time within the cap, and refuses what would take the whole session past it', async () => {
    const session = await request(60)
    const within = await extend(session.id, after(session.approvedAt, 119))
    expect(within.status).toBe(201)
    const approved = await decide(session.id, within.body.extensions[0].id)
    expect(approved.status).toBe(200)
    expect(Date.parse(approved.body.expiresAt)).toBe(Date.parse(after(session.approvedAt, 119)))
    const beyond = await extend(session.id, after(session.approvedAt, 150))
    expect([beyond.status, beyond.body.data.code]).toEqual([400, 'SupportSessionTooLong'])
    await end(session.id)
  })

  it('counts from activation, not from the ask: a session approved 90 minutes ago cannot get 100 more', async () => {
    const session = await request(60)
    await backdate(session.id, 90)
    // 100 minutes from now is within 2 hours of the ask, but 3 h 10 min from the session's start.
    const asked = await extend(session.id, inMinutes(100))
    expect([asked.status, asked.body.data.code]).toEqual([400, 'SupportSessionTooLong'])
    expect(asked.body.message).toContain('from their start')
    await end(session.id)
  })

  it('checks again when more time is approved: the session aged, or the policy tightened', async () => {
    const aged = await request(30)
    const asked = await extend(aged.id, inMinutes(100))
    expect(asked.status).toBe(201)
    await backdate(aged.id, 60)
    const refused = await decide(aged.id, asked.body.extensions[0].id)
    expect([refused.status, refused.body.data.code]).toEqual([400, 'SupportSessionTooLong'])
    const still = (await t.api.get(sessionsUrl, adaToken)).body.active.find((s: { id: number }) => s.id === aged.id)
    expect(still.expiresAt).toBe(aged.expiresAt)
    expect(still.extensions[0].status).toBe('pending')
    await end(aged.id)

    const tightened = await request(30)
    const more = await extend(tightened.id, inMinutes(100))
    expect(more.status).toBe(201)
    expect((await t.api.patch(policyUrl, { maxSessionHours: 1 }, adaToken)).status).toBe(200)
    try {
      const tooLong = await decide(tightened.id, more.body.extensions[0].id)
      expect([tooLong.status, tooLong.body.data.code]).toEqual([400, 'SupportSessionTooLong'])
    }
    finally {
      await t.api.patch(policyUrl, { maxSessionHours: 2 }, adaToken)
      await end(tightened.id)
    }
  })
})
