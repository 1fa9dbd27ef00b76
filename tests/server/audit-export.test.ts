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
    expect(String(res.body).split('\n')[0]).toBe('id,workspaceId,createdAt,action,actorId,supportSessionId,targetType,targetId,data,prevHash,hash')
  })
})
