import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/database/sqlite/connection'
import { DEMO_USERS } from '../../server/database/demo-data'
import { seedDemoData } from '../../server/database/seed'
import { sqliteStore } from '../../server/database/sqlite/store'

const dirs: string[] = []
function freshDb(nested = false) {
  const dir = mkdtempSync(join(tmpdir(), 'sa-db-'))
  dirs.push(dir)
  return openDatabase(join(dir, nested ? 'a/b/app.sqlite' : 'app.sqlite'))
}
afterEach(() => dirs.splice(0).forEach(d => rmSync(d, { recursive: true, force: true })))

const hashes = new Map(DEMO_USERS.map(u => [u.email, 'not-a-real-hash']))
const count = (db: ReturnType<typeof freshDb>, table: string) => (db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n

describe('database', () => {
  it('creates a missing parent folder, migrates an empty file, and migrating again changes nothing', () => {
    const db = freshDb(true)
    migrate(db, { migrationsFolder: 'server/database/sqlite/migrations' })
    const tables = db.$client.prepare(`select name from sqlite_master where type = 'table' order by name`).all().map(r => (r as { name: string }).name)
    for (const t of ['users', 'user_emails', 'api_tokens', 'workspaces', 'workspace_domains', 'workspace_members', 'workspace_invites', 'workspace_join_requests', 'projects', 'project_roles', 'models', 'versions', 'comments', 'support_sessions', 'audit_events', 'email_outbox']) {
      expect(tables).toContain(t)
    }
    migrate(db, { migrationsFolder: 'server/database/sqlite/migrations' })
    expect(count(db, '__drizzle_migrations')).toBe(readdirSync('server/database/sqlite/migrations').filter(f => f.endsWith('.sql')).length)
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1)
  })

  it('seeds the demo data once', async () => {
    const db = freshDb()
    migrate(db, { migrationsFolder: 'server/database/sqlite/migrations' })
    const store = sqliteStore(db, db.$client.name)
    expect(await seedDemoData(store, hashes)).toBe(true)
    const users = count(db, 'users')
    const projects = count(db, 'projects')
    expect(users).toBe(8)
    expect(projects).toBe(4)
    expect(await seedDemoData(store, hashes)).toBe(false)
    expect(count(db, 'users')).toBe(users)
    expect(count(db, 'projects')).toBe(projects)
  })

  it('keeps the audit log append-only', () => {
    const db = freshDb()
    migrate(db, { migrationsFolder: 'server/database/sqlite/migrations' })
    db.$client.prepare(`insert into audit_events (action, created_at, prev_hash, hash) values ('x', 1, '0', '1')`).run()
    expect(() => db.$client.prepare(`update audit_events set action = 'y'`).run()).toThrow(/append-only/)
    expect(() => db.$client.prepare(`delete from audit_events`).run()).toThrow(/append-only/)
  })
})
