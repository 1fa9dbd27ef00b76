import { beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient, SignedIn } from './helpers/client'
import { openTestDb } from './helpers/db'
import { useTestServer, type TestServer } from './helpers/server'

const t = useTestServer({ personas: ['ada', 'ben'] })
let server: TestServer
let api: ApiClient
let ada: SignedIn
let ben: SignedIn
beforeAll(() => {
  ({ server, api, as: { ada, ben } } = t)
})

/** The invariants SPEC 3.3 promises, checked straight in the database. */
async function assertInvariants() {
  const db = await openTestDb(server)
  const withoutAdmin = await db.all(`select w.slug from workspaces w where not exists (select 1 from workspace_members m where m.workspace_id = w.id and m.role = 'admin')`)
  const adminViewers = await db.all(`select user_id from workspace_members where role = 'admin' and seat <> 'editor'`)
  const guestOwners = await db.all(`select r.user_id from project_roles r join projects p on p.id = r.project_id
    join workspace_members m on m.workspace_id = p.workspace_id and m.user_id = r.user_id where m.role = 'guest' and r.role = 'owner'`)
  const viewerEditors = await db.all(`select r.user_id from project_roles r join projects p on p.id = r.project_id
    join workspace_members m on m.workspace_id = p.workspace_id and m.user_id = r.user_id where m.seat = 'viewer' and r.role in ('owner', 'editor')`)
  await db.close()
  expect({ withoutAdmin, adminViewers, guestOwners, viewerEditors }).toEqual({ withoutAdmin: [], adminViewers: [], guestOwners: [], viewerEditors: [] })
}

async function memberId(name: string) {
  return (await api.get('/api/workspaces/acme/members', ada)).body.find((m: { user: { name: string } }) => m.user.name === name).user.id as number
}

describe('concurrent changes keep the invariants (50 rounds each)', () => {
  it('two admins demoting each other at once: exactly one wins, one admin remains', async () => {
    const benId = await memberId('Ben')
    const adaId = await memberId('Ada')
    const benAdmin = ben
    for (let i = 0; i < 50; i++) {
      expect((await api.patch(`/api/workspaces/acme/members/${benId}`, { role: 'admin' }, ada)).status).toBe(200)
      const answers = await Promise.all([
        api.patch(`/api/workspaces/acme/members/${adaId}`, { role: 'member' }, benAdmin),
        api.patch(`/api/workspaces/acme/members/${benId}`, { role: 'member' }, ada),
      ])
      // The loser is refused either as the last admin (409) or, if the winner went first, as no longer an admin (403).
      expect(answers.filter(a => a.status === 200)).toHaveLength(1)
      const loser = answers.find(a => a.status !== 200)!
      expect(['WorkspaceLastAdmin', 'WorkspaceAdminRequired']).toContain(loser.body.data.code)
      await assertInvariants()
      // Put Ada back as the single admin for the next round.
      const benWon = answers[0]!.status === 200
      if (benWon) expect((await api.patch(`/api/workspaces/acme/members/${adaId}`, { role: 'admin' }, benAdmin)).status).toBe(200)
      expect((await api.patch(`/api/workspaces/acme/members/${benId}`, { role: 'member', seat: 'editor' }, ada)).status).toBe(200)
    }
  }, 60_000)

  it('seat downgrade racing a role upgrade: no Viewer seat keeps an edit role', async () => {
    const cyId = await memberId('Cy')
    const tower = (await api.get('/api/workspaces/acme/projects', ada)).body.find((p: { name: string }) => p.name === 'Tower').id
    for (let i = 0; i < 50; i++) {
      const answers = await Promise.all([
        api.post(`/api/projects/${tower}/collaborators`, { email: 'cy@acme.test', role: 'editor' }, ben),
        api.patch(`/api/workspaces/acme/members/${cyId}`, { seat: 'viewer' }, ada),
      ])
      expect(answers.map(a => a.status).every(s => s === 200 || s === 201)).toBe(true)
      await assertInvariants()
    }
  }, 60_000)

  it('making a Guest an Owner never succeeds, even concurrently with a role change', async () => {
    const giaId = await memberId('Gia')
    const tower = (await api.get('/api/workspaces/acme/projects', ada)).body.find((p: { name: string }) => p.name === 'Tower').id
    for (let i = 0; i < 50; i++) {
      const [owner, demote] = await Promise.all([
        api.patch(`/api/projects/${tower}/collaborators/${giaId}`, { role: 'owner' }, ben),
        api.patch(`/api/workspaces/acme/members/${giaId}`, { role: i % 2 ? 'guest' : 'member' }, ada),
      ])
      expect([200, 400]).toContain(owner.status)
      expect(demote.status).toBe(200)
      await assertInvariants()
    }
    await api.patch(`/api/workspaces/acme/members/${giaId}`, { role: 'guest' }, ada)
    await assertInvariants()
  }, 60_000)
})
