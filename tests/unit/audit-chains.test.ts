import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { afterEach, describe, expect, it } from 'vitest'
import { verifyChain, type ChainedEvent } from '#shared/audit-chain.mjs'
import { chainAuditPerWorkspace } from '../../server/database/sqlite/audit-chains'
import { openDatabase } from '../../server/database/sqlite/connection'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach(d => rmSync(d, { recursive: true, force: true })))

/** A database as releases before per-workspace chains left it: one chain across every workspace. */
function legacyDb() {
  const dir = mkdtempSync(join(tmpdir(), 'sa-chain-'))
  dirs.push(dir)
  const db = openDatabase(join(dir, 'app.sqlite'))
  migrate(db, { migrationsFolder: 'server/database/sqlite/migrations' })
  db.$client.pragma('user_version = 0')
  const insert = db.$client.prepare(`insert into audit_events (workspace_id, actor_id, support_session_id, action, target_type, target_id, data, created_at, prev_hash, hash)
    values (?, 1, null, ?, 'project', '1', '{}', ?, ?, ?)`)
  let prev = '0'.repeat(64)
  for (const [i, workspaceId] of [1, 2, null, 1, 2, 1].entries()) {
    const action = `step.${i}`
    const createdAt = 1_700_000_000_000 + i
    // The hash as the old single chain computed it: the previous row of the whole table, whatever its workspace.
    const hash = createHash('sha256').update(`${prev}\n${JSON.stringify([workspaceId, 1, null, action, 'project', '1', '{}', createdAt])}`).digest('hex')
    insert.run(workspaceId, action, createdAt, prev, hash)
    prev = hash
  }
  return db
}

const chainOf = (db: ReturnType<typeof legacyDb>, workspaceId: number | null) => db.$client.prepare<[], ChainedEvent>(`select id, workspace_id as workspaceId,
  actor_id as actorId, support_session_id as supportSessionId, action, target_type as targetType, target_id as targetId, data,
  created_at as createdAt, prev_hash as prevHash, hash from audit_events where workspace_id ${workspaceId === null ? 'is null' : `= ${workspaceId}`} order by id`).all()

describe('upgrading the audit log to one chain per workspace', () => {
  it('re-chains an intact log so that each workspace and the server chain verify on their own, once', () => {
    const db = legacyDb()
    expect(verifyChain(chainOf(db, 1)).ok).toBe(false)
    chainAuditPerWorkspace(db.$client)
    expect(verifyChain(chainOf(db, 1))).toMatchObject({ ok: true, count: 3 })
    expect(verifyChain(chainOf(db, 2))).toMatchObject({ ok: true, count: 2 })
    expect(verifyChain(chainOf(db, null))).toMatchObject({ ok: true, count: 1 })
    expect(db.$client.pragma('user_version', { simple: true })).toBe(1)
    // The log is append-only again afterwards.
    expect(() => db.$client.prepare(`update audit_events set action = 'y'`).run()).toThrow(/append-only/)
    const before = chainOf(db, 1)
    chainAuditPerWorkspace(db.$client)
    expect(chainOf(db, 1)).toEqual(before)
  })

  it('leaves a log that was already tampered with exactly as it was, and says so', () => {
    const db = legacyDb()
    db.$client.exec('drop trigger audit_events_no_update')
    db.$client.prepare(`update audit_events set action = 'forged' where id = 4`).run()
    const before = [...chainOf(db, 1), ...chainOf(db, 2)]
    const warnings: string[] = []
    chainAuditPerWorkspace(db.$client, m => warnings.push(m))
    expect(warnings).toEqual([expect.stringContaining('already broken at event 4')])
    expect([...chainOf(db, 1), ...chainOf(db, 2)]).toEqual(before)
  })
})
