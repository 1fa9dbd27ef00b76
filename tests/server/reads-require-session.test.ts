import { describe, expect, it } from 'vitest'
import { demoIds, inMinutes } from './helpers/fixtures'
import { useTestServer } from './helpers/server'

/**
 * SPEC 3.10 "reads need a session": with the workspace's `readsRequireSession` on, a server admin reads
 * nothing of it but what asking for a session needs, until one of its Admins approves a session.
 */
const t = useTestServer({ personas: ['sam', 'ada', 'ben'], env: { NUXT_RATE_LIMIT_FACTOR: '100' } })

const READS = (ids: { tower: number, secretLab: number }) => [
  `/api/projects/${ids.secretLab}`, `/api/projects/${ids.secretLab}/comments`, `/api/projects/${ids.tower}/models`,
  '/api/workspaces/acme', '/api/workspaces/acme/projects', '/api/workspaces/acme/members', '/api/workspaces/acme/invites', '/api/workspaces/acme/audit',
  '/api/workspaces/acme/support-sessions', '/api/workspaces/acme/support-policy', '/api/workspaces/acme/webhooks',
]

describe('reads need a session', () => {
  it('is off by default: a server admin reads a private project with no session, as before', async () => {
    const { api, as: { sam, ada } } = t
    const ids = await demoIds(api, ada)
    expect((await api.get('/api/workspaces/acme/support-policy', ada)).body).toMatchObject({ readsRequireSession: false })
    expect((await api.get(`/api/projects/${ids.secretLab}`, sam)).status).toBe(200)
  })

  it('refuses Sam every read of Acme until Ada approves his session, and again the moment she revokes it', async () => {
    const { api, as: { sam, ada, ben } } = t
    const ids = await demoIds(api, ada)
    const changed = await api.patch('/api/workspaces/acme/support-policy', { readsRequireSession: true }, ada)
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ readsRequireSession: true })

    for (const path of READS(ids)) {
      const res = await api.get(path, sam)
      expect(res.status, path).toBe(403)
      expect(res.body.data, path).toEqual({ code: 'SupportSessionRequired', workspace: 'acme' })
    }
    // What a request needs stays readable: Server Settings → Workspaces, its list and its details page.
    expect((await api.get('/api/admin/workspaces?q=acme', sam)).body.items.map((w: { slug: string }) => w.slug)).toContain('acme')
    expect((await api.get('/api/admin/workspaces/acme', sam)).body.supportPolicy).toMatchObject({ readsRequireSession: true })
    // Members read as always.
    expect((await api.get(`/api/projects/${ids.secretLab}`, ada)).status).toBe(200)
    expect((await api.get('/api/workspaces/acme/members', ben)).status).toBe(200)

    const session = (await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'Ticket 7: sync bug', expiresAt: inMinutes(60) }, sam)).body
    expect((await api.get(`/api/projects/${ids.secretLab}`, sam)).status).toBe(403) // a pending request is not enough
    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)).status).toBe(200)
    for (const path of READS(ids)) expect((await api.get(path, sam)).status, path).toBe(200)

    expect((await api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, ada)).status).toBe(200)
    expect((await api.get(`/api/projects/${ids.secretLab}`, sam)).status).toBe(403)
  })

  it('records the change in the audit log, and only the workspace\'s Admins may make it', async () => {
    const { api, as: { sam, ada, ben } } = t
    expect((await api.patch('/api/workspaces/acme/support-policy', { readsRequireSession: false }, ben)).body.data.code).toBe('WorkspaceAdminRequired')
    expect((await api.patch('/api/workspaces/acme/support-policy', { readsRequireSession: false }, sam)).status).toBe(403)
    expect((await api.patch('/api/workspaces/acme/support-policy', { readsRequireSession: 'yes' }, ada)).body.data.code).toBe('ValidationFailed')
    expect((await api.patch('/api/workspaces/acme/support-policy', { readsRequireSession: false }, ada)).status).toBe(200)
    const { items } = (await api.get('/api/workspaces/acme/audit?category=support', ada)).body
    const changes = items.filter((e: { action: string }) => e.action === 'support.policy_changed').map((e: { data: { changes: object } }) => e.data.changes)
    expect(changes).toContainEqual({ readsRequireSession: { from: true, to: false } })
    expect(changes).toContainEqual({ readsRequireSession: { from: false, to: true } })
  })
})
