import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { apiClient, type ApiClient, type SignedIn } from './helpers/client'
import { openTestDb } from './helpers/db'
import { inMinutes } from './helpers/fixtures'
import { startReceiver, type Received, type TestReceiver } from './helpers/receiver'
import { startAnotherInstance, useTestServer, type TestServer } from './helpers/server'

/** SPEC 3.9 webhooks, over HTTP, with real receivers on loopback. */
const WEBHOOK_ENV = {
  NUXT_WEBHOOKS_ALLOW_PRIVATE: 'true', // the receivers listen on 127.0.0.1
  NUXT_RATE_LIMIT_FACTOR: '100', // dozens of support requests and test events: rate limits are tested in rate-limits.test.ts
  NUXT_WEBHOOKS_TIMEOUT_MS: '2000',
  NUXT_WEBHOOKS_RETRY_BASE_MS: '200',
  NUXT_WEBHOOKS_POLL_MS: '100',
}

let receiver: TestReceiver
beforeAll(async () => {
  receiver = await startReceiver()
})
afterAll(() => receiver?.close())

const main = useTestServer({ env: WEBHOOK_ENV, personas: ['sam', 'ada', 'ben', 'gil'] })
let server: TestServer
let api: ApiClient
let sam: SignedIn
let ada: SignedIn
let ben: SignedIn
let gil: SignedIn
beforeAll(() => {
  ({ server, api, as: { sam, ada, ben, gil } } = main)
})

/** Verifies a `X-Support-Access-Signature` header as a receiver would. */
function verifies(received: Received, secret: string): boolean {
  const header = String(received.headers['x-support-access-signature'] ?? '')
  const { t, v1 } = Object.fromEntries(header.split(',').map(part => part.split('='))) as { t: string, v1: string }
  const expected = createHmac('sha256', secret).update(`${t}.${received.body}`).digest('hex')
  return !!v1 && v1 === expected && Math.abs(Date.now() / 1000 - Number(t)) < 300
}

const hooksUrl = '/api/workspaces/acme/webhooks'
const addHook = (body: object, as: object = ada, url = hooksUrl) => api.post(url, body, as as never)
const requestSupport = (reason: string, slug = 'acme') => api.post(`/api/admin/workspaces/${slug}/support-sessions`, { reason, expiresAt: inMinutes(60) }, sam)
const ofEvent = (type: string, reason?: string) => (r: Received) => r.json?.type === type && (reason === undefined || r.json?.data?.session?.reason === reason)
const deliveriesOf = async (id: number, url = hooksUrl) => (await api.get(`${url}/${id}/deliveries`, ada)).body

async function removeAllHooks() {
  for (const hook of (await api.get(hooksUrl, ada)).body.items) await api.del(`${hooksUrl}/${hook.id}`, ada)
  receiver.respondWith(() => ({ status: 200 }))
}

describe('endpoints', () => {
  beforeEach(removeAllHooks)

  it('creates an endpoint, shows its secret once, and signs each delivery with it', async () => {
    const created = await addHook({ url: receiver.url, events: ['support.requested'], format: 'json' })
    expect(created.status).toBe(201)
    expect(created.body.webhook).toMatchObject({ url: receiver.url, events: ['support.requested'], format: 'json', enabled: true })
    const { secret } = created.body
    expect(secret).toMatch(/^whsec_/)
    const listed = (await api.get(hooksUrl, ada)).body.items
    expect(listed).toHaveLength(1)
    expect(JSON.stringify(listed)).not.toContain(secret)

    await requestSupport('Signed delivery')
    const got = await receiver.waitFor(ofEvent('support.requested', 'Signed delivery'))
    expect(got.json).toMatchObject({ type: 'support.requested', workspace: { slug: 'acme', name: 'Acme' }, data: { summary: 'Sam Admin requested support access: “Signed delivery”', actor: { name: 'Sam Admin' } } })
    expect(got.json.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(new Date(got.json.createdAt).toISOString()).toBe(got.json.createdAt)
    expect(got.headers['content-type']).toBe('application/json')
    expect(verifies(got, secret)).toBe(true)
    expect(verifies(got, 'whsec_someone-elses-secret')).toBe(false)
    // A tampered body no longer matches its signature.
    expect(verifies({ ...got, body: got.body.replace('Signed', 'Forged') }, secret)).toBe(false)
  })

  it('rotates the secret: later deliveries verify with the new one only', async () => {
    const { webhook, secret: old } = (await addHook({ url: receiver.url, events: ['support.requested'] })).body
    const rotated = await api.post(`${hooksUrl}/${webhook.id}/rotate-secret`, {}, ada)
    expect(rotated.status).toBe(200)
    expect(rotated.body.secret).not.toBe(old)
    await requestSupport('After rotation')
    const got = await receiver.waitFor(ofEvent('support.requested', 'After rotation'))
    expect(verifies(got, rotated.body.secret)).toBe(true)
    expect(verifies(got, old)).toBe(false)
  })

  it('sends Slack-format text without a signature', async () => {
    await addHook({ url: receiver.url, events: ['support.requested'], format: 'slack' })
    await requestSupport('Slack please')
    const got = await receiver.waitFor(r => String(r.json?.text ?? '').includes('Slack please'))
    expect(Object.keys(got.json)).toEqual(['text'])
    expect(got.json.text).toMatch(/^\[Acme\] Sam Admin requested support access: “Slack please”\. http:\/\/127\.0\.0\.1:\d+\/settings\/workspaces\/acme\/support$/)
    expect(got.headers['x-support-access-signature']).toBeUndefined()
  })

  it('announces only the chosen events, nothing while disabled, and member changes too', async () => {
    const { webhook } = (await addHook({ url: receiver.url, events: ['member.changed'] })).body
    const before = receiver.received.length
    await requestSupport('Not subscribed')
    const members = (await api.get('/api/workspaces/acme/members', ada)).body as { user: { id: number, name: string } }[]
    const cy = members.find(m => m.user.name === 'Cy')!.user.id
    expect((await api.patch(`/api/workspaces/acme/members/${cy}`, { seat: 'editor' }, ada)).status).toBe(200)
    const changed = await receiver.waitFor(r => r.json?.type === 'member.changed' && r.json.data.changes?.seat?.to === 'editor')
    expect(changed.json.data.summary).toBe('Ada changed Cy’s seat from Viewer to Editor')
    expect(receiver.received.slice(before).filter(r => r.json?.data?.session?.reason === 'Not subscribed')).toEqual([])

    expect((await api.patch(`${hooksUrl}/${webhook.id}`, { enabled: false }, ada)).body.webhook.enabled).toBe(false)
    const count = receiver.received.length
    expect((await api.patch(`/api/workspaces/acme/members/${cy}`, { seat: 'viewer' }, ada)).status).toBe(200)
    await api.post(`${hooksUrl}/${webhook.id}/test`, {}, ada) // queued, but the endpoint is off
    await new Promise(r => setTimeout(r, 600)) // several worker ticks
    expect(receiver.received.length).toBe(count)
  })

  it('Send test event: 202, then the log shows the delivery', async () => {
    const { webhook } = (await addHook({ url: receiver.url, events: ['support.expired'] })).body
    const sent = await api.post(`${hooksUrl}/${webhook.id}/test`, {}, ada)
    expect(sent.status).toBe(202)
    const got = await receiver.waitFor(r => r.json?.id === sent.body.eventId)
    expect(got.json).toMatchObject({ type: 'webhook.test', workspace: { slug: 'acme' }, data: { summary: 'Ada sent a test event from Support Access' } })
    await expect.poll(async () => (await deliveriesOf(webhook.id)).items[0]?.status).toBe('delivered')
    const log = await deliveriesOf(webhook.id)
    expect(log.total).toBe(1)
    expect(log.items[0]).toMatchObject({ event: 'webhook.test', status: 'delivered', attempts: 1, responseStatus: 200 })
    expect(log.items[0].durationMs).toBeGreaterThanOrEqual(0)
  })

  it('audits endpoint changes with the address cut to its origin', async () => {
    const { webhook } = (await addHook({ url: `${receiver.url}/T000/B000/secret-token`, events: ['support.requested'] })).body
    await api.del(`${hooksUrl}/${webhook.id}`, ada)
    const audit = JSON.stringify((await api.get('/api/workspaces/acme/audit', ada)).body.items.slice(0, 5))
    expect(audit).toContain('webhook.created')
    expect(audit).toContain('webhook.deleted')
    expect(audit).not.toContain('secret-token')
  })

  it.each([
    [{ url: 'ftp://example.com/hook', events: ['support.requested'] }],
    [{ url: 'not a url', events: ['support.requested'] }],
    [{ url: 'https://example.com/hook', events: [] }],
    [{ url: 'https://example.com/hook', events: ['support.exploded'] }],
    [{ url: 'https://example.com/hook', events: ['support.requested'], format: 'xml' }],
    [{ url: 'https://example.com/hook', events: ['support.requested'], secret: 'mine' }],
  ])('refuses %j with ValidationFailed', async (body) => {
    const res = await addHook(body)
    expect(res.status).toBe(400)
    expect(res.body.data.code).toBe('ValidationFailed')
  })

  it('is for workspace Admins; server admins read, and write only with an active session', async () => {
    expect((await api.get(hooksUrl, ben)).body.data.code).toBe('WorkspaceAdminRequired')
    expect((await api.get(hooksUrl, gil)).status).toBe(404)
    expect((await api.get(hooksUrl, sam)).status).toBe(200)
    expect((await addHook({ url: receiver.url, events: ['support.requested'] }, ben)).body.data.code).toBe('WorkspaceAdminRequired')
    expect((await addHook({ url: receiver.url, events: ['support.requested'] }, sam)).body.data.code).toBe('SupportSessionRequired')
    const session = (await requestSupport('Webhook help')).body
    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)).status).toBe(200)
    const lent = await addHook({ url: receiver.url, events: ['support.requested'] }, sam)
    expect(lent.status).toBe(201)
    const audit = (await api.get('/api/workspaces/acme/audit', ada)).body.items
    expect(audit.find((e: { action: string }) => e.action === 'webhook.created').supportSessionId).toBe(session.id)
    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, ada)).status).toBe(200)
    expect((await api.get(`/api/workspaces/globex/webhooks/${lent.body.webhook.id}/deliveries`, gil)).status).toBe(404)
    expect((await api.get(`${hooksUrl}/999999/deliveries`, ada)).body.data.code).toBe('WebhookNotFound')
  })
})

describe('delivery', () => {
  beforeEach(removeAllHooks)

  it('retries with backoff: a receiver answering 500 twice then 200 gets the event three times, and the log says so', async () => {
    const { webhook } = (await addHook({ url: receiver.url, events: ['support.requested'] })).body
    let failures = 0
    receiver.respondWith(r => (r.json?.data?.session?.reason === 'Flaky receiver' && failures++ < 2 ? { status: 500 } : { status: 200 }))
    await requestSupport('Flaky receiver')
    await expect.poll(async () => (await deliveriesOf(webhook.id)).items[0]?.status, { timeout: 15_000 }).toBe('delivered')
    const copies = receiver.received.filter(ofEvent('support.requested', 'Flaky receiver'))
    expect(copies.map(c => c.answered)).toEqual([500, 500, 200])
    expect(new Set(copies.map(c => c.json.id)).size).toBe(1)
    expect((await deliveriesOf(webhook.id)).items[0]).toMatchObject({ status: 'delivered', attempts: 3, responseStatus: 200, lastError: null })
  })

  it('never follows a redirect: a 302 is a failed attempt, and the other address is never called', async () => {
    const { webhook } = (await addHook({ url: receiver.url, events: ['support.requested'] })).body
    let redirected = 0
    receiver.respondWith((r) => {
      if (r.json?.data?.session?.reason !== 'Redirect me') return { status: 200 }
      return ++redirected === 1 ? { status: 302, headers: { location: `${receiver.url}/elsewhere` } } : { status: 200 }
    })
    await requestSupport('Redirect me')
    await expect.poll(async () => (await deliveriesOf(webhook.id)).items[0]?.status, { timeout: 15_000 }).toBe('delivered')
    const copies = receiver.received.filter(ofEvent('support.requested', 'Redirect me'))
    expect(copies.map(c => c.answered)).toEqual([302, 200])
    expect(receiver.received.filter(r => r.path.endsWith('/elsewhere'))).toEqual([])
    expect((await deliveriesOf(webhook.id)).items[0]).toMatchObject({ attempts: 2, responseStatus: 200 })
  })

  it('a receiver that hangs does not delay the request that caused the event', async () => {
    const DELAY_MS = 1_500
    await addHook({ url: receiver.url, events: ['support.approved'] })
    receiver.respondWith(() => ({ status: 200, delayMs: DELAY_MS }))
    const session = (await requestSupport('Slow receiver')).body
    const started = performance.now()
    const approved = await api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)
    const took = performance.now() - started
    expect(approved.status).toBe(200)
    expect(took).toBeLessThan(DELAY_MS)
    const got = await receiver.waitFor(r => r.json?.type === 'support.approved' && r.json.data.session.id === session.id)
    expect(got.answered).toBe(null) // still waiting when the approve had long answered
    await api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, ada)
  })

  it('a timed-out receiver is retried, and the log records the timeout', async () => {
    const { webhook } = (await addHook({ url: receiver.url, events: ['support.requested'] })).body
    let first = true
    receiver.respondWith(() => (first ? ((first = false), 'hang') : { status: 204 }))
    await requestSupport('Timeout then fine')
    await expect.poll(async () => (await deliveriesOf(webhook.id)).items[0]?.status, { timeout: 15_000 }).toBe('delivered')
    expect((await deliveriesOf(webhook.id)).items[0]).toMatchObject({ attempts: 2, responseStatus: 204 })
  })

  it('killing the server mid-delivery and restarting delivers the event once', async () => {
    const { webhook } = (await addHook({ url: receiver.url, events: ['support.requested'] })).body
    receiver.respondWith(r => (r.json?.data?.session?.reason === 'Crash mid-delivery' ? 'hang' : { status: 200 }))
    await requestSupport('Crash mid-delivery')
    await receiver.waitFor(ofEvent('support.requested', 'Crash mid-delivery'))
    // Answered from now on: the hung attempt has been decided already, and the restarted server may retry
    // before restart() returns on a loaded machine (once the killed process's claim lapses).
    receiver.respondWith(() => ({ status: 200 }))
    await server.restart('SIGKILL')
    await expect.poll(async () => (await deliveriesOf(webhook.id)).items[0]?.status, { timeout: 20_000 }).toBe('delivered')
    await new Promise(r => setTimeout(r, 800)) // worker ticks after the delivery: nothing more is sent
    const copies = receiver.received.filter(ofEvent('support.requested', 'Crash mid-delivery'))
    expect(copies.filter(c => c.answered === 200)).toHaveLength(1)
    expect(copies.length).toBe(2) // the unanswered first attempt, then the one that was acknowledged
    expect((await deliveriesOf(webhook.id)).items[0]).toMatchObject({ status: 'delivered', attempts: 2 })
  }, 60_000)

  it('two server processes on one database deliver each event once', async () => {
    const { webhook } = (await addHook({ url: receiver.url, events: ['support.requested'] })).body
    const second = await startAnotherInstance(server, WEBHOOK_ENV)
    try {
      const api2 = apiClient(second.url)
      const sam2 = await api2.token(await api2.login('admin@example.com'))
      const reasons = Array.from({ length: 20 }, (_, i) => `Two processes ${i}`)
      await Promise.all(reasons.map((reason, i) => (i % 2 ? api2 : api).post('/api/admin/workspaces/acme/support-sessions', { reason, expiresAt: inMinutes(60) }, i % 2 ? sam2 : sam)))
      await expect.poll(async () => (await deliveriesOf(webhook.id, hooksUrl)).items.filter((d: { status: string }) => d.status === 'delivered').length, { timeout: 20_000 }).toBe(20)
      await new Promise(r => setTimeout(r, 500))
      for (const reason of reasons) expect(receiver.received.filter(ofEvent('support.requested', reason))).toHaveLength(1)
    }
    finally {
      await second.stop()
    }
  }, 60_000)
})

describe('addresses', () => {
  const t = useTestServer({ personas: ['ada'] }) // private addresses not allowed (the default)

  it.each([
    'http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://app.localhost/hook', 'http://[::1]/hook', 'http://10.1.2.3/hook',
    'http://192.168.0.10/hook', 'http://172.20.0.1/hook', 'http://169.254.169.254/latest/meta-data', 'http://[::ffff:127.0.0.1]/hook', 'http://0.0.0.0/hook',
    'http://[fd00::1]/hook',
  ])('refuses %s with WebhookAddressNotAllowed', async (url) => {
    const res = await t.api.post(hooksUrl, { url, events: ['support.requested'] }, t.as.ada)
    expect(res.status).toBe(400)
    expect(res.body.data.code).toBe('WebhookAddressNotAllowed')
  })

  it('refuses a private address at send time too (an endpoint saved while they were allowed)', async () => {
    const db = await openTestDb(t.server)
    const acme = (await db.get<{ id: number }>(`select id from workspaces where slug = 'acme'`))!
    const { id } = (await db.get<{ id: number }>(`insert into webhooks (workspace_id, url, events, format, secret) values (?, ?, '["support.requested"]', 'json', 'whsec_x') returning id`, acme.id, receiver.url))!
    await db.close()
    const before = receiver.received.length
    expect((await t.api.post(`${hooksUrl}/${id}/test`, {}, t.as.ada)).status).toBe(202)
    await expect.poll(async () => (await t.api.get(`${hooksUrl}/${id}/deliveries`, t.as.ada)).body.items[0]?.lastError ?? '', { timeout: 10_000 })
      .toContain('loopback or private address')
    expect(receiver.received.length).toBe(before)
  })

  it('accepts a public address, and refuses moving it to a private one', async () => {
    const created = await t.api.post(hooksUrl, { url: 'https://93.184.215.14/hook', events: ['support.requested'] }, t.as.ada)
    expect(created.status).toBe(201)
    const moved = await t.api.patch(`${hooksUrl}/${created.body.webhook.id}`, { url: 'http://127.0.0.1/hook' }, t.as.ada)
    expect(moved.body.data.code).toBe('WebhookAddressNotAllowed')
  })
})

describe('the delivery log (issue 21)', () => {
  beforeEach(removeAllHooks)

  it('tries a test event once, keeps what was sent and what came back, and sends it again on request', async () => {
    const { webhook } = (await addHook({ url: receiver.url, events: ['member.added'] })).body
    receiver.respondWith(() => ({ status: 500, body: 'receiver broke: database down' }))
    const before = receiver.received.length
    const { eventId } = (await api.post(`${hooksUrl}/${webhook.id}/test`, {}, ada)).body
    let failed
    for (let tries = 0; tries < 300 && !failed; tries++) {
      failed = (await deliveriesOf(webhook.id)).items.find((d: { status: string }) => d.status === 'failed')
      if (!failed) await new Promise(r => setTimeout(r, 50))
    }
    expect(failed).toMatchObject({ eventId, attempts: 1, responseStatus: 500, responseBody: 'receiver broke: database down', lastError: 'HTTP 500' })
    expect(JSON.parse(failed.body)).toMatchObject({ type: 'webhook.test', id: eventId })
    expect(receiver.received.length - before).toBe(1)

    receiver.respondWith(() => ({ status: 200 }))
    const again = await api.post(`${hooksUrl}/${webhook.id}/deliveries/${failed.id}/redeliver`, {}, ada)
    expect(again.status).toBe(202)
    const copy = await receiver.waitFor(r => r.headers['x-support-access-delivery'] === eventId && r.answered === 200)
    expect(copy.body).toBe(failed.body)
    const log = (await deliveriesOf(webhook.id)).items
    expect(log[0]).toMatchObject({ id: again.body.deliveryId, eventId })
    expect((await api.post(`${hooksUrl}/${webhook.id}/deliveries/999999/redeliver`, {}, ada)).body.data.code).toBe('WebhookDeliveryNotFound')
    expect((await api.post(`${hooksUrl}/${webhook.id}/deliveries/${failed.id}/redeliver`, {}, ben)).status).toBe(403)
  })
})

describe('server-wide webhooks', () => {
  beforeEach(removeAllHooks)

  it('server admins add one for every workspace\'s events; nobody else may', async () => {
    expect((await api.get('/api/admin/webhooks', ada)).body.data.code).toBe('ServerAdminRequired')
    expect((await addHook({ url: receiver.url, events: ['support.requested'] }, ada, '/api/admin/webhooks')).body.data.code).toBe('ServerAdminRequired')
    const created = await addHook({ url: receiver.url, events: ['support.requested'] }, sam, '/api/admin/webhooks')
    expect(created.status).toBe(201)
    await requestSupport('Server-wide acme')
    await requestSupport('Server-wide globex', 'globex')
    const globex = await receiver.waitFor(ofEvent('support.requested', 'Server-wide globex'))
    expect(globex.json.workspace.slug).toBe('globex')
    await receiver.waitFor(ofEvent('support.requested', 'Server-wide acme'))
    const log = (await api.get(`/api/admin/webhooks/${created.body.webhook.id}/deliveries`, sam)).body
    expect(log.total).toBeGreaterThanOrEqual(2)
    // Not a workspace's: the workspace routes do not find it.
    expect((await api.get(`${hooksUrl}/${created.body.webhook.id}/deliveries`, ada)).body.data.code).toBe('WebhookNotFound')
    expect((await api.del(`/api/admin/webhooks/${created.body.webhook.id}`, sam)).status).toBe(204)
  })

  it('keeps each delivery in the database until it is sent', async () => {
    const db = await openTestDb(server)
    const stuck = (await db.get<{ n: number }>(`select count(*) as n from webhook_deliveries where status = 'pending' and locked_until is not null and locked_until < ?`, Date.now() - 10_000))!
    await db.close()
    expect(stuck.n).toBe(0)
  })
})
