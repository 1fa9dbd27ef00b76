import { describe, expect, it } from 'vitest'
import { useTestServer } from './helpers/server'

describe('license on, support mode off', () => {
  const t = useTestServer({ env: { NUXT_SUPPORT_MODE: 'false' } })

  it('gives server admins no implicit access to workspace data', async () => {
    const admin = await t.api.login('admin@example.com')
    expect((await t.api.get('/api/workspaces/acme', admin)).status).toBe(404)
    expect((await t.api.get('/api/workspaces/acme/projects', admin)).status).toBe(404)
    const ada = await t.api.login('ada@acme.test')
    const tower = (await t.api.get('/api/workspaces/acme/projects', ada)).body.find((p: { name: string }) => p.name === 'Tower')
    expect((await t.api.get(`/api/projects/${tower.id}`, admin)).status).toBe(404)
  })

  it('refuses support routes with SupportModeDisabled', async () => {
    const admin = await t.api.login('admin@example.com')
    const req = await t.api.post('/api/admin/workspaces/acme/support-sessions', {}, admin)
    expect(req.status).toBe(403)
    expect(req.body.data.code).toBe('SupportModeDisabled')
    expect((await t.api.get('/api/workspaces/acme/support-sessions', admin)).body.data.code).toBe('SupportModeDisabled')
    const details = await t.api.get('/api/admin/workspaces/acme', admin)
    expect(details.body).toMatchObject({ supportMode: false, permissions: { canRequestSupport: { authorized: false, code: 'SupportModeDisabled' } } })
  })

  it('refuses every support route to workspace Admins too, and tells their pages the feature is off', async () => {
    const ada = await t.api.login('ada@acme.test')
    const db = await (await import('./helpers/db')).openTestDb(t.server)
    // A session approved while the mode was on: it can be neither listed, approved, revoked nor used.
    const sam = (await db.get<{ id: number }>(`select user_id as id from user_emails where email = 'admin@example.com'`))!
    const acme = (await db.get<{ id: number }>(`select id from workspaces where slug = 'acme'`))!
    const { id } = (await db.get<{ id: number }>(`insert into support_sessions (workspace_id, requested_by, status) values (?, ?, 'active') returning id`, acme.id, sam.id))!
    await db.close()
    for (const [method, path] of [['GET', '/api/workspaces/acme/support-sessions'], ['POST', `/api/workspaces/acme/support-sessions/${id}/approve`], ['POST', `/api/workspaces/acme/support-sessions/${id}/revoke`]] as const) {
      const res = await t.api.call(method, path, { as: ada })
      expect(res.status, path).toBe(403)
      expect(res.body.data.code, path).toBe('SupportModeDisabled')
    }
    const workspace = (await t.api.get('/api/workspaces/acme', ada)).body
    expect(workspace).toMatchObject({ supportMode: false, permissions: { canReadSupport: { authorized: false, code: 'SupportModeDisabled' }, canManageSupport: { authorized: false, code: 'SupportModeDisabled' } } })
    const admin = await t.api.login('admin@example.com')
    expect((await t.api.get('/api/me', admin)).body.supportSessions).toEqual([])
    const tower = (await t.api.get('/api/workspaces/acme/projects', ada)).body.find((p: { name: string }) => p.name === 'Tower')
    expect((await t.api.post(`/api/projects/${tower.id}/comments`, { text: 'stale session' }, admin)).status).toBe(404)
  })
})

describe('no Enterprise license', () => {
  const t = useTestServer({ env: { NUXT_ENTERPRISE_LICENSE: 'false' } })

  it('has no workspaces at all', async () => {
    const ada = await t.api.login('ada@acme.test')
    for (const path of ['/api/workspaces', '/api/workspaces/acme', '/api/workspaces/acme/projects', '/api/workspaces/discoverable']) {
      const res = await t.api.get(path, ada)
      expect(res.status, path).toBe(404)
      expect(res.body.data.code, path).toBe('WorkspacesNotEnabled')
    }
    const admin = await t.api.login('admin@example.com')
    expect((await t.api.get('/api/admin/workspaces', admin)).body.data.code).toBe('WorkspacesNotEnabled')
  })

  it('gives server admins full access to every project', async () => {
    const admin = await t.api.login('admin@example.com')
    const db = await (await import('./helpers/db')).openTestDb(t.server)
    const tower = (await db.get<{ id: number }>(`select id from projects where name = 'Tower'`))!
    const sandbox = (await db.get<{ id: number }>(`select id from projects where name = 'Sandbox'`))!
    await db.close()
    for (const id of [tower.id, sandbox.id]) {
      expect((await t.api.get(`/api/projects/${id}`, admin)).body.permissions).toMatchObject({ canRead: { authorized: true }, canPublish: { authorized: true }, canDelete: { authorized: true } })
      expect((await t.api.post(`/api/projects/${id}/comments`, { text: 'admin here' }, admin)).status).toBe(201)
    }
    const ben = await t.api.login('ben@acme.test')
    expect((await t.api.get(`/api/projects/${sandbox.id}`, ben)).body.role).toBe('owner')
  })

  it('adds collaborators to any project without touching workspace tables', async () => {
    const ben = await t.api.login('ben@acme.test')
    const db = await (await import('./helpers/db')).openTestDb(t.server)
    const tower = (await db.get<{ id: number }>(`select id from projects where name = 'Tower'`))!
    const members = () => db.all('select * from workspace_members order by workspace_id, user_id')
    const before = await members()
    const res = await t.api.post(`/api/projects/${tower.id}/collaborators`, { email: 'gil@globex.test', role: 'editor' }, ben)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ role: 'editor', addedAsGuest: false, seatUpgraded: false })
    expect(await members()).toEqual(before)
    await db.close()
  })
})

describe('license and support mode on (default): personal projects', () => {
  const t = useTestServer()

  it('lets server admins read and write personal projects without a session, and nobody else', async () => {
    const ben = await t.api.login('ben@acme.test')
    const sandbox = (await t.api.get('/api/projects', ben)).body.find((p: { name: string }) => p.name === 'Sandbox')
    const admin = await t.api.login('admin@example.com')
    expect((await t.api.post(`/api/projects/${sandbox.id}/comments`, { text: 'hello' }, admin)).status).toBe(201)
    const cy = await t.api.login('cy@acme.test')
    expect((await t.api.get(`/api/projects/${sandbox.id}`, cy)).status).toBe(404)
  })

  it('keeps at least one Owner on a personal project', async () => {
    const ben = await t.api.login('ben@acme.test')
    const sandbox = (await t.api.get('/api/projects', ben)).body.find((p: { name: string }) => p.name === 'Sandbox')
    const me = (await t.api.get('/api/me', ben)).body.user
    const res = await t.api.patch(`/api/projects/${sandbox.id}/collaborators/${me.id}`, { role: 'editor' }, ben)
    expect(res.status).toBe(409)
    expect(res.body.data.code).toBe('ProjectLastOwner')
    expect((await t.api.del(`/api/projects/${sandbox.id}/collaborators/${me.id}`, ben)).body.data.code).toBe('ProjectLastOwner')
  })

  it('verifies the audit hash chain, and detects tampering', async () => {
    const admin = await t.api.login('admin@example.com')
    await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'chain' }, admin)
    const ok = await t.api.get('/api/admin/audit/verify', admin)
    expect(ok.body.ok).toBe(true)
    expect(ok.body.count).toBeGreaterThan(0)
    const db = await (await import('./helpers/db')).openTestDb(t.server)
    // The triggers refuse edits; an attacker with access to the database would drop them first.
    await db.run(db.store === 'postgres' ? 'drop trigger audit_events_no_update on audit_events' : 'drop trigger audit_events_no_update')
    await db.run(`update audit_events set data = '{"reason":"forged"}' where id = (select min(id) from audit_events)`)
    await db.close()
    const broken = await t.api.get('/api/admin/audit/verify', admin)
    expect(broken.body.ok).toBe(false)
  })
})
