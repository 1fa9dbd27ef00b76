import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient, SignedIn } from './helpers/client'
import { demoIds } from './helpers/fixtures'
import { useTestServer, type TestServer } from './helpers/server'
import { startSmtp, type TestSmtp } from './helpers/smtp'

let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startSmtp()
})
afterAll(() => smtp?.close())

const t = useTestServer({ env: () => ({ NUXT_SMTP_URL: smtp.url }), personas: ['ada', 'ben', 'cy', 'gia', 'gus', 'gil', 'sam'], credentials: 'cookie' })
let server: TestServer
let api: ApiClient
let who: Record<string, SignedIn>
let ids: { tower: number, secretLab: number }
let userIds: Record<string, number>

beforeAll(async () => {
  ({ server, api } = t)
  who = { ...t.as, admin: t.as.sam }
  ids = await demoIds(api, who.ada!)
  const members = (await api.get('/api/workspaces/acme/members', who.ada)).body as { user: { id: number, email: string } }[]
  userIds = Object.fromEntries(members.map(m => [m.user.email.split('@')[0], m.user.id]))
})

/** SPEC 3.2 over HTTP for the seeded people on Tower (workspace-visible) and Secret Lab (private). */
const TOWER: [string, { read: number, comment: number, publish: number, update: number, manage: number }][] = [
  ['ada', { read: 200, comment: 201, publish: 201, update: 200, manage: 200 }],
  ['ben', { read: 200, comment: 201, publish: 201, update: 200, manage: 200 }],
  ['cy', { read: 200, comment: 201, publish: 403, update: 403, manage: 403 }],
  ['gia', { read: 200, comment: 201, publish: 201, update: 403, manage: 403 }],
  ['gus', { read: 200, comment: 201, publish: 403, update: 403, manage: 403 }],
  ['gil', { read: 404, comment: 404, publish: 404, update: 404, manage: 404 }],
]

describe('the permission matrix over HTTP', () => {
  it.each(TOWER)('%s on Tower', async (name, expected) => {
    const as = who[name]!
    expect((await api.get(`/api/projects/${ids.tower}`, as)).status).toBe(expected.read)
    expect((await api.post(`/api/projects/${ids.tower}/comments`, { text: `hi from ${name}` }, as)).status).toBe(expected.comment)
    expect((await api.post(`/api/projects/${ids.tower}/models`, { name: `model by ${name}` }, as)).status).toBe(expected.publish)
    expect((await api.patch(`/api/projects/${ids.tower}`, { description: `edited by ${name}` }, as)).status).toBe(expected.update)
    expect((await api.get(`/api/projects/${ids.tower}/collaborators`, as)).status).toBe(expected.read)
    const manage = await api.patch(`/api/projects/${ids.tower}/collaborators/${userIds.gus}`, { role: 'viewer' }, as)
    expect(manage.status).toBe(expected.manage)
  })

  it('reports the model\'s reasons in the permissions block', async () => {
    const cy = await api.get(`/api/projects/${ids.tower}`, who.cy)
    expect(cy.body).toMatchObject({ role: 'viewer', permissions: { canRead: { authorized: true }, canComment: { authorized: true }, canPublish: { authorized: false, code: 'ViewerSeatCapped' }, canLoad: { authorized: false, code: 'ViewerSeatCapped' } } })
    expect(cy.body.permissions.canPublish.message).toMatch(/Viewer seat/)
    expect(cy.body.permissions.canRead).toEqual({ authorized: true })
    const gia = await api.get(`/api/projects/${ids.tower}`, who.gia)
    expect(gia.body).toMatchObject({ role: 'editor', permissions: { canPublish: { authorized: true }, canUpdate: { authorized: false, code: 'ProjectRoleInsufficient' } } })
    const publish = await api.post(`/api/projects/${ids.tower}/models`, { name: 'x' }, who.cy)
    expect(publish.body.data.code).toBe('ViewerSeatCapped')
  })

  it.each(['ben', 'cy', 'gia', 'gus', 'gil'])('hides Secret Lab from %s with a 404', async (name) => {
    const res = await api.get(`/api/projects/${ids.secretLab}`, who[name])
    expect(res.status).toBe(404)
    expect(res.body.data.code).toBe('ProjectNotFound')
    const list = await api.get('/api/workspaces/acme/projects', who[name])
    expect(JSON.stringify(list.body)).not.toContain('Secret Lab')
  })

  it('lets Ada see Secret Lab as its implicit Owner', async () => {
    expect((await api.get(`/api/projects/${ids.secretLab}`, who.ada)).body.role).toBe('owner')
  })

  it.each([['ada', 201], ['ben', 201], ['cy', 403], ['gia', 403], ['gus', 403], ['gil', 404]] as const)('project creation in Acme by %s → %i', async (name, status) => {
    const res = await api.post('/api/workspaces/acme/projects', { name: `New by ${name}`, visibility: 'workspace' }, who[name])
    expect(res.status).toBe(status)
  })

  it.each([['ada', 200], ['ben', 200], ['cy', 200], ['gia', 403], ['gus', 403], ['gil', 404]] as const)('member list for %s → %i', async (name, status) => {
    expect((await api.get('/api/workspaces/acme/members', who[name])).status).toBe(status)
  })

  it('shows workspace permissions with reasons', async () => {
    const ben = await api.get('/api/workspaces/acme', who.ben)
    expect(ben.body).toMatchObject({ role: 'member', seat: 'editor', permissions: {
      canCreateProject: { authorized: true },
      canManageMembers: { authorized: false, code: 'WorkspaceAdminRequired' },
      canUpdate: { authorized: false, code: 'WorkspaceAdminRequired' },
      canManageSupport: { authorized: false, code: 'WorkspaceAdminRequired' },
    } })
    expect(ben.body.permissions.canManageMembers.message).toMatch(/admins/i)
  })
})

describe('roles and seats rules (SPEC 3.3)', () => {
  it('refuses a Viewer seat for an Admin', async () => {
    const res = await api.patch(`/api/workspaces/acme/members/${userIds.ada}`, { seat: 'viewer' }, who.ada)
    expect(res.status).toBe(400)
    expect(res.body.data.code).toBe('WorkspaceAdminRequiresEditorSeat')
  })

  it('never demotes or removes the last Admin', async () => {
    const demote = await api.patch(`/api/workspaces/acme/members/${userIds.ada}`, { role: 'member' }, who.ada)
    expect(demote.status).toBe(409)
    expect(demote.body.data.code).toBe('WorkspaceLastAdmin')
    const remove = await api.del(`/api/workspaces/acme/members/${userIds.ada}`, who.ada)
    expect(remove.body.data.code).toBe('WorkspaceLastAdmin')
  })

  it('refuses to make a Guest an Owner', async () => {
    const res = await api.patch(`/api/projects/${ids.tower}/collaborators/${userIds.gus}`, { role: 'owner' }, who.ben)
    expect(res.status).toBe(400)
    expect(res.body.data.code).toBe('GuestCannotOwnProject')
  })

  it('locks a workspace Admin\'s implicit Owner role on projects', async () => {
    const res = await api.patch(`/api/projects/${ids.tower}/collaborators/${userIds.ada}`, { role: 'viewer' }, who.ben)
    expect(res.status).toBe(403)
    expect(res.body.data.code).toBe('WorkspaceAdminProjectRoleLocked')
    const list = await api.get(`/api/projects/${ids.tower}/collaborators`, who.ben)
    expect(list.body.find((c: { user: { name: string } }) => c.user.name === 'Ada')).toMatchObject({ role: 'owner', locked: true })
  })

  it('upgrades a Viewer seat when giving Can edit, and says so', async () => {
    const res = await api.post(`/api/projects/${ids.tower}/collaborators`, { email: 'cy@acme.test', role: 'editor' }, who.ada)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ role: 'editor', seatUpgraded: true })
    const members = await api.get('/api/workspaces/acme/members', who.ada)
    expect(members.body.find((m: { user: { id: number } }) => m.user.id === userIds.cy).seat).toBe('editor')
    expect((await api.post(`/api/projects/${ids.tower}/models`, { name: 'by cy' }, who.cy)).status).toBe(201)
  })

  it('turns explicit Owner / Can edit roles into Can view on a seat downgrade', async () => {
    const res = await api.patch(`/api/workspaces/acme/members/${userIds.cy}`, { seat: 'viewer' }, who.ada)
    expect(res.status).toBe(200)
    expect(res.body.demotedProjectRoles).toBe(1)
    const list = await api.get(`/api/projects/${ids.tower}/collaborators`, who.ada)
    expect(list.body.find((c: { user: { id: number } }) => c.user.id === userIds.cy).role).toBe('viewer')
  })

  it('adds an outsider as a Guest when an Admin shares a project, but not when a Member does', async () => {
    const byBen = await api.post(`/api/projects/${ids.tower}/collaborators`, { email: 'gil@globex.test', role: 'viewer' }, who.ben)
    expect(byBen.status).toBe(403)
    expect(byBen.body.data.code).toBe('WorkspaceInviteAdminOnly')
    const byAda = await api.post(`/api/projects/${ids.tower}/collaborators`, { email: 'gil@globex.test', role: 'editor' }, who.ada)
    expect(byAda.status).toBe(201)
    expect(byAda.body.addedAsGuest).toBe(true)
    const members = await api.get('/api/workspaces/acme/members', who.ada)
    expect(members.body.find((m: { user: { id: number } }) => m.user.id === byAda.body.userId)).toMatchObject({ role: 'guest', seat: 'editor' })
    expect((await api.get(`/api/projects/${ids.tower}`, who.gil)).status).toBe(200)
    expect((await api.get(`/api/projects/${ids.secretLab}`, who.gil)).status).toBe(404)
  })

  it('removing Gus from the workspace removes his Tower access and his roles', async () => {
    expect((await api.get(`/api/projects/${ids.tower}`, who.gus)).status).toBe(200)
    expect((await api.del(`/api/workspaces/acme/members/${userIds.gus}`, who.ada)).status).toBe(204)
    expect((await api.get(`/api/projects/${ids.tower}`, who.gus)).status).toBe(404)
    const list = await api.get(`/api/projects/${ids.tower}/collaborators`, who.ada)
    expect(list.body.some((c: { user: { id: number } }) => c.user.id === userIds.gus)).toBe(false)
  })

  it('promoting to Admin sets the Editor seat', async () => {
    const res = await api.patch(`/api/workspaces/acme/members/${userIds.cy}`, { role: 'admin' }, who.ada)
    expect(res.body).toMatchObject({ role: 'admin', seat: 'editor' })
    expect((await api.patch(`/api/workspaces/acme/members/${userIds.cy}`, { role: 'member', seat: 'viewer' }, who.ada)).status).toBe(200)
  })

  it('only Admins manage members', async () => {
    const res = await api.patch(`/api/workspaces/acme/members/${userIds.cy}`, { seat: 'editor' }, who.ben)
    expect(res.status).toBe(403)
    expect(res.body.data.code).toBe('WorkspaceAdminRequired')
  })
})

describe('invites, domains and plan limits', () => {
  it('emails an invite with its accept link, and the invitee accepts it', async () => {
    const invite = await api.post('/api/workspaces/globex/invites', { email: 'ben@acme.test', role: 'member', seat: 'viewer' }, who.gil)
    expect(invite.status).toBe(201)
    const mail = await smtp.waitFor(m => m.to.includes('ben@acme.test') && m.text.includes('Globex'))
    expect(mail.text).toContain(`${server.url}/invites/${invite.body.id}`)
    expect((await api.get('/api/invites', who.ben)).body.map((i: { id: number }) => i.id)).toContain(invite.body.id)
    expect((await api.post(`/api/invites/${invite.body.id}/accept`, {}, who.cy)).status).toBe(404)
    const accepted = await api.post(`/api/invites/${invite.body.id}/accept`, {}, who.ben)
    expect(accepted.status).toBe(200)
    expect(accepted.body).toMatchObject({ workspace: { slug: 'globex' }, role: 'member', seat: 'viewer' })
    expect((await api.post(`/api/invites/${invite.body.id}/accept`, {}, who.ben)).body.data.code).toBe('InviteNotPending')
  })

  it('only Admins invite', async () => {
    const res = await api.post('/api/workspaces/acme/invites', { email: 'new@acme.test', role: 'member', seat: 'viewer' }, who.ben)
    expect(res.body.data.code).toBe('WorkspaceAdminRequired')
  })

  it('enforces the plan\'s user limit', async () => {
    // Globex is on the free plan (5 members and guests); Ben joined above.
    for (let i = 0; i < 4; i++) {
      expect((await api.post('/api/workspaces/globex/invites', { email: `person${i}@globex.test`, role: 'member', seat: 'viewer' }, who.gil)).status).toBe(201)
    }
    const db = await (await import('./helpers/db')).openTestDb(server)
    const globex = (await db.get<{ id: number }>(`select id from workspaces where slug = 'globex'`))!
    for (let i = 0; i < 4; i++) {
      const u = (await db.get<{ id: number }>(`insert into users (name, password_hash) values (?, 'x') returning id`, `P${i}`))!
      await db.run(`insert into workspace_members (workspace_id, user_id, role, seat) values (?, ?, 'member', 'viewer')`, globex.id, u.id)
    }
    await db.close()
    const full = await api.post('/api/workspaces/globex/invites', { email: 'one-more@globex.test', role: 'member', seat: 'viewer' }, who.gil)
    expect(full.status).toBe(409)
    expect(full.body.data.code).toBe('WorkspaceLimitsReached')
  })

  it('applies domain protection to Members and Admins, not Guests', async () => {
    expect((await api.patch('/api/workspaces/acme', { domainProtection: true }, who.ada)).status).toBe(200)
    const member = await api.post('/api/workspaces/acme/invites', { email: 'someone@elsewhere.test', role: 'member', seat: 'viewer' }, who.ada)
    expect(member.status).toBe(400)
    expect(member.body.data.code).toBe('WorkspaceDomainPolicy')
    expect((await api.post('/api/workspaces/acme/invites', { email: 'someone@elsewhere.test', role: 'guest', seat: 'viewer' }, who.ada)).status).toBe(201)
    expect((await api.post('/api/workspaces/acme/invites', { email: 'new@acme.test', role: 'member', seat: 'viewer' }, who.ada)).status).toBe(201)
    const promote = await api.patch(`/api/workspaces/acme/members/${userIds.gia}`, { role: 'member' }, who.ada)
    expect(promote.body.data.code).toBe('WorkspaceDomainPolicy')
    await api.patch('/api/workspaces/acme', { domainProtection: false }, who.ada)
  })

  it('adds a domain only when the admin holds a verified email there', async () => {
    expect((await api.post('/api/workspaces/acme/domains', { domain: 'partner.test' }, who.ada)).body.data.code).toBe('DomainNotVerifiable')
    expect((await api.post('/api/workspaces/acme/domains', { domain: 'acme.test' }, who.ada)).status).toBe(201)
    expect((await api.post('/api/workspaces/acme/domains', { domain: 'not a domain' }, who.ada)).status).toBe(400)
  })

  it('lets matching users discover a workspace and request to join, or auto-join', async () => {
    const newbie = await api.login('cy@acme.test')
    expect((await api.get('/api/workspaces/discoverable', newbie)).body).toEqual([])
    await api.patch('/api/workspaces/acme', { discoverable: true }, who.ada)
    // Cy is already in Acme, so it is not offered; remove and rediscover.
    await api.del(`/api/workspaces/acme/members/${userIds.cy}`, who.ada)
    const found = await api.get('/api/workspaces/discoverable', newbie)
    expect(found.body.map((w: { slug: string }) => w.slug)).toEqual(['acme'])
    const req = await api.post('/api/workspaces/acme/join-requests', {}, newbie)
    expect(req.status).toBe(201)
    expect(req.body.joined).toBe(false)
    await smtp.waitFor(m => m.to.includes('ada@acme.test') && /asks to join/.test(m.text))
    const pending = await api.get('/api/workspaces/acme/join-requests', who.ada)
    const id = pending.body[0].id
    expect((await api.post(`/api/workspaces/acme/join-requests/${id}/approve`, {}, who.ada)).status).toBe(200)
    expect((await api.post(`/api/workspaces/acme/join-requests/${id}/deny`, {}, who.ada)).body.data.code).toBe('JoinRequestNotPending')
    const me = await api.get('/api/workspaces/acme', newbie)
    expect(me.body).toMatchObject({ role: 'member', seat: 'viewer' })

    await api.del(`/api/workspaces/acme/members/${userIds.cy}`, who.ada)
    await api.patch('/api/workspaces/acme', { autoJoin: true }, who.ada)
    const auto = await api.post('/api/workspaces/acme/join-requests', {}, newbie)
    expect(auto.body.joined).toBe(true)
    expect((await api.get('/api/workspaces/acme', newbie)).body.role).toBe('member')
    expect((await api.post('/api/workspaces/globex/join-requests', {}, newbie)).status).toBe(404)
  })

  it('creates a workspace with its creator as Admin + Editor', async () => {
    const res = await api.post('/api/workspaces', { name: 'Initech' }, who.gus)
    expect(res.status).toBe(201)
    expect(res.body.slug).toBe('initech')
    expect((await api.get('/api/workspaces/initech', who.gus)).body).toMatchObject({ role: 'admin', seat: 'editor' })
    const taken = await api.post('/api/workspaces', { name: 'Another', slug: 'initech' }, who.gus)
    expect(taken.status).toBe(409)
    expect(taken.body.data.code).toBe('WorkspaceSlugTaken')
  })
})

describe('member list paging', () => {
  it('pages, filters by kind and searches, keeping the array shape with X-Total-Count', async () => {
    const all = await api.get('/api/workspaces/acme/members', who.ada)
    const total = Number(all.headers.get('x-total-count'))
    expect(total).toBe(all.body.length)
    const first = await api.get('/api/workspaces/acme/members?pageSize=2&page=1', who.ada)
    const second = await api.get('/api/workspaces/acme/members?pageSize=2&page=2', who.ada)
    expect(first.body).toHaveLength(2)
    expect(first.body[0].user.id).not.toBe(second.body[0]?.user.id)
    const guests = await api.get('/api/workspaces/acme/members?kind=guests', who.ada)
    expect(guests.body.every((m: { role: string }) => m.role === 'guest')).toBe(true)
    const search = await api.get('/api/workspaces/acme/members?q=ADA', who.ada)
    expect(search.body.map((m: { user: { name: string } }) => m.user.name)).toEqual(['Ada'])
    expect((await api.get('/api/workspaces/acme/members?q=%25', who.ada)).body).toEqual([])
    expect((await api.get('/api/workspaces/acme/members?pageSize=501', who.ada)).status).toBe(400)
  })
})
