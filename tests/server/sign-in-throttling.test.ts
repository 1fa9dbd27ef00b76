import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, useTestServer } from './helpers/server'

/**
 * SPEC 3.11 (issue 31): nobody can lock another account out, and no header is believed on its own.
 * The server trusts 127.0.0.1 as its proxy; the tests reach it from other loopback addresses
 * (127.0.0.x, each a different client) to be strangers, owners and a crowd.
 */
const t = useTestServer({ env: { NUXT_TRUSTED_PROXIES: '127.0.0.1/32' } })

interface Answer { status: number, body: any, cookies: string[] }

/** One POST from a chosen loopback address, with a browser's cookies and any headers. */
function post(path: string, body: unknown, { from = '127.0.0.2', cookie, headers = {} }: { from?: string, cookie?: string, headers?: Record<string, string> } = {}): Promise<Answer> {
  const url = new URL(t.server.url)
  const payload = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname, port: url.port, path, method: 'POST', localAddress: from,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...(cookie ? { cookie } : {}), ...headers },
    }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => { text += chunk })
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null, cookies: (res.headers['set-cookie'] ?? []).map(c => c.split(';')[0]!) }))
    })
    req.on('error', reject)
    req.end(payload)
  })
}
const signIn = (email: string, password: string, options?: Parameters<typeof post>[2]) => post('/api/auth/login', { email, password }, options)
/** The device cookie a successful sign-in leaves in the browser. */
const deviceCookie = (answer: Answer) => answer.cookies.find(c => c.startsWith('sa-device-'))

describe('nobody can lock another account out', () => {
  it('a stranger\'s ten wrong passwords for CY@acme.test lock out the stranger, not Cy', async () => {
    for (let i = 0; i < 10; i++) expect((await signIn('CY@acme.test', `guess-${i}`, { from: '127.0.0.10' })).status).toBe(401)
    const stranger = await signIn('cy@acme.test', 'guess-11', { from: '127.0.0.10' })
    expect(stranger.status).toBe(429)
    expect(stranger.body.data.code).toBe('TooManyAttempts')
    // Server Settings → Users counts the failures but does not call Cy locked: she is not.
    const sam = await t.api.login('admin@example.com')
    expect((await t.api.get('/api/admin/users?q=cy@acme.test', sam)).body.items[0]).toMatchObject({ signInLocked: false, failedSignIns: 10 })
    // Cy, from her own address, signs in at once.
    expect((await signIn('cy@acme.test', DEMO_PASSWORD, { from: '127.0.0.11' })).status).toBe(200)
  })

  it('a crowd of addresses stops at 100 failures for the account; the browser that signed in before still gets in', async () => {
    const before = await signIn('ben@acme.test', DEMO_PASSWORD, { from: '127.0.0.12' })
    expect(before.status).toBe(200)
    const device = deviceCookie(before)
    expect(device).toBeTruthy()
    for (let a = 0; a < 10; a++) {
      const wrong = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn('Ben@acme.test', `crowd-${a}-${i}`, { from: `127.0.0.${20 + a}` })))
      expect(wrong.map(w => w.status)).toEqual(Array(10).fill(401))
    }
    // Every client without the cookie now waits, Ben too from a new address, and a forged cookie is none.
    expect((await signIn('ben@acme.test', DEMO_PASSWORD, { from: '127.0.0.30' })).status).toBe(429)
    const forged = `${device!.split('=')[0]}=${device!.split('=')[1]!.replace(/.$/, c => (c === 'A' ? 'B' : 'A'))}`
    expect((await signIn('ben@acme.test', DEMO_PASSWORD, { from: '127.0.0.31', cookie: forged })).status).toBe(429)
    // Ben's own browser signs in, from wherever it is now.
    expect((await signIn('ben@acme.test', DEMO_PASSWORD, { from: '127.0.0.32', cookie: device })).status).toBe(200)

    // Server Settings → Users shows the lock and the failures, and unlocking clears them.
    const sam = await t.api.login('admin@example.com')
    const listed = (await t.api.get('/api/admin/users?q=ben@acme.test', sam)).body.items[0]
    expect(listed).toMatchObject({ signInLocked: true, failedSignIns: 100 })
    expect((await t.api.post(`/api/admin/users/${listed.id}/unlock`, {}, sam)).body).toEqual({ unlocked: true, cleared: 100 })
    expect((await signIn('ben@acme.test', DEMO_PASSWORD, { from: '127.0.0.30' })).status).toBe(200)
  })

  it('a device cookie is throttled by its own failures', async () => {
    const first = await signIn('gia@partner.test', DEMO_PASSWORD, { from: '127.0.0.40' })
    const device = deviceCookie(first)!
    for (let i = 0; i < 10; i++) expect((await signIn('gia@partner.test', `mine-${i}`, { from: '127.0.0.40', cookie: device })).status).toBe(401)
    expect((await signIn('gia@partner.test', DEMO_PASSWORD, { from: '127.0.0.40', cookie: device })).status).toBe(429)
    // Gia's other browsers are not locked by this one.
    expect((await signIn('gia@partner.test', DEMO_PASSWORD, { from: '127.0.0.41' })).status).toBe(200)
  })

  it('parallel wrong passwords from one client: at most 10 are judged', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn('gus@partner.test', `parallel-${i}`, { from: '127.0.0.50' })))
    const judged = answers.filter(a => a.status === 401).length
    expect(judged).toBeLessThanOrEqual(10)
    expect(answers.filter(a => a.status === 429).length).toBe(30 - judged)
  })
})

describe('headers are not believed', () => {
  const options = (from: string, headers: Record<string, string> = {}) => post('/api/auth/passkey/options', {}, { from, headers })

  it('the passkey sign-in limit keys on the socket, whatever X-Forwarded-For says', async () => {
    for (let i = 0; i < 30; i++) expect((await options('127.0.0.60', { 'x-forwarded-for': `10.0.0.${i}` })).status).toBe(200)
    const refused = await options('127.0.0.60', { 'x-forwarded-for': '10.0.0.99' })
    expect(refused.status).toBe(429)
  })

  it('behind a trusted proxy the forwarded address is believed', async () => {
    for (let i = 0; i < 30; i++) expect((await options('127.0.0.1', { 'x-forwarded-for': '198.51.100.7' })).status).toBe(200)
    expect((await options('127.0.0.1', { 'x-forwarded-for': '198.51.100.7' })).status).toBe(429)
    // Another client behind the same proxy, and one the proxy saw through a spoofed header it appended to.
    expect((await options('127.0.0.1', { 'x-forwarded-for': '198.51.100.8' })).status).toBe(200)
    expect((await options('127.0.0.1', { 'x-forwarded-for': '198.51.100.7, 198.51.100.9' })).status).toBe(200)
    // Sign-in throttling follows the same address.
    for (let i = 0; i < 10; i++) expect((await signIn('gil@globex.test', `proxied-${i}`, { from: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.20' } })).status).toBe(401)
    expect((await signIn('gil@globex.test', DEMO_PASSWORD, { from: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.20' } })).status).toBe(429)
    expect((await signIn('gil@globex.test', DEMO_PASSWORD, { from: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.21' } })).status).toBe(200)
  })

  it('the WebAuthn relying party is the configured site, never X-Forwarded-Host', async () => {
    const answer = await options('127.0.0.70', { 'x-forwarded-host': 'evil.test', 'x-forwarded-proto': 'https' })
    expect(answer.status).toBe(200)
    expect(answer.body.options.rpId).toBe(new URL(t.server.url).hostname)
  })
})
