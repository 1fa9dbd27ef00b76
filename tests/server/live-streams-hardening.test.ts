import { afterAll, describe, expect, it } from 'vitest'
import { openEventStream, supportEvent } from './helpers/event-stream'
import { inMinutes } from './helpers/fixtures'
import { startAnotherInstance, useTestServer, type TestServer } from './helpers/server'

/**
 * Issue 20: streams are capped per user and per process, a replay costs one query, and a stream whose
 * credentials stop holding ends at once, in every process. The heartbeat is an hour here, so nothing
 * below can pass by waiting for it.
 */
const t = useTestServer({ env: { NUXT_LIVE_HEARTBEAT_MS: '3600000', NUXT_LIVE_MAX_STREAMS: '30' } })
const open: { close: () => void }[] = []
afterAll(() => open.forEach(s => s.close()))

async function stream(as: Parameters<typeof openEventStream>[1], url = t.server.url, query = '') {
  const s = await openEventStream(url, as, query)
  open.push(s)
  await s.waitFor(e => e.event === 'ready')
  return s
}
const within = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms))])

describe('live-update streams', () => {
  it('holds at most 10 per user: the 11th ends the oldest, which is told not to reconnect', async () => {
    const gus = await t.api.token(await t.api.login('gus@partner.test'))
    const streams = []
    for (let i = 0; i < 10; i++) streams.push(await stream(gus))
    const eleventh = await stream(gus)
    await within(streams[0]!.ended, 2_000)
    expect(streams[0]!.events.at(-1)?.event).toBe('superseded')
    expect(streams.slice(1).every(s => !s.events.some(e => e.event === 'superseded'))).toBe(true)
    for (const s of [...streams, eleventh]) s.close()
  })

  it('answers 503 with Retry-After when the process holds as many streams as it takes', async () => {
    const held = []
    for (const email of ['ada@acme.test', 'ben@acme.test', 'cy@acme.test', 'gia@partner.test']) {
      const token = await t.api.token(await t.api.login(email))
      for (let i = 0; i < 10; i++) {
        const res = await t.api.get('/api/me', token)
        expect(res.status).toBe(200)
        try {
          held.push(await stream(token))
        }
        catch {
          break // the process is full: what the next assertion checks
        }
      }
    }
    const refused = await t.api.get('/api/events', await t.api.login('gil@globex.test'))
    expect(refused.status).toBe(503)
    expect(refused.body.data.code).toBe('TooManyStreams')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    for (const s of held) s.close()
    // Room again once they are closed (the server notices each hang-up).
    const gil = await t.api.login('gil@globex.test')
    await expect.poll(async () => {
      const probe = await openEventStream(t.server.url, gil).catch(() => null)
      probe?.close()
      return probe !== null
    }, { timeout: 5_000 }).toBe(true)
  })

  it('ends a token\'s streams the moment the token is deleted, and a sign-in\'s when it signs out, in every process', async () => {
    let second: TestServer | undefined
    try {
      second = await startAnotherInstance(t.server, { NUXT_LIVE_HEARTBEAT_MS: '3600000' })
      const ben = await t.api.login('ben@acme.test')
      const token = await t.api.token(ben, 'to delete')
      const here = await stream(token)
      const there = await stream(token, second.url)
      const id = (await t.api.get('/api/me/tokens', ben)).body.find((x: { name: string }) => x.name === 'to delete').id
      expect((await t.api.del(`/api/me/tokens/${id}`, ben)).status).toBe(204)
      await within(Promise.all([here.ended, there.ended]), 3_000)
      // Told why, so a tab shows sign-in instead of reconnecting into a 401 (issue 21).
      expect([here.events.at(-1)?.event, there.events.at(-1)?.event]).toEqual(['signed-out', 'signed-out'])

      const cy = await t.api.login('cy@acme.test')
      const cyStream = await stream(cy, second.url)
      const keeps = await stream(await t.api.login('cy@acme.test'))
      expect((await t.api.post('/api/auth/logout', {}, cy)).status).toBe(204)
      await within(cyStream.ended, 3_000)
      expect(cyStream.events.at(-1)?.event).toBe('signed-out')
      // Cy's other sign-in keeps its stream.
      const sam = await t.api.login('admin@example.com')
      const session = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'still hears', expiresAt: inMinutes(30) }, sam)).body
      await keeps.waitFor(supportEvent('acme', 'pending'))
      await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, sam)
    }
    finally {
      await second?.stop()
    }
  })

  it('gives no one a cursor that counts other workspaces\' activity', async () => {
    const gil = await t.api.login('gil@globex.test')
    const sam = await t.api.login('admin@example.com')
    const before = (await t.api.get('/api/me', gil)).body.liveCursor
    for (let i = 0; i < 3; i++) {
      const session = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: `count ${i}`, expiresAt: inMinutes(30) }, sam)).body
      await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, sam)
    }
    expect((await t.api.get('/api/me', gil)).body.liveCursor).toBe(before)
    // A Globex transition moves Gil's cursor; a server admin's follows every workspace.
    const samBefore = (await t.api.get('/api/me', sam)).body.liveCursor
    const globex = (await t.api.post('/api/admin/workspaces/globex/support-sessions', { reason: 'moves', expiresAt: inMinutes(30) }, sam)).body
    expect((await t.api.get('/api/me', gil)).body.liveCursor).toBeGreaterThan(before)
    expect((await t.api.get('/api/me', sam)).body.liveCursor).toBeGreaterThan(samBefore)
    await t.api.post(`/api/workspaces/globex/support-sessions/${globex.id}/revoke`, {}, sam)
  })

  it('replays only what the reader may hear', async () => {
    const gil = await t.api.login('gil@globex.test')
    const s = await stream(gil, t.server.url, '?after=0')
    // The replay is in order, and Globex's last transition is the newest event Gil may hear.
    await s.waitFor(supportEvent('globex', 'revoked'))
    const heard = s.events.filter(e => e.event === 'support').map(e => JSON.parse(e.data).workspace)
    expect(heard.length).toBeGreaterThan(0)
    expect(new Set(heard)).toEqual(new Set(['globex']))
    s.close()
  })
})
