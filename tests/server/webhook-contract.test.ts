import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WEBHOOK_EVENTS, WEBHOOK_TEST_EVENT } from '#shared/webhooks/schemas'
import { WEBHOOK_CONTRACT_VERSION } from '#shared/webhooks/contract'
import { openTestDb } from './helpers/db'
import { demoIds, inMinutes } from './helpers/fixtures'
import { startReceiver, type TestReceiver } from './helpers/receiver'
import { useTestServer } from './helpers/server'

/** Webhook bodies are a versioned contract (issue 19): every event type, as delivered, against the OpenAPI document. */
const t = useTestServer({ env: { NUXT_WEBHOOKS_ALLOW_PRIVATE: 'true', NUXT_UPKEEP_INTERVAL_MS: '200' } })
let receiver: TestReceiver
beforeAll(async () => {
  receiver = await startReceiver()
})
afterAll(() => receiver.close())

describe('the webhook contract', () => {
  it('every event type arrives as the OpenAPI document\'s `webhooks` describe it', async () => {
    const [ada, sam, olive] = [await t.api.login('ada@acme.test'), await t.api.login('admin@example.com'), await t.api.login('ops@example.com')]
    const hook = (await t.api.post('/api/workspaces/acme/webhooks', { url: receiver.url, events: [...WEBHOOK_EVENTS] }, ada)).body.webhook
    const { tower } = await demoIds(t.api, ada)
    const type = (name: string) => receiver.waitFor(r => r.json?.type === name)

    // support.requested, .approved, .ended; then .revoked; then .expired (a request that lapsed).
    const ended = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'contract', expiresAt: inMinutes(60) }, sam)).body
    await t.api.post(`/api/workspaces/acme/support-sessions/${ended.id}/approve`, {}, ada)
    await t.api.post(`/api/workspaces/acme/support-sessions/${ended.id}/revoke`, {}, sam)
    const revoked = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'contract', expiresAt: inMinutes(60) }, sam)).body
    await t.api.post(`/api/workspaces/acme/support-sessions/${revoked.id}/revoke`, {}, ada)
    const lapsing = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'lapse' }, sam)).body
    // support.started (contract version 2): approved before its start, it starts by itself once its start
    // (moved into the past below, so a busy machine cannot reach it before the approval) has come.
    const scheduled = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'window', durationMinutes: 30, startsAt: inMinutes(60), ticket: 'ZD-7' }, sam)).body
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${scheduled.id}/approve`, {}, ada)).body.status).toBe('scheduled')
    const db = await openTestDb(t.server)
    await db.run('update support_sessions set lapses_at = ? where id = ?', Date.now() - 1000, lapsing.id)
    await db.run('update support_sessions set starts_at = ? where id = ?', Date.now() - 1000, scheduled.id)
    await db.close()

    // member.added by invite and by a project, .changed by a seat change and by a seat upgrade, .removed.
    const invite = (await t.api.post('/api/workspaces/acme/invites', { email: 'ops@example.com', role: 'member', seat: 'viewer' }, ada)).body
    await t.api.post(`/api/invites/${invite.id}/accept`, {}, olive)
    const oliveId = (await t.api.get('/api/me', olive)).body.user.id
    await t.api.patch(`/api/workspaces/acme/members/${oliveId}`, { seat: 'editor' }, ada)
    await t.api.del(`/api/workspaces/acme/members/${oliveId}`, ada)
    expect((await t.api.post(`/api/projects/${tower}/collaborators`, { email: 'gil@globex.test', role: 'editor' }, ada)).body.addedAsGuest).toBe(true)
    expect((await t.api.post(`/api/projects/${tower}/collaborators`, { email: 'cy@acme.test', role: 'editor' }, ada)).body.seatUpgraded).toBe(true)

    // support.policy_changed (SPEC 3.11).
    expect((await t.api.patch('/api/workspaces/acme/support-policy', { pendingTtlHours: 48 }, ada)).status).toBe(200)
    // support.emergency (SPEC 3.13), with the policy that allows it.
    expect((await t.api.patch('/api/workspaces/acme/support-policy', { emergencyAccess: true }, ada)).status).toBe(200)
    const emergency = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { emergency: true, reason: 'The workspace is down for every member', durationMinutes: 30 }, sam)).body
    await t.api.post(`/api/workspaces/acme/support-sessions/${emergency.id}/revoke`, {}, ada)

    // audit.checkpoint at an export, and the test event.
    await t.api.get('/api/workspaces/acme/audit/export?format=json', ada)
    await t.api.post(`/api/workspaces/acme/webhooks/${hook.id}/test`, {}, ada)

    for (const name of [...WEBHOOK_EVENTS, WEBHOOK_TEST_EVENT]) await type(name)
    expect((await type('support.started')).json.data.session).toMatchObject({ id: scheduled.id, status: 'active', durationMinutes: 30, ticket: 'ZD-7', scope: { access: 'write', projects: 'all' } })
    const expired = await type('support.expired')
    expect(expired.json.data).toMatchObject({ lapsed: true, session: { id: lapsing.id, status: 'expired' }, actor: null })
    const joined = receiver.received.filter(r => r.json?.type === 'member.added').map(r => r.json.data)
    expect(joined).toEqual(expect.arrayContaining([
      expect.objectContaining({ via: 'invite', member: { id: oliveId, name: 'Olive Ops' }, role: 'member', seat: 'viewer' }),
      expect.objectContaining({ via: 'project', member: expect.objectContaining({ name: 'Gil' }), role: 'guest', seat: 'editor' }),
    ]))

    const document = (await t.api.get('/api/openapi.json', null)).body
    expect(Object.keys(document.webhooks).sort()).toEqual([...WEBHOOK_EVENTS, WEBHOOK_TEST_EVENT].sort())
    // Each version says what it changed, where the contract is documented.
    expect(WEBHOOK_CONTRACT_VERSION).toBe(2)
    expect(document.webhooks['support.started'].post.description).toMatch(/Version 2: .*scope.*durationMinutes.*startsAt.*ticket.*ticketUrl.*support\.started/)
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats(ajv)
    let validated = 0
    for (const received of receiver.received) {
      const schema = document.webhooks[received.json.type].post.requestBody.content['application/json'].schema
      const valid = ajv.validate(schema, received.json)
      expect(valid, `${received.json.type}: ${ajv.errorsText()} in ${received.body}`).toBe(true)
      expect(received.json.version).toBe(WEBHOOK_CONTRACT_VERSION)
      expect(received.json.data).not.toHaveProperty('details')
      validated++
    }
    expect(validated).toBeGreaterThanOrEqual(WEBHOOK_EVENTS.length + 1)

    // The schemas reject what the contract does not allow: the old raw-audit body, for one.
    const schema = document.webhooks['member.removed'].post.requestBody.content['application/json'].schema
    const removed = receiver.received.find(r => r.json.type === 'member.removed')!.json
    expect(ajv.validate(schema, { ...removed, data: { ...removed.data, details: { name: 'x' } } })).toBe(false)
  }, 60_000) // every event type, a scheduled start and a lapse included: well over the default on a busy machine
})
