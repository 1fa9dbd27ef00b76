import { networkInterfaces } from 'node:os'
import { describe, expect, it } from 'vitest'
import { useTestServer } from './helpers/server'

/** Issue 20: webhooks reach only globally routable unicast addresses, and never this machine. */
const t = useTestServer()

/** This machine's own addresses other than loopback (loopback is refused by range anyway). */
const own = Object.values(networkInterfaces()).flat().filter(i => i && !i.internal && i.family === 'IPv4').map(i => i!.address)

const REFUSED = [
  'http://192.0.2.1/hook', 'http://198.51.100.7/hook', 'http://203.0.113.9/hook', // documentation (TEST-NET-1, 2, 3)
  'http://198.18.0.1/hook', 'http://100.64.0.1/hook', 'http://192.88.99.1/hook', 'http://240.0.0.1/hook', 'http://0.0.0.0/hook',
  'http://10.1.2.3/hook', 'http://172.16.0.1/hook', 'http://192.168.1.1/hook', 'http://169.254.169.254/latest/meta-data',
  'http://[64:ff9b::7f00:1]/hook', 'http://[64:ff9b:1::a00:1]/hook', // NAT64, well-known and local-use
  'http://[2002:7f00:1::]/hook', 'http://[2001::1]/hook', 'http://[2001:db8::1]/hook', // 6to4, Teredo, documentation
  'http://[::ffff:127.0.0.1]/hook', 'http://[::ffff:10.0.0.1]/hook', 'http://[fd00::1]/hook', 'http://[fe80::1]/hook', 'http://[::]/hook',
  ...own.flatMap(address => [`http://${address}:8080/hook`, `http://[::ffff:${address}]:8080/hook`]),
]

describe('webhook addresses', () => {
  it('has this machine\'s own addresses to try', () => {
    expect(REFUSED.length).toBeGreaterThan(20)
  })

  it.each(REFUSED)('refuses %s when it is saved', async (url) => {
    const ada = await t.api.login('ada@acme.test')
    const res = await t.api.post('/api/workspaces/acme/webhooks', { url, events: ['member.added'] }, ada)
    expect(res.status).toBe(400)
    expect(res.body.data.code).toBe('WebhookAddressNotAllowed')
    // It says how a test setup can allow it (issue 21).
    expect(res.body.message).toContain('NUXT_WEBHOOKS_ALLOW_PRIVATE=true')
  })

  it('accepts a global unicast address', async () => {
    const ada = await t.api.login('ada@acme.test')
    for (const url of ['https://93.184.215.14/hook', 'https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook']) {
      expect((await t.api.post('/api/workspaces/acme/webhooks', { url, events: ['member.added'] }, ada)).status).toBe(201)
    }
  })
})
