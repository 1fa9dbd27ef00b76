import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb } from './helpers/db'
import { inMinutes } from './helpers/fixtures'
import { startReceiver, type TestReceiver } from './helpers/receiver'
import { useTestServer } from './helpers/server'

/**
 * SPEC 3.10 "workspace data leaves only through the read gate": Server Settings → Users, Emails and the
 * server-wide webhooks carry a workspace's data only as the read gate would show it to the server admin,
 * and what they do show of a workspace is in its access log.
 */
let receiver: TestReceiver
beforeAll(async () => {
  receiver = await startReceiver()
})
afterAll(() => receiver?.close())

const t = useTestServer({
  personas: ['sam', 'ada', 'ben'],
  env: { NUXT_WEBHOOKS_ALLOW_PRIVATE: 'true', NUXT_RATE_LIMIT_FACTOR: '100', NUXT_WEBHOOKS_POLL_MS: '100', NUXT_WEBHOOKS_RETRY_BASE_MS: '200' },
})

interface UserItem { name: string, workspaces: { slug: string, role: string }[], hiddenWorkspaces: number }
interface Mail { id: number, to: string | null, subject: string | null, text: string | null, hidden: string | null, createdAt: string, sentAt: string | null, attempts: number }
interface Entry { actor: { name: string }, resource: { type: string, name: string }, route: string, supportSessionId: number | null }

const usersNamed = async (q: string) => (await t.api.get(`/api/admin/users?q=${q}`, t.as.sam)).body.items as UserItem[]
const emails = async (q = '') => (await t.api.get(`/api/admin/emails?pageSize=100&q=${encodeURIComponent(q)}`, t.as.sam)).body as { items: Mail[], total: number }
const accessLog = async () => (await t.api.get('/api/workspaces/acme/access-log?pageSize=100', t.as.ada)).body as { items: Entry[], total: number }
const setPolicy = async (readsRequireSession: boolean) => expect((await t.api.patch('/api/workspaces/acme/support-policy', { readsRequireSession }, t.as.ada)).status).toBe(200)

let hookId: number
let benId: number
const deliveries = async () => (await t.api.get(`/api/admin/webhooks/${hookId}/deliveries?pageSize=100`, t.as.sam)).body as { items: { id: number, event: string, body: string }[], total: number }

describe('server-wide views', () => {
  beforeAll(async () => {
    const { api, as: { sam, ada } } = t
    const created = await api.post('/api/admin/webhooks', { url: receiver.url, events: ['member.changed', 'support.requested'], format: 'json' }, sam)
    expect(created.status).toBe(201)
    hookId = created.body.webhook.id
    const members = (await api.get('/api/workspaces/acme/members', ada)).body as { user: { id: number, name: string } }[]
    benId = members.find(m => m.user.name === 'Ben')!.user.id
  })

  it('with Acme\'s reads open, show Acme and put each view in its access log', async () => {
    const { api, as: { ada } } = t
    expect((await api.post('/api/workspaces/acme/invites', { email: 'first.hire@acme.test', role: 'member', seat: 'viewer' }, ada)).status).toBe(201)
    expect((await api.patch(`/api/workspaces/acme/members/${benId}`, { seat: 'viewer' }, ada)).status).toBe(200)
    await receiver.waitFor(r => r.json?.type === 'member.changed' && r.json.data.changes?.seat?.to === 'viewer')
    const before = (await accessLog()).total

    expect((await usersNamed('ben'))[0]).toMatchObject({ workspaces: [{ slug: 'acme', role: 'member' }], hiddenWorkspaces: 0 })
    expect((await emails('first.hire')).items).toMatchObject([{ to: 'first.hire@acme.test', subject: 'Ada invited you to Acme', hidden: null }])
    expect((await deliveries()).items.map(d => d.event)).toContain('member.changed')

    const log = await accessLog()
    expect(log.total).toBe(before + 3)
    expect(log.items.slice(0, 3).map(e => [e.actor.name, e.resource.type, e.resource.name, e.route, e.supportSessionId])).toEqual([
      ['Sam Admin', 'webhooks', 'Acme', `/api/admin/webhooks/${hookId}/deliveries`, null],
      ['Sam Admin', 'emails', 'Acme', '/api/admin/emails', null],
      ['Sam Admin', 'members', 'Acme', '/api/admin/users', null],
    ])
    // The same views again within ten minutes add nothing.
    await usersNamed('ada')
    await emails()
    expect((await accessLog()).total).toBe(before + 3)
  })

  it('with readsRequireSession on and no session, show none of Acme\'s data, carry none of it, and record nothing', async () => {
    const { api, server, as: { sam, ada } } = t
    const oldDelivery = (await deliveries()).items.find(d => d.event === 'member.changed')!
    await setPolicy(true)
    expect((await api.post('/api/workspaces/acme/invites', { email: 'new.hire@acme.test', role: 'member', seat: 'viewer' }, ada)).status).toBe(201)
    expect((await api.patch(`/api/workspaces/acme/members/${benId}`, { seat: 'editor' }, ada)).status).toBe(200)
    const request = await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'Ticket 31', expiresAt: inMinutes(60) }, sam)
    expect(request.status).toBe(201)
    const before = (await accessLog()).total

    // Users: no membership in Acme, only how many.
    const [ben] = await usersNamed('ben')
    expect(ben).toMatchObject({ workspaces: [], hiddenWorkspaces: 1 })
    const everyone = (await api.get('/api/admin/users?pageSize=100', sam)).body.items as UserItem[]
    expect(everyone.flatMap(u => u.workspaces.map(w => w.slug))).not.toContain('acme')
    expect(everyone.find(u => u.name === 'Gil')).toMatchObject({ workspaces: [{ slug: 'globex', role: 'admin' }], hiddenWorkspaces: 0 })

    // Emails: Acme's mail keeps its time and delivery state, nothing else; a search never finds it.
    const { items } = await emails()
    const hidden = items.filter(m => m.hidden)
    expect(hidden.length).toBeGreaterThanOrEqual(3) // two invites, the support request to Ada
    for (const mail of hidden) {
      expect(mail).toMatchObject({ hidden: 'hidden: Acme requires a support session', to: null, subject: null, text: null, sentAt: null, createdAt: expect.any(String), attempts: expect.any(Number) })
    }
    const shown = JSON.stringify(items)
    for (const secret of ['new.hire', 'first.hire', 'invited you to Acme', 'Support access requested', 'Ticket 31']) expect(shown).not.toContain(secret)
    // (Not 'Acme': an account's own security mail to ada@acme.test is not Acme's data, and is found.)
    for (const q of ['new.hire', 'Support access requested', 'invited']) expect((await emails(q)).total, q).toBe(0)

    // Server-wide webhooks: Acme's support events only, and nothing else of it is even stored.
    await receiver.waitFor(r => r.json?.type === 'support.requested' && r.json.data.session?.reason === 'Ticket 31')
    await new Promise(r => setTimeout(r, 500)) // several delivery ticks
    expect(receiver.received.filter(r => r.json?.type === 'member.changed' && r.json.data.changes?.seat?.to === 'editor')).toEqual([])
    const db = await openTestDb(server)
    try {
      const stored = await db.get<{ n: number }>(`select count(*) as n from webhook_deliveries where webhook_id = ? and event = 'member.changed'`, hookId)
      expect(stored!.n).toBe(1) // the one from before the policy
    }
    finally {
      await db.close()
    }
    const log = await deliveries()
    expect(log.items.map(d => d.event)).toEqual(['support.requested'])
    expect(log.total).toBe(1)
    expect((await api.post(`/api/admin/webhooks/${hookId}/deliveries/${oldDelivery.id}/redeliver`, {}, sam)).body.data.code).toBe('WebhookDeliveryNotFound')

    expect((await accessLog()).total).toBe(before)
    await api.post(`/api/workspaces/acme/support-sessions/${request.body.id}/revoke`, {}, sam)
  })

  it('under an approved session, show Acme again and record it with the session', async () => {
    const { api, as: { sam, ada } } = t
    const session = (await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'Ticket 32', expiresAt: inMinutes(60) }, sam)).body
    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)).status).toBe(200)
    const before = (await accessLog()).total

    expect((await usersNamed('ben'))[0]).toMatchObject({ workspaces: [{ slug: 'acme' }], hiddenWorkspaces: 0 })
    expect((await emails('new.hire')).items).toMatchObject([{ to: 'new.hire@acme.test', subject: 'Ada invited you to Acme', hidden: null }])
    expect((await deliveries()).items.map(d => d.event)).toContain('member.changed')
    const log = await accessLog()
    expect(log.items.slice(0, log.total - before).map(e => [e.resource.type, e.route, e.supportSessionId]).sort()).toEqual([
      ['emails', '/api/admin/emails', session.id],
      ['members', '/api/admin/users', session.id],
      ['webhooks', `/api/admin/webhooks/${hookId}/deliveries`, session.id],
    ])

    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, ada)).status).toBe(200)
    expect((await usersNamed('ben'))[0]).toMatchObject({ workspaces: [], hiddenWorkspaces: 1 })
    await setPolicy(false)
  })

  it('a server webhook\'s deliveries of Globex\'s events are in Globex\'s access log, once per webhook per ten minutes', async () => {
    const { api, as: { sam } } = t
    const gil = await api.login('gil@globex.test')
    const globexLog = async () => (await api.get('/api/workspaces/globex/access-log?pageSize=100', gil)).body as { items: Entry[], total: number }
    const hook = await api.post('/api/admin/webhooks', { url: `${receiver.url}/members`, events: ['member.added', 'member.changed'], format: 'json' }, sam)
    expect(hook.status).toBe(201)
    const before = (await globexLog()).total

    const invite = (await api.post('/api/workspaces/globex/invites', { email: 'gus@partner.test', role: 'guest', seat: 'viewer' }, gil)).body
    const gus = await api.login('gus@partner.test')
    expect((await api.post(`/api/invites/${invite.id}/accept`, {}, gus)).status).toBe(200)
    await receiver.waitFor(r => r.path === '/hook/members' && r.json?.type === 'member.added' && r.json.workspace?.slug === 'globex')
    const log = await globexLog()
    expect(log.total).toBe(before + 1)
    expect([log.items[0]!.actor.name, log.items[0]!.resource.type, log.items[0]!.resource.name, log.items[0]!.route, log.items[0]!.supportSessionId])
      .toEqual(['Sam Admin', 'webhooks', 'Globex', `webhook:${hook.body.webhook.id}`, null])

    // Another event: read through both server webhooks now (the first one asked for member.changed too),
    // each once; more events within ten minutes are the same reads.
    const gusId = (await api.get('/api/me', gus)).body.user.id
    const setRole = async (role: string) => {
      const received = receiver.received.length
      expect((await api.patch(`/api/workspaces/globex/members/${gusId}`, { role }, gil)).status).toBe(200)
      await receiver.waitFor(r => receiver.received.indexOf(r) >= received && r.path === '/hook/members' && r.json?.type === 'member.changed')
    }
    await setRole('member')
    const routes = (await globexLog()).items.slice(0, 2).map(e => e.route).sort()
    expect(routes).toEqual([`webhook:${hook.body.webhook.id}`, `webhook:${hookId}`].sort())
    await setRole('guest')
    expect((await globexLog()).total).toBe(before + 2)
  })
})
