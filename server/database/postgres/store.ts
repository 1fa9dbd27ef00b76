import { sql } from 'drizzle-orm'
import type { MigrationMeta } from 'drizzle-orm/migrator'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { runInTransaction, type Store } from '../store'
import type { Db } from '../types'
import { auditAppendStep, postgresAuditAppend } from './audit-append'
import { postgresTiles, postgresTreeSize } from './audit-tree'
import { liveEventSteps } from './live-events'
import { runPipeline, type PipelineStep } from './pipeline'
import * as schema from './schema'

type PgDb = NodePgDatabase<typeof schema>

/** The pooled connection a Db (the pool, or one transaction on one of its connections) runs on. */
const clientOf = (db: Db) => (db as unknown as { session?: { client?: pg.PoolClient } }).session?.client

/** An app-wide number for PostgreSQL's advisory locks, from a name (`hashtextextended` is stable across servers). */
const lockKey = (name: string) => sql`hashtextextended(${name}, 0)`

/**
 * The PostgreSQL store (issue 13): one pool shared by reads and writes. Each write is one transaction
 * on one pooled connection. Where SQLite's single writer serialised everything for free, writes that
 * must not interleave take a transaction-scoped advisory lock (`store.lock`): held until commit, seen
 * by every app process on the database.
 */
export function postgresStore(url: string, migrations: MigrationMeta[]): Store {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.NUXT_DATABASE_POOL_SIZE) || 10 })
  // A connection dropped by the server (restart, failover) is replaced on next use; it must not crash the process.
  pool.on('error', error => console.error('[database] idle connection failed', error.message))
  const db = drizzle(pool, { schema })
  // A Db bound to each pooled connection, made once per connection: a write runs on it between its own
  // BEGIN and COMMIT, so the COMMIT can carry the audit events appended at commit (below).
  const dbOn = new WeakMap<pg.PoolClient, Db>()
  const onConnection = (client: pg.PoolClient) => dbOn.get(client) ?? dbOn.set(client, drizzle(client, { schema }) as unknown as Db).get(client)!
  // The steps each open write runs at commit (audit appends, live events), by its connection, in order.
  const atCommit = new WeakMap<pg.PoolClient, PipelineStep[]>()
  /** Queues `steps` for the COMMIT's message of the write on `client`, or runs them now outside one. */
  const atCommitOf = async (client: pg.PoolClient, steps: PipelineStep[]) => {
    const waiting = atCommit.get(client)
    if (waiting) waiting.push(...steps)
    else await runPipeline(client, steps)
  }
  const listeners = new Map<string, Set<() => void>>()
  let listener: pg.Client | null = null

  const ready = migrate(url, migrations)
  return {
    reader: db as unknown as Db,
    ready,
    write: work => runInTransaction(async (inside) => {
      const client = await pool.connect()
      const waiting: PipelineStep[] = []
      let broken: Error | undefined
      try {
        await client.query('begin')
        atCommit.set(client, waiting)
        const out = await inside(onConnection(client))
        // One round trip: the events and live events recorded at commit, then COMMIT, which never runs if one of them fails.
        await runPipeline(client, waiting, { commit: true })
        return out
      }
      catch (error) {
        // A connection that cannot even roll back is dropped, not handed to the next write.
        await client.query('rollback').catch((failed: Error) => { broken = failed })
        throw error
      }
      finally {
        atCommit.delete(client)
        client.release(broken)
      }
    }, work),
    lock: async (tx, name) => {
      await (tx as unknown as PgDb).execute(sql`select pg_advisory_xact_lock(${lockKey(name)})`)
    },
    listen: async (channel, callback) => {
      if (!listener) {
        listener = new pg.Client({ connectionString: url })
        listener.on('notification', message => listeners.get(message.channel)?.forEach(cb => cb()))
        listener.on('error', error => console.error('[database] notification connection failed', error.message))
        await listener.connect()
      }
      let set = listeners.get(channel)
      if (!set) {
        set = new Set()
        listeners.set(channel, set)
        await listener.query(`listen ${pg.escapeIdentifier(channel)}`)
      }
      set.add(callback)
    },
    appendAudit: async (tx, event) => {
      const client = clientOf(tx)!
      // The steps waiting for the commit go first, in the same round trip: the chain keeps the order of recording.
      const waiting = atCommit.get(client) ?? []
      const appended = await postgresAuditAppend(client, event, waiting)
      waiting.length = 0
      return appended
    },
    // A write's COMMIT carries them: no round trip of their own (issue 19's support write).
    appendAuditAtCommit: (tx, event) => atCommitOf(clientOf(tx)!, [auditAppendStep(event)]),
    // The lock, the row and the notification ride with the COMMIT too (a lent change publishes one with every write).
    appendLiveEventAtCommit: (tx, row, signal) => atCommitOf(clientOf(tx)!, liveEventSteps(row, signal)),
    // One named statement, whatever the number of positions: each connection parses and plans it once (a
    // UNION ALL of one seek per position was a new statement text per count, planned on every read).
    readTreeNodes: async (db, chain, positions) => {
      const { rows } = await (clientOf(db) ?? pool).query<{ level: number, idx: string, hash: Buffer }>({
        name: 'audit-tree-nodes',
        text: 'select t.level, t.idx, t.hash from unnest($2::integer[], $3::bigint[]) as p(level, idx) join audit_subtrees t on t.chain = $1 and t.level = p.level and t.idx = p.idx',
        values: [chain, positions.map(p => p.level), positions.map(p => p.index)],
      })
      return rows.map(r => ({ level: r.level, index: Number(r.idx), hash: new Uint8Array(r.hash) }))
    },
    readTiles: (db, chain, tiles) => postgresTiles(clientOf(db) ?? pool, chain, tiles),
    treeSize: (db, chain) => postgresTreeSize(clientOf(db) ?? pool, chain),
    // Each write runs on the Db of one of a few pooled connections, which runs one write at a time.
    connectionOf: db => clientOf(db) ?? db,
    close: async () => {
      await listener?.end()
      await pool.end()
    },
  }
}

/**
 * Applies the migrations not yet applied. Several app processes may start at once: a session-level
 * advisory lock lets one migrate while the others wait, then find nothing left to do.
 */
async function migrate(url: string, migrations: MigrationMeta[]): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const db = drizzle(client)
    await db.execute(sql`select pg_advisory_lock(${lockKey('support-access:migrations')})`)
    const { dialect, session } = db as unknown as { dialect: { migrate: (m: MigrationMeta[], s: unknown, c: object) => Promise<void> }, session: unknown }
    await dialect.migrate(migrations, session, {})
  }
  finally {
    await client.end()
  }
}
