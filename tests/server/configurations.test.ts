import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiClient, type ApiClient } from './helpers/client'
import { startServer, type TestServer } from './helpers/server'

describe('license on, support mode off', () => {
  let server: TestServer
  let api: ApiClient
  beforeAll(async () => {
    server = await startServer({ NUXT_SUPPORT_MODE: 'false' })
    api = apiClient(server.url)
  })
  afterAll(() => server?.stop())

  it('gives server admins no implicit access to workspace data', async () => {
    const admin = await api.login('admin@example.com')
    expect((await api.get('/api/workspaces/acme', admin)).status).toBe(404)
    expect((await api.get('/api/workspaces/acme/projects', admin)).status).toBe(404)
    const ada = await api.login('ada@acme.test')
    const tower = (await api.get('/api/workspaces/acme/projects', ada)).body.find((p: { name: string }) => p.name === 'Tower')
    expect((await api.get(`/api/projects/${tower.id}`, admin)).status).toBe(404)
  })

  it('refuses support routes with SupportModeDisabled', async () => {
    const admin = await api.login('admin@example.com')
    const req = await api.post('/api/admin/workspaces/acme/support-sessions', {}, admin)
    expect(req.status).toBe(403)
    expect(req.body.data.code).toBe('SupportModeDisabled')
    expect((await api.get('/api/workspaces/acme/support-sessions', admin)).body.data.code).toBe('SupportModeDisabled')
    const details = await api.get('/api/admin/workspaces/acme', admin)
    expect(details.body).toMatchObject({ supportMode: false, permissions: { canRequestSupport: false } })
  })

  it('still lets workspace admins see their Support page, which says the feature is off', async () => {
    const ada = await api.login('ada@acme.test')
    expect((await api.get('/api/workspaces/acme/support-sessions', ada)).status).toBe(200)
    expect((await api.get('/api/workspaces/acme', ada)).body.supportMode).toBe(false)
  })
})

describe('no Enterprise license', () => {
  let server: TestServer
  let api: ApiClient
  beforeAll(async () => {
    server = await startServer({ NUXT_ENTERPRISE_LICENSE: 'false' })
    api = apiClient(server.url)
  })
  afterAll(() => server?.stop())

  it('has no workspaces at all', async () => {
    const ada = await api.login('ada@acme.test')
    for (const path of ['/api/workspaces', '/api/workspaces/acme', '/api/workspaces/acme/projects', '/api/workspaces/discoverable']) {
      const res = await api.get(path, ada)
      expect(res.status, path).toBe(404)
      expect(res.body.data.code, path).toBe('WorkspacesNotEnabled')
    }
    const admin = await api.login('admin@example.com')
    expect((await api.get('/api/admin/workspaces', admin)).body.data.code).toBe('WorkspacesNotEnabled')
  })

  it('gives server admins full access to every project', async () => {
    const admin = await api.login('admin@example.com')
    const db = (await import('./helpers/db')).openTestDb(server.dbPath)
    const tower = db.prepare(`select id from projects where name = 'Tower'`).get() as { id: number }
    const sandbox = db.prepare(`select id from projects where name = 'Sandbox'`).get() as { id: number }
    db.close()
    for (const id of [tower.id, sandbox.id]) {
      expect((await api.get(`/api/projects/${id}`, admin)).body.permissions).toMatchObject({ canRead: true, canPublish: true, canDelete: true })
      expect((await api.post(`/api/projects/${id}/comments`, { text: 'admin here' }, admin)).status).toBe(201)
    }
    const ben = await api.login('ben@acme.test')
    expect((await api.get(`/api/projects/${sandbox.id}`, ben)).body.role).toBe('owner')
  })
})

describe('license and support mode on (default): personal projects', () => {
  let server: TestServer
  let api: ApiClient
  beforeAll(async () => {
    server = await startServer()
    api = apiClient(server.url)
  })
  afterAll(() => server?.stop())

  it('lets server admins read and write personal projects without a session, and nobody else', async () => {
    const ben = await api.login('ben@acme.test')
    const sandbox = (await api.get('/api/projects', ben)).body.find((p: { name: string }) => p.name === 'Sandbox')
    const admin = await api.login('admin@example.com')
    expect((await api.post(`/api/projects/${sandbox.id}/comments`, { text: 'hello' }, admin)).status).toBe(201)
    const cy = await api.login('cy@acme.test')
    expect((await api.get(`/api/projects/${sandbox.id}`, cy)).status).toBe(404)
  })

  it('keeps at least one Owner on a personal project', async () => {
    const ben = await api.login('ben@acme.test')
    const sandbox = (await api.get('/api/projects', ben)).body.find((p: { name: string }) => p.name === 'Sandbox')
    const me = (await api.get('/api/me', ben)).body.user
    const res = await api.patch(`/api/projects/${sandbox.id}/collaborators/${me.id}`, { role: 'editor' }, ben)
    expect(res.status).toBe(409)
    expect(res.body.data.code).toBe('ProjectLastOwner')
    expect((await api.del(`/api/projects/${sandbox.id}/collaborators/${me.id}`, ben)).body.data.code).toBe('ProjectLastOwner')
  })

  it('verifies the audit hash chain, and detects tampering', async () => {
    const admin = await api.login('admin@example.com')
    await api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'chain' }, admin)
    const ok = await api.get('/api/admin/audit/verify', admin)
    expect(ok.body.ok).toBe(true)
    expect(ok.body.count).toBeGreaterThan(0)
    const db = (await import('./helpers/db')).openTestDb(server.dbPath)
    // The triggers refuse edits; an attacker with file access would drop them first.
    db.exec(`drop trigger audit_events_no_update; update audit_events set data = '{"reason":"forged"}' where id = (select min(id) from audit_events)`)
    db.close()
    const broken = await api.get('/api/admin/audit/verify', admin)
    expect(broken.body.ok).toBe(false)
  })
})
