import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, useTestServer } from './helpers/server'

/** Server Settings → Users (issue 21): find an account, see its workspaces, unlock a locked sign-in. */
const t = useTestServer()

describe('GET /api/admin/users', () => {
  it('finds accounts by name or any email, with their workspaces, for server admins only', async () => {
    const sam = await t.api.login('admin@example.com')
    const byName = await t.api.get('/api/admin/users?q=ada', sam)
    expect(byName.status).toBe(200)
    expect(byName.body.items).toEqual([expect.objectContaining({ name: 'Ada', email: 'ada@acme.test', serverRole: 'user', signInLocked: false })])
    expect(byName.body.items[0].workspaces).toContainEqual({ slug: 'acme', name: 'Acme', role: 'admin' })
    expect((await t.api.get('/api/admin/users?q=partner.test', sam)).body.items.map((u: { name: string }) => u.name).sort()).toEqual(['Gia', 'Gus'])
    // Pattern characters are matched as themselves, not as wildcards.
    expect((await t.api.get('/api/admin/users?q=%25', sam)).body.total).toBe(0)
    expect((await t.api.get('/api/admin/users?q=_', sam)).body.total).toBe(0)
    const paged = await t.api.get('/api/admin/users?pageSize=2&page=2', sam)
    expect(paged.body).toMatchObject({ page: 2, pageSize: 2 })
    expect(paged.body.items).toHaveLength(2)
    expect((await t.api.get('/api/admin/users', await t.api.login('ada@acme.test'))).status).toBe(403)
    expect((await t.api.get('/api/admin/users?page=0', sam)).body.data.code).toBe('ValidationFailed')
  })
})

describe('POST /api/admin/users/:id/unlock', () => {
  it('lets a locked-out user sign in again at once, and is recorded', async () => {
    const wrong = () => t.api.post('/api/auth/login', { email: 'cy@acme.test', password: 'not-the-password' })
    for (let i = 0; i < 10; i++) expect((await wrong()).status).toBe(401)
    const locked = await t.api.post('/api/auth/login', { email: 'cy@acme.test', password: DEMO_PASSWORD })
    expect(locked.status).toBe(429)

    const sam = await t.api.login('admin@example.com')
    const cy = (await t.api.get('/api/admin/users?q=cy@acme.test', sam)).body.items[0]
    // Ten failures from one address refuse that address only: counted, not a lock (Cy signs in from elsewhere).
    expect(cy).toMatchObject({ signInLocked: false, failedSignIns: 10 })
    // Nobody else unlocks: not a workspace Admin, not signed out.
    expect((await t.api.post(`/api/admin/users/${cy.id}/unlock`, {}, await t.api.login('ada@acme.test'))).status).toBe(403)
    expect((await t.api.post(`/api/admin/users/${cy.id}/unlock`, {})).status).toBe(401)
    const unlocked = await t.api.post(`/api/admin/users/${cy.id}/unlock`, {}, sam)
    expect(unlocked.body).toEqual({ unlocked: true, cleared: 10 })
    expect((await t.api.post('/api/auth/login', { email: 'cy@acme.test', password: DEMO_PASSWORD })).status).toBe(200)
    expect((await t.api.get('/api/admin/users?q=cy@acme.test', sam)).body.items[0]).toMatchObject({ signInLocked: false, failedSignIns: 0 })
    expect((await t.api.post('/api/admin/users/9999999/unlock', {}, sam)).body.data.code).toBe('UserNotFound')
  })
})
