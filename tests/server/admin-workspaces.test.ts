import { beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient, SignedIn } from './helpers/client'
import { useTestServer } from './helpers/server'

const t = useTestServer({ personas: ['sam'], credentials: 'cookie' })
let api: ApiClient
let admin: SignedIn
beforeAll(() => {
  ({ api, as: { sam: admin } } = t)
})

describe('Server Settings → Workspaces', () => {
  it('lists every workspace with its own member and project counts', async () => {
    const res = await api.get('/api/admin/workspaces', admin)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ total: 2, page: 1, pageSize: 20 })
    const bySlug = Object.fromEntries(res.body.items.map((w: { slug: string }) => [w.slug, w]))
    expect(bySlug.acme).toMatchObject({ name: 'Acme', plan: 'team', memberCount: 5, projectCount: 2 })
    expect(bySlug.globex).toMatchObject({ name: 'Globex', plan: 'free', memberCount: 1, projectCount: 1 })
  })

  it('searches anywhere in a name or slug, case-insensitively, treating wildcards literally', async () => {
    const slugs = async (q: string) => (await api.get(`/api/admin/workspaces?q=${encodeURIComponent(q)}`, admin)).body.items.map((w: { slug: string }) => w.slug)
    expect(await slugs('ACM')).toEqual(['acme'])
    // One or two letters match inside the name too, not only at its start.
    expect(await slugs('me')).toEqual(['acme'])
    expect(await slugs('ME')).toEqual(['acme'])
    expect(await slugs('x')).toEqual(['globex'])
    expect(await slugs('o')).toEqual(['globex'])
    // A rename is seen by the next short search: the names held in memory follow workspaces_version.
    const ada = await api.login('ada@acme.test')
    expect(await slugs('zq')).toEqual([])
    expect((await api.patch('/api/workspaces/acme', { name: 'Acme Zq' }, ada)).status).toBe(200)
    expect(await slugs('zq')).toEqual(['acme'])
    expect((await api.patch('/api/workspaces/acme', { name: 'Acme' }, ada)).status).toBe(200)
    expect(await slugs('zq')).toEqual([])
    expect((await api.get('/api/admin/workspaces?q=glob', admin)).body.total).toBe(1)
    expect((await api.get('/api/admin/workspaces?q=%25', admin)).body.total).toBe(0)
    expect((await api.get('/api/admin/workspaces?q=_', admin)).body.total).toBe(0)
  })

  it('ignores case and accents in every script, counts a workspace once when slug and name both match, and never matches across workspaces', async () => {
    const gil = await api.login('gil@globex.test')
    const created = await api.post('/api/workspaces', { name: 'Ölwerk Straße', slug: 'olwerk' }, gil)
    expect(created.status).toBe(201)
    const search = async (q: string) => (await api.get(`/api/admin/workspaces?q=${encodeURIComponent(q)}`, admin)).body
    expect((await search('OLWERK')).items.map((w: { slug: string }) => w.slug)).toEqual(['olwerk']) // slug and name: one hit
    expect((await search('ölw')).total).toBe(1)
    expect((await search('straße')).total).toBe(1)
    // The end of one workspace's record and the start of the next are not one text.
    expect((await search('acmeglobex')).total).toBe(0)
    expect((await search('\u0001')).total).toBe(3) // a record separator: nothing left to search for, so every workspace
    // NUL is refused in every input, as no text column can hold it.
    expect((await search('\u0000')).data.code).toBe('ValidationFailed')
  })

  it('paginates', async () => {
    const first = await api.get('/api/admin/workspaces?pageSize=1&page=1', admin)
    const second = await api.get('/api/admin/workspaces?pageSize=1&page=2', admin)
    expect(first.body.items).toHaveLength(1)
    expect(second.body.items).toHaveLength(1)
    expect(first.body.items[0].id).not.toBe(second.body.items[0].id)
    expect((await api.get('/api/admin/workspaces?pageSize=1000', admin)).status).toBe(400)
    expect((await api.get('/api/admin/workspaces?page=-1', admin)).status).toBe(400)
  })

  it('is for server admins only', async () => {
    const ada = await api.login('ada@acme.test')
    const res = await api.get('/api/admin/workspaces', ada)
    expect(res.status).toBe(403)
    expect(res.body.data.code).toBe('ServerAdminRequired')
    expect((await api.get('/api/admin/workspaces/acme', ada)).status).toBe(403)
  })

  it('shows one workspace with its support sessions and whether I may request access', async () => {
    const res = await api.get('/api/admin/workspaces/acme', admin)
    expect(res.status).toBe(200)
    expect(res.body.workspace).toMatchObject({ slug: 'acme', memberCount: 5, projectCount: 2 })
    expect(res.body.permissions.canRequestSupport).toEqual({ authorized: true })
    expect(Array.isArray(res.body.supportSessions)).toBe(true)
    expect((await api.get('/api/admin/workspaces/nope', admin)).body.data.code).toBe('WorkspaceNotFound')
  })
})
