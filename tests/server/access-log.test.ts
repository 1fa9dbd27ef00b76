import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openEventStream } from './helpers/event-stream'
import { demoIds, inMinutes } from './helpers/fixtures'
import { useTestServer } from './helpers/server'

/**
 * SPEC 3.10 access transparency: what a server admin reads in a workspace they are not a member of is in
 * that workspace's access log, once per admin × route × resource per ten minutes (an audit export every
 * time), in its audit chain and export.
 */
const t = useTestServer({ personas: ['sam', 'olive', 'ada', 'ben'], env: { NUXT_RATE_LIMIT_FACTOR: '100' } })

interface Entry { id: number, actor: { id: number, name: string }, resource: { type: string, id: number, name: string }, route: string, at: string, supportSessionId: number | null }

async function accessLog(query = '') {
  const res = await t.api.get(`/api/workspaces/acme/access-log${query}`, t.as.ada)
  expect(res.status).toBe(200)
  return res.body as { items: Entry[], total: number, actors: { id: number, name: string }[] }
}

describe('access by server admins', () => {
  it('shows Ada what Sam read, with the right names, at once, and once per ten minutes', async () => {
    const { api, as: { sam, ada } } = t
    const ids = await demoIds(api, ada)
    const models = (await api.get(`/api/projects/${ids.tower}/models`, ada)).body as { id: number, name: string }[]
    const before = (await accessLog()).total

    const readAt = Date.now()
    for (const path of [`/api/projects/${ids.secretLab}`, '/api/workspaces/acme/members', `/api/projects/${ids.tower}/comments`, `/api/projects/${ids.tower}/models/${models[0]!.id}/versions`]) {
      expect((await api.get(path, sam)).status, path).toBe(200)
    }
    const log = await accessLog()
    expect(log.total).toBe(before + 4)
    const newest = log.items.slice(0, 4).map(e => ({ actor: e.actor.name, type: e.resource.type, name: e.resource.name, route: e.route, session: e.supportSessionId }))
    expect(newest).toEqual([
      { actor: 'Sam Admin', type: 'model', name: 'Structure', route: `/api/projects/${ids.tower}/models/${models[0]!.id}/versions`, session: null },
      { actor: 'Sam Admin', type: 'comments', name: 'Tower', route: `/api/projects/${ids.tower}/comments`, session: null },
      { actor: 'Sam Admin', type: 'members', name: 'Acme', route: '/api/workspaces/acme/members', session: null },
      { actor: 'Sam Admin', type: 'project', name: 'Secret Lab', route: `/api/projects/${ids.secretLab}`, session: null },
    ])
    for (const entry of log.items.slice(0, 4)) expect(Date.parse(entry.at) - readAt).toBeLessThan(1000)

    // Browsing on: the same reads again, with another page of comments, add nothing.
    for (const path of [`/api/projects/${ids.secretLab}`, '/api/workspaces/acme/members', `/api/projects/${ids.tower}/comments?page=2`]) {
      expect((await api.get(path, sam)).status, path).toBe(200)
    }
    expect((await accessLog()).total).toBe(before + 4)
  })

  it('never records a member\'s own reads, nor a read that was refused', async () => {
    const { api, as: { sam, ada, ben } } = t
    const ids = await demoIds(api, ada)
    const before = (await accessLog()).total
    for (const path of [`/api/projects/${ids.tower}`, `/api/projects/${ids.tower}/comments`, '/api/workspaces/acme/members', '/api/workspaces/acme/projects']) {
      expect((await api.get(path, ben)).status, path).toBe(200)
      expect((await api.get(path, ada)).status, path).toBe(200)
    }
    expect((await api.get(`/api/projects/${ids.tower}/models/999999/versions`, sam)).status).toBe(404)
    const after = await accessLog()
    expect(after.total).toBe(before)
    expect(after.actors.map(a => a.name)).not.toContain('Ben')
  })

  it('filters by admin and by session: reads under a session are entries of their own', async () => {
    const { api, as: { sam, olive, ada } } = t
    const ids = await demoIds(api, ada)
    expect((await api.get(`/api/projects/${ids.secretLab}`, olive)).status).toBe(200)
    const session = (await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'Ticket 9', expiresAt: inMinutes(60) }, sam)).body
    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)).status).toBe(200)
    expect((await api.get(`/api/projects/${ids.secretLab}`, sam)).status).toBe(200)

    const underSession = await accessLog(`?sessionId=${session.id}`)
    expect(underSession.items.map(e => [e.actor.name, e.resource.name, e.supportSessionId])).toEqual([['Sam Admin', 'Secret Lab', session.id]])
    const oliveId = (await accessLog()).actors.find(a => a.name === 'Olive Ops')!.id
    const olives = await accessLog(`?actorId=${oliveId}`)
    expect(olives.items.length).toBeGreaterThan(0)
    expect(olives.items.every(e => e.actor.name === 'Olive Ops')).toBe(true)
    expect((await accessLog()).actors.map(a => a.name)).toEqual(['Olive Ops', 'Sam Admin'])
    // A read is no change: the session's change count and the audit log page leave it out.
    const listed = (await api.get('/api/workspaces/acme/support-sessions', ada)).body.active.find((s: { id: number }) => s.id === session.id)
    expect(listed.changes).toBe(0)
    const audit = (await api.get('/api/workspaces/acme/audit?pageSize=100', ada)).body.items as { action: string }[]
    expect(audit.some(e => e.action === 'access.read')).toBe(false)
    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, ada)).status).toBe(200)
  })

  it('tells Ada\'s open tabs of a new entry within a second, and no Member\'s, live or replayed', async () => {
    const { api, server, as: { sam, ada, ben } } = t
    const ids = await demoIds(api, ada)
    const adaS = await openEventStream(server.url, ada)
    const benS = await openEventStream(server.url, ben)
    const cursor = (await api.get('/api/me', ben)).body.liveCursor
    try {
      await adaS.waitFor(e => e.event === 'ready')
      await benS.waitFor(e => e.event === 'ready')
      const readAt = Date.now()
      expect((await api.get(`/api/projects/${ids.tower}/collaborators`, sam)).status).toBe(200)
      const heard = await adaS.waitFor(e => e.event === 'access')
      expect(Date.now() - readAt).toBeLessThan(1000)
      expect(JSON.parse(heard.data)).toEqual({ workspace: 'acme' })
      // Ben hears the next support transition, and never the access event before it.
      const session = (await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'Ticket 10', expiresAt: inMinutes(60) }, sam)).body
      await benS.waitFor(e => e.event === 'support' && JSON.parse(e.data).sessionId === session.id)
      expect(benS.events.some(e => e.event === 'access')).toBe(false)
      const replayed = await openEventStream(server.url, ben, `?after=${cursor}`)
      try {
        await replayed.waitFor(e => e.event === 'support' && JSON.parse(e.data).sessionId === session.id)
        expect(replayed.events.some(e => e.event === 'access')).toBe(false)
      }
      finally {
        replayed.close()
      }
      expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, sam)).status).toBe(200)
    }
    finally {
      adaS.close()
      benS.close()
    }
  })

  it('pages newest first', async () => {
    const first = await accessLog('?pageSize=2')
    const second = await accessLog('?pageSize=2&page=2')
    expect(first.items).toHaveLength(2)
    expect(second.items[0]!.id).toBeLessThan(first.items[1]!.id)
    expect(first.total).toBe(second.total)
  })

  it('is in the export, whose chain audit:verify checks', async () => {
    const { api, as: { ada, sam } } = t
    const exported = (await api.get('/api/workspaces/acme/audit/export?format=json', ada)).body
    const reads = exported.events.filter((e: { action: string }) => e.action === 'access.read')
    expect(reads.length).toBe((await accessLog()).total)
    expect(reads[0]).toMatchObject({ actorName: expect.any(String), description: expect.stringMatching(/^(Sam Admin|Olive Ops) read “/) })
    const file = join(mkdtempSync(join(tmpdir(), 'access-')), 'acme.json')
    writeFileSync(file, JSON.stringify(exported))
    const run = spawnSync(process.execPath, ['scripts/audit-verify.mjs', file], { encoding: 'utf8' })
    expect(run.stdout).toMatch(new RegExp(`^ok ${exported.events.length} events`))
    expect((await api.get('/api/admin/audit/verify', sam)).body).toMatchObject({ ok: true })
  })

  it('keeps one entry per route: seven reads are seven entries, and every audit export is one', async () => {
    const { api, as: { olive } } = t
    const oliveId = (await accessLog()).actors.find(a => a.name === 'Olive Ops')!.id
    const olives = async () => (await accessLog(`?actorId=${oliveId}&pageSize=100`))
    const before = (await olives()).total
    const routes = ['/api/workspaces/acme/audit', '/api/workspaces/acme/audit/export?format=json', '/api/workspaces/acme/members', '/api/workspaces/acme/domains',
      '/api/workspaces/acme/support-policy', '/api/workspaces/acme/access-log', '/api/workspaces/acme/support-sessions']
    for (const path of routes) expect((await api.get(path, olive)).status, path).toBe(200)
    const seven = await olives()
    expect(seven.total).toBe(before + 7)
    expect(seven.items.slice(0, 7).map(e => e.route).reverse()).toEqual(routes.map(r => r.split('?')[0]))

    // The same list again within ten minutes is the same entry; an export is recorded every time.
    expect((await api.get('/api/workspaces/acme/audit?page=2', olive)).status).toBe(200)
    expect((await api.get('/api/workspaces/acme/audit/export?format=json', olive)).status).toBe(200)
    expect((await api.get('/api/workspaces/acme/audit/export?format=csv', olive)).status).toBe(200)
    const after = await olives()
    expect(after.total).toBe(before + 9)
    expect(after.items[0]).toMatchObject({ resource: { type: 'audit', name: 'Acme' }, route: '/api/workspaces/acme/audit/export' })
  })

  it('is for the workspace\'s Admins and server admins only, and checks its query', async () => {
    const { api, as: { sam, ben } } = t
    expect((await api.get('/api/workspaces/acme/access-log', ben)).body.data.code).toBe('WorkspaceAdminRequired')
    expect((await api.get('/api/workspaces/acme/access-log', sam)).status).toBe(200)
    expect((await api.get('/api/workspaces/acme/access-log?actorId=abc', sam)).body.data.code).toBe('ValidationFailed')
    expect((await api.get('/api/workspaces/acme/access-log?pageSize=1000', sam)).body.data.code).toBe('ValidationFailed')
  })
})
