import { describe, expect, it } from 'vitest'
import { useTestServer } from './helpers/server'

describe('license on, support mode off', () => {
  const t = useTestServer({ env: { NUXT_SUPPORT_MODE: 'false', NUXT_WEBHOOKS_ALLOW_PRIVATE: 'true' } })

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

  it('shows server admins nothing of a workspace they are not in through Server Settings, and sends nothing of it to server webhooks', async () => {
    const { api } = t
    const [admin, ada, gil] = [await api.login('admin@example.com'), await api.login('ada@acme.test'), await api.login('gil@globex.test')]
    // Sam is a member of Globex, not of Acme.
    const invite = (await api.post('/api/workspaces/globex/invites', { email: 'admin@example.com', role: 'member', seat: 'viewer' }, gil)).body
    expect((await api.post(`/api/invites/${invite.id}/accept`, {}, admin)).status).toBe(200)
    const hook = await api.post('/api/admin/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['member.changed', 'member.added'], format: 'json' }, admin)
    expect(hook.status).toBe(201)
    expect((await api.post('/api/workspaces/acme/invites', { email: 'quiet.hire@acme.test', role: 'member', seat: 'viewer' }, ada)).status).toBe(201)
    const members = (await api.get('/api/workspaces/acme/members', ada)).body as { user: { id: number, email: string } }[]
    const cy = members.find(m => m.user.email === 'cy@acme.test')!.user.id
    expect((await api.patch(`/api/workspaces/acme/members/${cy}`, { seat: 'viewer' }, ada)).status).toBe(200)

    // Users: Cy's Acme membership is hidden, only counted; Sam's own Globex membership shows.
    const users = async (q: string) => (await api.get(`/api/admin/users?q=${q}`, admin)).body.items as { workspaces: { slug: string }[], hiddenWorkspaces: number }[]
    expect((await users('cy@acme.test'))[0]).toMatchObject({ workspaces: [], hiddenWorkspaces: 1 })
    expect((await users('admin@example.com'))[0]).toMatchObject({ workspaces: [{ slug: 'globex' }], hiddenWorkspaces: 0 })
    // Emails: Acme's invite is neither found nor readable.
    const outbox = async (q: string) => (await api.get(`/api/admin/emails?pageSize=100&q=${q}`, admin)).body as { items: { to: string | null, subject: string | null, hidden: string | null }[], total: number }
    expect((await outbox('quiet.hire')).total).toBe(0)
    const all = await outbox('')
    expect(JSON.stringify(all.items)).not.toContain('quiet.hire')
    expect(all.items.filter(m => m.hidden)).toContainEqual(expect.objectContaining({ hidden: 'hidden: Acme is not shown to server admins while support mode is off', to: null, subject: null }))
    // Server webhooks: nothing of Acme is queued.
    const deliveries = (await api.get(`/api/admin/webhooks/${hook.body.webhook.id}/deliveries`, admin)).body
    expect(deliveries.total).toBe(0)
    const db = await (await import('./helpers/db')).openTestDb(t.server)
    try {
      expect(await db.all('select id from webhook_deliveries where webhook_id = ?', hook.body.webhook.id)).toEqual([])
    }
    finally {
      await db.close()
    }
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
