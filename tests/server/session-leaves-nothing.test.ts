import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SignedIn } from './helpers/client'
import { openTestDb } from './helpers/db'
import { demoIds } from './helpers/fixtures'
import { startReceiver, type TestReceiver } from './helpers/receiver'
import { useTestServer } from './helpers/server'

/**
 * SPEC 3.6 (issue 31): a support session lends write access and leaves nothing behind for its holder.
 * Whatever the session set up (workspace settings, domains, invites, join requests, project roles,
 * webhooks), the server admin's standing afterwards is what it was before, and stays so.
 */
const t = useTestServer({
  env: { NUXT_WEBHOOKS_ALLOW_PRIVATE: 'true', NUXT_WEBHOOKS_POLL_MS: '100', NUXT_UPKEEP_INTERVAL_MS: '200', NUXT_RATE_LIMIT_FACTOR: '100' },
  personas: ['ada'],
  credentials: 'cookie',
})
let sam: SignedIn
let olive: SignedIn
let ada: SignedIn
let samId: number
let receiver: TestReceiver

beforeAll(async () => {
  sam = await t.api.login('admin@example.com')
  olive = await t.api.login('ops@example.com')
  ada = t.as.ada
  samId = (await t.api.get('/api/me', sam)).body.user.id
  receiver = await startReceiver()
})
afterAll(() => receiver?.close())

async function openSession(as: SignedIn) {
  const session = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'ticket' }, as)).body
  expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)).status).toBe(200)
  return session.id as number
}
const revoke = async (id: number) => expect((await t.api.post(`/api/workspaces/acme/support-sessions/${id}/revoke`, {}, ada)).status).toBe(200)
const isMember = async (userId: number) => ((await t.api.get('/api/workspaces/acme/members', ada)).body as { user: { id: number } }[]).some(m => m.user.id === userId)

async function sql<T>(query: string, ...args: unknown[]): Promise<T[]> {
  const db = await openTestDb(t.server)
  try {
    return await db.all<T>(query, ...args)
  }
  finally {
    await db.close()
  }
}

/** Adds and verifies an address on the account, through the verification mail as its owner would. */
async function addVerifiedEmail(as: SignedIn, email: string) {
  expect((await t.api.post('/api/me/emails', { email }, as)).status).toBe(201)
  const [mail] = await sql<{ text: string }>('select text from email_outbox where "to" = ? order by id desc limit 1', email)
  const token = /verify-email\?token=([\w-]+)/.exec(mail!.text)![1]
  expect((await t.api.post('/api/me/emails/verify', { token }, as)).status).toBeLessThan(300)
}

async function until<T>(what: string, look: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = await look()
    if (found) return found
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(r => setTimeout(r, 50))
  }
}

describe('a session plants nothing its holder can use later', () => {
  it('auto-join and a domain set up under a session never make the server admin a member', async () => {
    const session = await openSession(sam)
    expect((await t.api.patch('/api/workspaces/acme', { discoverable: true, autoJoin: true }, sam)).status).toBe(200)
    // The domain of his own address: verified by nothing but his own email, which a session never lends.
    const domain = await t.api.post('/api/workspaces/acme/domains', { domain: 'example.com' }, sam)
    expect(domain.status).toBe(403)
    expect(domain.body.data.code).toBe('SupportSelfGrant')
    await revoke(session)

    // Whatever set the domain (here, as if one of Acme's Admins had), a server admin's request waits.
    const [acme] = await sql<{ id: number }>('select id from workspaces where slug = ?', 'acme')
    await sql('insert into workspace_domains (workspace_id, domain, created_at) values (?, ?, ?)', acme!.id, 'example.com', Date.now())
    const asked = await t.api.post('/api/workspaces/acme/join-requests', {}, sam)
    expect(asked.status).toBe(201)
    expect(asked.body).toMatchObject({ joined: false, request: { status: 'pending' } })
    expect(await isMember(samId)).toBe(false)

    // Another server admin's session cannot let him in; an Admin of Acme, outside any session, can.
    const olives = await openSession(olive)
    const lent = await t.api.post(`/api/workspaces/acme/join-requests/${asked.body.request.id}/approve`, {}, olive)
    expect(lent.status).toBe(403)
    expect(lent.body.data.code).toBe('SupportSelfGrant')
    await revoke(olives)
    expect((await t.api.post(`/api/workspaces/acme/join-requests/${asked.body.request.id}/approve`, {}, ada)).status).toBe(200)
    expect(await isMember(samId)).toBe(true)

    expect((await t.api.del(`/api/workspaces/acme/members/${samId}`, ada)).status).toBe(204)
    expect((await t.api.patch('/api/workspaces/acme', { discoverable: false, autoJoin: false }, ada)).status).toBe(200)
  })

  it('auto-join still admits everyone else at once', async () => {
    expect((await t.api.patch('/api/workspaces/acme', { discoverable: true, autoJoin: true }, ada)).status).toBe(200)
    const gil = await t.api.login('gil@globex.test')
    await addVerifiedEmail(gil, 'gil@acme.test')
    expect((await t.api.post('/api/workspaces/acme/join-requests', {}, gil)).body.joined).toBe(true)
    expect((await t.api.patch('/api/workspaces/acme', { discoverable: false, autoJoin: false }, ada)).status).toBe(200)
  })

  it('an invite made under a session to an address he adds to his account later cannot be accepted', async () => {
    const session = await openSession(sam)
    const invite = await t.api.post('/api/workspaces/acme/invites', { email: 'sam.later@example.test', role: 'admin', seat: 'editor' }, sam)
    expect(invite.status).toBe(201)
    await revoke(session)
    await addVerifiedEmail(sam, 'sam.later@example.test')
    const accepted = await t.api.post(`/api/invites/${invite.body.id}/accept`, {}, sam)
    expect(accepted.status).toBe(403)
    expect(accepted.body.data.code).toBe('SupportSelfGrant')
    expect(await isMember(samId)).toBe(false)
  })

  it('a join request made under a session is never approved, even by an Admin outside it', async () => {
    expect((await t.api.patch('/api/workspaces/acme', { discoverable: true }, ada)).status).toBe(200)
    const session = await openSession(sam)
    const asked = await t.api.post('/api/workspaces/acme/join-requests', {}, sam)
    expect(asked.body).toMatchObject({ joined: false, request: { status: 'pending' } })
    await revoke(session)
    const approved = await t.api.post(`/api/workspaces/acme/join-requests/${asked.body.request.id}/approve`, {}, ada)
    expect(approved.body.data.code).toBe('SupportSelfGrant')
    expect((await t.api.post(`/api/workspaces/acme/join-requests/${asked.body.request.id}/deny`, {}, ada)).status).toBe(200)
    expect((await t.api.patch('/api/workspaces/acme', { discoverable: false }, ada)).status).toBe(200)
  })

  it('project roles: nothing names an address that is not an account yet, and projects made under a session have no owner role for him', async () => {
    const { tower } = await demoIds(t.api, ada)
    const session = await openSession(sam)
    const placeholder = await t.api.post(`/api/projects/${tower}/collaborators`, { email: 'sam.project@example.test', role: 'editor' }, sam)
    expect(placeholder.body.data.code).toBe('UserNotFound')
    const made = await t.api.post('/api/workspaces/acme/projects', { name: 'Made in support', visibility: 'private' }, sam)
    expect(made.status).toBe(201)
    await revoke(session)
    expect(await sql('select * from project_roles where project_id = ? and user_id = ?', made.body.id, samId)).toEqual([])
  })

  it('a token made during a session writes nothing after it', async () => {
    const session = await openSession(sam)
    const token = await t.api.token(await t.api.login('admin@example.com'), 'during support')
    expect((await t.api.patch('/api/workspaces/acme', { description: 'during' }, token)).status).toBe(200)
    await revoke(session)
    expect((await t.api.patch('/api/workspaces/acme', { description: 'after' }, token)).body.data.code).toBe('SupportSessionRequired')
  })
})

describe('webhooks a session set up', () => {
  const hooks = async () => (await t.api.get('/api/workspaces/acme/webhooks', ada)).body.items as { id: number, enabled: boolean }[]
  const cyId = async () => ((await t.api.get('/api/workspaces/acme/members', ada)).body as { user: { id: number, email: string } }[]).find(m => m.user.email === 'cy@acme.test')!.user.id
  const setCySeat = async (seat: 'editor' | 'viewer') => expect((await t.api.patch(`/api/workspaces/acme/members/${await cyId()}`, { seat }, ada)).status).toBe(200)
  const seatChangesFor = (path: string) => receiver.received.filter(r => r.path === path && r.json?.type === 'member.changed').length

  it('one he creates stops sending the workspace\'s events once the session ends, and is switched off on the record', async () => {
    const session = await openSession(sam)
    const created = await t.api.post('/api/workspaces/acme/webhooks', { url: `${receiver.url}/sam`, events: ['member.changed'], format: 'json' }, sam)
    expect(created.status).toBe(201)
    const id = created.body.webhook.id as number
    await setCySeat('editor')
    await receiver.waitFor(r => r.path === '/hook/sam' && r.json?.type === 'member.changed')
    await revoke(session)

    const before = seatChangesFor('/hook/sam')
    await setCySeat('viewer')
    await until('the webhook to be switched off', async () => (await hooks()).find(h => h.id === id)?.enabled === false)
    await new Promise(r => setTimeout(r, 500))
    expect(seatChangesFor('/hook/sam')).toBe(before)
    const audit = (await t.api.get('/api/workspaces/acme/audit', ada)).body
    const events = (audit.items ?? audit) as { action: string, targetId: string | number, data: Record<string, unknown> }[]
    expect(events.some(e => e.action === 'webhook.updated' && Number(e.targetId) === id && e.data.reason === 'support_session_ended')).toBe(true)
  })

  it('an Admin\'s webhook he re-points or whose secret he rotates under a session stops with it, until an Admin sets it again', async () => {
    const own = await t.api.post('/api/workspaces/acme/webhooks', { url: `${receiver.url}/ada`, events: ['member.changed'], format: 'json' }, ada)
    const id = own.body.webhook.id as number
    const session = await openSession(sam)
    expect((await t.api.post(`/api/workspaces/acme/webhooks/${id}/rotate-secret`, {}, sam)).status).toBe(200)
    await revoke(session)
    await until('the webhook to be switched off', async () => (await hooks()).find(h => h.id === id)?.enabled === false)

    // Acme's Admin switches it on again, outside any session: it is the workspace's own once more.
    expect((await t.api.patch(`/api/workspaces/acme/webhooks/${id}`, { enabled: true }, ada)).status).toBe(200)
    await setCySeat('editor')
    await receiver.waitFor(r => r.path === '/hook/ada' && r.json?.type === 'member.changed')
    await new Promise(r => setTimeout(r, 500))
    expect((await hooks()).find(h => h.id === id)?.enabled).toBe(true)

    const again = await openSession(sam)
    expect((await t.api.patch(`/api/workspaces/acme/webhooks/${id}`, { url: `${receiver.url}/sam-again` }, sam)).status).toBe(200)
    await revoke(again)
    await until('the re-pointed webhook to be switched off', async () => (await hooks()).find(h => h.id === id)?.enabled === false)
    await setCySeat('viewer')
    await new Promise(r => setTimeout(r, 500))
    expect(seatChangesFor('/hook/sam-again')).toBe(0)
  })
})

describe('a session never raises another server admin either', () => {
  const refusedAsSelfGrant = (res: { status: number, body: { data?: { code?: string } } }) => {
    expect(res.status).toBe(403)
    expect(res.body.data?.code).toBe('SupportSelfGrant')
  }
  const oliveId = async () => (await t.api.get('/api/me', olive)).body.user.id as number

  it('invites, project roles, role changes: Sam\'s session lets Olive in nowhere, and so cannot let himself in through her', async () => {
    const { tower } = await demoIds(t.api, ada)
    const olives = await oliveId()
    const session = await openSession(sam)
    // Her address, in any letter case; a Guest through a project; then a new address she adds later.
    refusedAsSelfGrant(await t.api.post('/api/workspaces/acme/invites', { email: 'OPS@example.com', role: 'admin', seat: 'editor' }, sam))
    refusedAsSelfGrant(await t.api.post(`/api/projects/${tower}/collaborators`, { email: 'ops@example.com', role: 'viewer' }, sam))
    const later = await t.api.post('/api/workspaces/acme/invites', { email: 'olive.later@example.test', role: 'admin', seat: 'editor' }, sam)
    expect(later.status).toBe(201)
    await revoke(session)
    await addVerifiedEmail(olive, 'olive.later@example.test')
    refusedAsSelfGrant(await t.api.post(`/api/invites/${later.body.id}/accept`, {}, olive))
    expect(await isMember(olives)).toBe(false)

    // Olive, let in as a Guest by Acme's own Admin, is raised by no session; removing her lowers her standing and stays allowed.
    const invited = await t.api.post('/api/workspaces/acme/invites', { email: 'ops@example.com', role: 'guest', seat: 'viewer' }, ada)
    expect((await t.api.post(`/api/invites/${invited.body.id}/accept`, {}, olive)).status).toBe(200)
    const again = await openSession(sam)
    refusedAsSelfGrant(await t.api.patch(`/api/workspaces/acme/members/${olives}`, { role: 'admin' }, sam))
    refusedAsSelfGrant(await t.api.patch(`/api/workspaces/acme/members/${olives}`, { seat: 'editor' }, sam))
    refusedAsSelfGrant(await t.api.post(`/api/projects/${tower}/collaborators`, { email: 'ops@example.com', role: 'editor' }, sam))
    expect((await t.api.del(`/api/workspaces/acme/members/${olives}`, sam)).status).toBe(204)
    await revoke(again)
    expect(await isMember(olives)).toBe(false)
    expect(await sql('select * from project_roles where project_id = ? and user_id = ?', tower, olives)).toEqual([])
  })
})
