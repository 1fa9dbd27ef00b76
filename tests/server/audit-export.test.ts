import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { demoIds, inMinutes } from './helpers/fixtures'
import { useTestServer } from './helpers/server'

const t = useTestServer()
const dir = mkdtempSync(join(tmpdir(), 'sa-export-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `npm run audit:verify` on an export, as a workspace admin would on their own machine. */
function verifyOffline(exported: unknown) {
  const file = join(dir, `export-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(file, typeof exported === 'string' ? exported : JSON.stringify(exported))
  const run = spawnSync(process.execPath, ['scripts/audit-verify.mjs', file], { encoding: 'utf8' })
  return { code: run.status, out: (run.stdout + run.stderr).trim() }
}

describe('a workspace audit log export', () => {
  it('holds the workspace\'s whole chain and verifies offline; one changed field fails the check', async () => {
    const [sam, ada] = [await t.api.login('admin@example.com'), await t.api.login('ada@acme.test')]
    const { tower } = await demoIds(t.api, ada)
    const session = (await t.api.post('/api/admin/workspaces/acme/support-sessions', { reason: 'Export check', expiresAt: inMinutes(30) }, sam)).body
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/approve`, {}, ada)).status).toBe(200)
    expect((await t.api.post(`/api/projects/${tower}/comments`, { text: 'lent write' }, sam)).status).toBe(201)
    expect((await t.api.post(`/api/workspaces/acme/support-sessions/${session.id}/revoke`, {}, ada)).status).toBe(200)

    const res = await t.api.get('/api/workspaces/acme/audit/export?format=json', ada)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('acme-audit.json')
    const exported = res.body
    expect(exported.workspace).toMatchObject({ slug: 'acme', name: 'Acme' })
    expect(exported.events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['support.requested', 'support.approved', 'comment.created', 'support.revoked']))
    expect(new Set(exported.events.map((e: { workspaceId: number }) => e.workspaceId))).toEqual(new Set([exported.workspace.id]))
    expect(verifyOffline(exported)).toMatchObject({ code: 0, out: expect.stringMatching(new RegExp(`^ok ${exported.events.length} events\n`)) })

    const lent = exported.events.find((e: { action: string }) => e.action === 'comment.created')
    const tampered = structuredClone(exported)
    tampered.events.find((e: { id: number }) => e.id === lent.id).data.text = 'something else'
    expect(verifyOffline(tampered)).toMatchObject({ code: 1, out: expect.stringMatching(new RegExp(`^broken at event ${lent.id}: its content does not match its hash`)) })

    const dropped = structuredClone(exported)
    dropped.events.splice(1, 1)
    expect(verifyOffline(dropped)).toMatchObject({ code: 1, out: expect.stringContaining(`broken at event ${exported.events[2].id}: it does not follow`) })
    expect(verifyOffline('not json')).toMatchObject({ code: 2 })
  })

  it('another workspace\'s export holds none of these events, and the server-wide check still holds', async () => {
    const [sam, gil] = [await t.api.login('admin@example.com'), await t.api.login('gil@globex.test')]
    const globex = (await t.api.get('/api/workspaces/globex/audit/export?format=json', gil)).body
    expect(globex.events.every((e: { workspaceId: number }) => e.workspaceId === globex.workspace.id)).toBe(true)
    expect(verifyOffline(globex)).toMatchObject({ code: 0 })
    expect((await t.api.get('/api/admin/audit/verify', sam)).body).toMatchObject({ ok: true })
  })

  it('offers CSV with the same columns, formulas defused', async () => {
    const ada = await t.api.login('ada@acme.test')
    const res = await t.api.get('/api/workspaces/acme/audit/export?format=csv', ada)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect(String(res.body).split('\n')[0]).toBe('id,workspaceId,createdAt,action,actorId,actorName,description,supportSessionId,targetType,targetId,data,prevHash,hash')
    // People read it without looking up ids: the actor by name, the event in words.
    expect(String(res.body)).toContain(',Ada,Ada approved the support request,')
  })

  it('exports a date range that still verifies offline, as events n to m of the chain; a forged start fails', async () => {
    const ada = await t.api.login('ada@acme.test')
    const whole = (await t.api.get('/api/workspaces/acme/audit/export?format=json', ada)).body
    expect(whole.events[0]).toMatchObject({ actorName: expect.any(String), description: expect.any(String) })
    const middle = whole.events[Math.floor(whole.events.length / 2)]
    const from = new Date(middle.createdAt).toISOString()
    const part = (await t.api.get(`/api/workspaces/acme/audit/export?format=json&from=${encodeURIComponent(from)}`, ada)).body
    expect(part.events.length).toBeLessThan(whole.events.length)
    expect(part.events.at(-1).hash).toBe(whole.events.at(-1).hash)
    // A range is tree positions (SPEC 3.14), each event with its inclusion proof in the signed tree.
    expect(part.range).toMatchObject({ fromIndex: whole.events.length - part.events.length, toIndex: whole.events.length - 1 })
    expect(part.events[0]).toMatchObject({ index: part.range.fromIndex, inclusionProof: expect.any(Array) })
    const first = whole.events.length - part.events.length + 1
    expect(verifyOffline(part)).toMatchObject({ code: 0, out: expect.stringMatching(new RegExp(`^ok ${part.events.length} events \\(events ${first} to ${whole.events.length} of the chain's ${whole.events.length},`)) })
    // Claiming the part starts the chain, or cutting its end off, is caught by its proofs.
    const claimedWhole = structuredClone(part)
    claimedWhole.range.fromIndex = 0
    expect(verifyOffline(claimedWhole)).toMatchObject({ code: 1 })
    const cut = structuredClone(part)
    cut.events.pop()
    expect(verifyOffline(cut)).toMatchObject({ code: 1 })
    // A range that ends before today: a day before the first event holds nothing, and still verifies.
    const before = new Date(new Date(whole.events[0].createdAt).getTime() - 86_400_000).toISOString().slice(0, 10)
    const empty = (await t.api.get(`/api/workspaces/acme/audit/export?format=json&to=${before}`, ada)).body
    expect(empty.events).toEqual([])
    expect(verifyOffline(empty)).toMatchObject({ code: 0 })
    expect((await t.api.get('/api/workspaces/acme/audit/export?format=json&from=yesterday', ada)).body.data.code).toBe('ValidationFailed')
  })
})

describe('the audit log list', () => {
  it('filters by person, kind of change and dates, and names the people in the log', async () => {
    const ada = await t.api.login('ada@acme.test')
    const all = (await t.api.get('/api/workspaces/acme/audit?facets=true&pageSize=100', ada)).body
    expect(all.actors.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['Ada', 'Sam Admin']))
    const sam = all.actors.find((a: { name: string }) => a.name === 'Sam Admin')
    const bySam = (await t.api.get(`/api/workspaces/acme/audit?actorId=${sam.id}&pageSize=100`, ada)).body
    expect(bySam.total).toBeGreaterThan(0)
    expect(bySam.items.every((e: { actor: { id: number } }) => e.actor.id === sam.id)).toBe(true)
    const support = (await t.api.get('/api/workspaces/acme/audit?category=support&pageSize=100', ada)).body
    expect(support.items.every((e: { action: string, supportSessionId: number | null }) => e.action.startsWith('support.') || e.supportSessionId !== null)).toBe(true)
    expect(support.items.map((e: { action: string }) => e.action)).toContain('comment.created')
    const people = (await t.api.get('/api/workspaces/acme/audit?category=people&pageSize=100', ada)).body
    expect(people.items.every((e: { action: string }) => /^(member|invite|join_request|domain|user)\./.test(e.action))).toBe(true)
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
    expect((await t.api.get(`/api/workspaces/acme/audit?from=${tomorrow}`, ada)).body.total).toBe(0)
    expect((await t.api.get(`/api/workspaces/acme/audit?to=${tomorrow}`, ada)).body.total).toBe(all.total)
    expect((await t.api.get('/api/workspaces/acme/audit?category=everything', ada)).body.data.code).toBe('ValidationFailed')
  })
})
