import { describe, expect, it } from 'vitest'
import { useTestServer } from './helpers/server'

/** Issue 20: after sign-in, `?redirect=` leads only to a page of this app, and never to a 500. */
const t = useTestServer()

const HOSTILE = ['/.//evil.test', '/x/..//evil.test', '//evil.test', '/\\evil.test', 'https://evil.test/', '/%2F%2Fevil.test', '/\t/evil.test', 'javascript:alert(1)', '']

describe('the sign-in redirect', () => {
  it.each(HOSTILE)('a signed-in user opening /login?redirect=%j stays on this site', async (redirect) => {
    const sam = await t.api.login('admin@example.com')
    const res = await fetch(`${t.server.url}/login?redirect=${encodeURIComponent(redirect)}`, { headers: { cookie: sam.cookie }, redirect: 'manual' })
    expect(res.status).toBeLessThan(500)
    expect([301, 302, 307, 308]).toContain(res.status)
    const location = res.headers.get('location')!
    expect(new URL(location, t.server.url).origin).toBe(t.server.url)
    expect(location.startsWith('//')).toBe(false)
  })

  it('keeps a real page of the app', async () => {
    const sam = await t.api.login('admin@example.com')
    const res = await fetch(`${t.server.url}/login?redirect=${encodeURIComponent('/settings/server/emails?page=2')}`, { headers: { cookie: sam.cookie }, redirect: 'manual' })
    expect(res.headers.get('location')).toBe('/settings/server/emails?page=2')
  })
})
