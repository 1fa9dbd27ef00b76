import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { asc, sql } from 'drizzle-orm'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyChain } from '#shared/audit-chain.mjs'
import { auditLeafHash, nodeHash, rootOfLeafHashes } from '#shared/transparency/merkle'
import { postgresStore } from '../../server/database/postgres/store'
import * as postgresSchema from '../../server/database/postgres/schema'
import { openDatabase } from '../../server/database/sqlite/connection'
import * as sqliteSchema from '../../server/database/sqlite/schema'
import { sqliteStore } from '../../server/database/sqlite/store'
import type { Store, UnchainedAuditEvent } from '../../server/database/store'
import { createTestDatabase, TEST_STORE } from './helpers/server'

/**
 * The audit append of each store, used directly (issue 19): an event that travels with its write's
 * COMMIT (PostgreSQL; SQLite appends it at once) belongs to that write, commits with it or not at all,
 * and keeps its place in the chain before an event appended at once later in the same write.
 */
const tables = (TEST_STORE === 'postgres' ? postgresSchema : sqliteSchema) as unknown as typeof sqliteSchema
let store: Store
let cleanUp: () => Promise<void>

beforeAll(async () => {
  if (TEST_STORE === 'postgres') {
    const database = await createTestDatabase()
    store = postgresStore(database.url, readMigrationFiles({ migrationsFolder: 'server/database/postgres/migrations' }))
    await store.ready
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    await client.query(`create function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit unavailable'; end $$`)
    await client.query(`create trigger refuse_audit before insert on audit_events for each row when (new.target_id = 'refused') execute function refuse_audit()`)
    await client.end()
    cleanUp = async () => {
      await store.close()
      await database.drop()
    }
  }
  else {
    const dir = mkdtempSync(join(tmpdir(), 'sa-append-'))
    const path = join(dir, 'app.sqlite')
    const writer = openDatabase(path)
    migrate(writer, { migrationsFolder: 'server/database/sqlite/migrations' })
    writer.$client.exec(`create trigger refuse_audit before insert on audit_events when new.target_id = 'refused' begin select raise(abort, 'audit unavailable'); end`)
    store = sqliteStore(writer, path)
    cleanUp = async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
})
afterAll(() => cleanUp())

let workspace = 0
/** An event in a chain of its own, so each test reads its chain alone. */
function eventIn(chain: number, action: string, data: Record<string, unknown> = {}): UnchainedAuditEvent {
  return { workspaceId: chain, actorId: null, supportSessionId: null, action, targetType: 'test', targetId: action, data: JSON.stringify(data), createdAt: Date.now() }
}
const chainOf = async (workspaceId: number) => {
  const a = tables.auditEvents
  const rows = await store.reader.select().from(a).where(sql`${a.workspaceId} = ${workspaceId}`).orderBy(asc(a.id))
  return rows.map(row => ({ ...row, createdAt: row.createdAt.getTime() }))
}

describe(`the audit append on ${TEST_STORE}`, () => {
  it('appends an event at commit: not seen before the write commits, in the chain after it', async () => {
    const chain = ++workspace
    let release!: () => void
    const held = new Promise<void>((resolve) => { release = resolve })
    let appended!: () => void
    const isAppended = new Promise<void>((resolve) => { appended = resolve })
    const writing = store.write(async (tx) => {
      await store.appendAuditAtCommit(tx, eventIn(chain, 'first', { note: 'quotes \' and "doubled", a backslash \\ and ünïcödé' }))
      appended()
      await held
    })
    await isAppended
    expect(await chainOf(chain)).toEqual([])
    release()
    await writing
    const events = await chainOf(chain)
    expect(events.map(e => e.action)).toEqual(['first'])
    // The data arrives exactly as written, whatever it holds, and the chain verifies.
    expect(JSON.parse(events[0]!.data)).toEqual({ note: 'quotes \' and "doubled", a backslash \\ and ünïcödé' })
    expect(verifyChain(events)).toMatchObject({ ok: true, count: 1 })
  })

  it('takes text that would close a quote as it is: dollar quotes, quotes and backslashes', async () => {
    const chain = ++workspace
    // PostgreSQL's COMMIT message carries the event as a prepared statement's parameters, never as SQL text.
    const hostile = ['$q$', '$q', 'ends with $', '$$', '$q$); drop table users; --', '\'); drop table users; --', 'a \\ b \' c $q$ d', '$Q$ $q1$ $$q$$']
    await store.write(async (tx) => {
      for (const [i, text] of hostile.entries()) await store.appendAuditAtCommit(tx, { ...eventIn(chain, `hostile ${i}`, { text }), targetId: text })
    })
    const events = await chainOf(chain)
    expect(events.map(e => JSON.parse(e.data).text)).toEqual(hostile)
    expect(events.map(e => e.targetId)).toEqual(hostile)
    expect(verifyChain(events)).toMatchObject({ ok: true, count: hostile.length })
    expect(await store.reader.select({ n: sql<number>`count(*)` }).from(tables.users)).not.toEqual([])
  })

  it('keeps the order of recording when an event appended at once follows ones waiting for the commit', async () => {
    const chain = ++workspace
    const answered = await store.write(async (tx) => {
      await store.appendAuditAtCommit(tx, eventIn(chain, 'one'))
      await store.appendAuditAtCommit(tx, eventIn(chain, 'two'))
      const three = await store.appendAudit(tx, eventIn(chain, 'three'))
      await store.appendAuditAtCommit(tx, eventIn(chain, 'four'))
      return three
    })
    const events = await chainOf(chain)
    expect(events.map(e => e.action)).toEqual(['one', 'two', 'three', 'four'])
    expect(events[2]).toMatchObject({ id: answered.id, prevHash: answered.prevHash, hash: answered.hash })
    expect(verifyChain(events)).toMatchObject({ ok: true, count: 4 })
  })

  it('seals each tile of sixteen whether the event completing it travels with the COMMIT or is appended at once', async () => {
    const chain = ++workspace
    // Tile 0 is completed by an event appended at commit, alone in its write; tile 1 by one of several in a
    // write, just before an event appended at once (whose answer follows the unanswered appends').
    for (let i = 0; i < 16; i++) await store.write(tx => store.appendAuditAtCommit(tx, eventIn(chain, `single ${i}`)))
    const answered = await store.write(async (tx) => {
      for (let i = 16; i < 32; i++) await store.appendAuditAtCommit(tx, eventIn(chain, `batched ${i}`))
      return store.appendAudit(tx, eventIn(chain, 'answered 32'))
    })
    const events = await chainOf(chain)
    expect(events).toHaveLength(33)
    expect(events[32]).toMatchObject({ id: answered.id, prevHash: answered.prevHash, hash: answered.hash })
    expect(verifyChain(events)).toMatchObject({ ok: true, count: 33 })
    const tileRoot = (tile: number) => rootOfLeafHashes(events.slice(tile * 16, tile * 16 + 16).map(e => auditLeafHash(e.hash)))
    const stored = await store.readTreeNodes(store.reader, String(chain), [{ level: 4, index: 0 }, { level: 4, index: 1 }, { level: 5, index: 0 }])
    const byPosition = [...stored].sort((a, b) => a.level - b.level || a.index - b.index)
    expect(byPosition.map(n => [n.level, n.index, Buffer.from(n.hash).toString('hex')])).toEqual([
      [4, 0, Buffer.from(tileRoot(0)).toString('hex')],
      [4, 1, Buffer.from(tileRoot(1)).toString('hex')],
      [5, 0, Buffer.from(nodeHash(tileRoot(0), tileRoot(1))).toString('hex')],
    ])
  })

  it('leaves neither the change nor its event when the write fails after recording', async () => {
    const chain = ++workspace
    const name = `rolled back ${chain}`
    await expect(store.write(async (tx) => {
      await tx.insert(tables.users).values({ name, passwordHash: 'x' })
      await store.appendAuditAtCommit(tx, eventIn(chain, 'never'))
      throw new Error('the write fails after recording')
    })).rejects.toThrow('the write fails after recording')
    expect(await chainOf(chain)).toEqual([])
    expect(await store.reader.select().from(tables.users).where(sql`${tables.users.name} = ${name}`)).toEqual([])
  })

  it('leaves no change when its event cannot be appended at commit, and the next write still commits', async () => {
    const chain = ++workspace
    const name = `unrecorded ${chain}`
    // The database refuses this one event (as a full disk or a broken chain would): its write must not commit.
    await expect(store.write(async (tx) => {
      await tx.insert(tables.users).values({ name, passwordHash: 'x' })
      await store.appendAuditAtCommit(tx, { ...eventIn(chain, 'refused'), targetId: 'refused' })
    })).rejects.toThrow(/audit unavailable/)
    expect(await store.reader.select().from(tables.users).where(sql`${tables.users.name} = ${name}`)).toEqual([])
    expect(await chainOf(chain)).toEqual([])
    await store.write(async (tx) => {
      await tx.insert(tables.users).values({ name, passwordHash: 'x' })
      await store.appendAuditAtCommit(tx, eventIn(chain, 'recorded'))
    })
    expect((await chainOf(chain)).map(e => e.action)).toEqual(['recorded'])
    expect(await store.reader.select({ name: tables.users.name }).from(tables.users).where(sql`${tables.users.name} = ${name}`)).toEqual([{ name }])
  })
})
