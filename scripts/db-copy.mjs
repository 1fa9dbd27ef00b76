// `npm run db:copy -- --from <sqlite file> --to <postgres url>`: moves a server that outgrew SQLite to
// PostgreSQL (issue 13). Stop the app first. The target database must be empty: it is migrated, every
// table is copied in one transaction, the id sequences continue after the copied ids, and then every
// audit chain is verified in the target and each table's row count compared with the source.
// Exits 0 when all of that holds, 1 when a check fails, 2 on wrong usage.
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { GENESIS, verifyChain } from '../shared/audit-chain.mjs'

/** Parents before children, so every foreign key finds its row. */
const TABLES = [
  'users', 'user_emails', 'auth_sessions', 'rate_limit_hits', 'api_tokens', 'passkeys', 'webauthn_challenges',
  'workspaces', 'workspace_domains', 'workspace_members', 'workspace_invites', 'workspace_join_requests',
  'projects', 'project_roles', 'models', 'versions', 'comments',
  'support_sessions', 'support_approvals', 'audit_events', 'audit_checkpoints', 'audit_cosignatures', 'live_events',
  'webhooks', 'webhook_deliveries', 'email_outbox',
]
const BATCH = 1000

/**
 * Copies a SQLite database into an empty PostgreSQL one and checks the copy. Returns the problems
 * found (empty when every count matches and every chain verifies) and how many rows were copied.
 */
export async function copySqliteToPostgres(from, to) {
  const source = new Database(from, { readonly: true, fileMustExist: true })
  const client = new pg.Client({ connectionString: to })
  await client.connect()
  try {
    await migrate(drizzle(client), { migrationsFolder: 'server/database/postgres/migrations' })
    const { rows: [{ n: existing }] } = await client.query('select count(*)::int as n from users')
    if (existing > 0) return { rows: 0, problems: [`${to}: the target already holds ${existing} users; copy into an empty database`] }
    const booleans = await booleanColumns(client)
    const copied = new Map()
    await client.query('begin')
    for (const table of TABLES) copied.set(table, await copyTable(source, client, table, booleans.get(table) ?? new Set()))
    // The admin search's change counter moves on from where the source's stood.
    const version = source.prepare('select version from workspaces_version where id = 1').pluck().get() ?? 0
    await client.query('update workspaces_version set version = $1 where id = 1', [version])
    // PostgreSQL appends from each chain's head row (SQLite's writer finds heads by index and keeps none):
    // set every head where the copied events leave it, as the migration that made the table does.
    await client.query(`insert into audit_chain_heads (chain, prev_hash, hash, events)
      select coalesce(workspace_id::text, 'server'), prev_hash, hash, n from (
        select workspace_id, prev_hash, hash, row_number() over (partition by workspace_id order by id desc) as rn, count(*) over (partition by workspace_id) as n
        from audit_events) as last where rn = 1`)
    // And every chain's tiled Merkle tree (SPEC 3.14), leaf by leaf in id order, as migration 0024 builds it.
    await client.query(`do $$ declare r record; begin
      for r in select coalesce(workspace_id::text, 'server') as chain, hash, row_number() over (partition by workspace_id order by id) - 1 as n from audit_events order by id loop
        perform audit_tree_append(r.chain, r.n, r.hash, false);
      end loop; end $$`)
    await client.query('commit')
    const problems = [...await compareCounts(source, client, copied), ...await verifyAuditChains(client)]
    return { rows: [...copied.values()].reduce((a, b) => a + b, 0), problems }
  }
  finally {
    await client.end()
    source.close()
  }
}

/** Which columns of each table are boolean in PostgreSQL (SQLite stores them as 0 and 1). */
async function booleanColumns(client) {
  const { rows } = await client.query(`select table_name, column_name from information_schema.columns where table_schema = 'public' and data_type = 'boolean'`)
  const byTable = new Map()
  for (const { table_name: table, column_name: column } of rows) byTable.set(table, (byTable.get(table) ?? new Set()).add(column))
  return byTable
}

/** Tables whose ids are random text, not a serial. */
const TEXT_IDS = new Set(['auth_sessions', 'webauthn_challenges'])

/** Whether the source has the table: a database from before a table was added copies as if it were empty. */
const hasTable = (source, table) => source.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).pluck().get(table) === 1

async function copyTable(source, client, table, booleans) {
  if (!hasTable(source, table)) return 0
  const columns = source.prepare(`select name from pragma_table_info(?)`).pluck().all(table)
  // Keyset paging on rowid: each batch starts where the last ended, whatever the table's size.
  const select = source.prepare(`select rowid as "__rowid", * from "${table}" where rowid > ? order by rowid limit ${BATCH}`)
  let total = 0
  for (let after = 0; ;) {
    const rows = select.all(after)
    if (!rows.length) break
    after = rows.at(-1).__rowid
    const params = []
    const tuples = rows.map((row) => {
      const slots = columns.map((column) => {
        const value = row[column]
        params.push(booleans.has(column) && value !== null ? value === 1 : value)
        return `$${params.length}`
      })
      return `(${slots.join(', ')})`
    })
    await client.query(`insert into "${table}" (${columns.map(c => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`, params)
    total += rows.length
  }
  if (columns.includes('id') && !TEXT_IDS.has(table)) {
    // Serial ids continue after the copied ones (auth_sessions' ids are random text).
    await client.query(`select setval(pg_get_serial_sequence('${table}', 'id'), coalesce(max(id), 1), max(id) is not null) from "${table}"`)
  }
  return total
}

async function compareCounts(source, client, copied) {
  const problems = []
  for (const table of TABLES) {
    const { rows: [{ n }] } = await client.query(`select count(*)::int as n from "${table}"`)
    const expected = hasTable(source, table) ? source.prepare(`select count(*) from "${table}"`).pluck().get() : 0
    if (n !== expected || copied.get(table) !== expected) problems.push(`${table}: ${expected} rows in the source, ${n} in the target`)
  }
  return problems
}

/** Every chain (each workspace's, and the server's), walked in the target as the server's own check walks it. */
async function verifyAuditChains(client) {
  const last = new Map()
  const problems = []
  for (let after = 0; ;) {
    const { rows } = await client.query(`select id, workspace_id, actor_id, support_session_id, action, target_type, target_id, data, created_at, prev_hash, hash
      from audit_events where id > $1 order by id limit ${BATCH}`, [after])
    if (!rows.length) break
    for (const r of rows) {
      const event = {
        id: r.id, workspaceId: r.workspace_id, actorId: r.actor_id, supportSessionId: r.support_session_id, action: r.action, targetType: r.target_type,
        targetId: r.target_id, data: r.data, createdAt: Number(r.created_at), prevHash: r.prev_hash, hash: r.hash,
      }
      const check = verifyChain([event], last.get(event.workspaceId) ?? GENESIS)
      if (!check.ok) problems.push(`audit event ${event.id}: ${check.reason}`)
      last.set(event.workspaceId, event.hash)
    }
    after = rows.at(-1).id
  }
  return problems
}

// Run as a command (not imported by the benchmark).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } })
  if (!values.from || !/^postgres(ql)?:\/\//.test(values.to ?? '')) {
    console.error('usage: npm run db:copy -- --from <sqlite file> --to postgres://user:password@host:5432/database')
    process.exit(2)
  }
  const { rows, problems } = await copySqliteToPostgres(values.from, values.to)
  for (const problem of problems) console.error(problem)
  if (problems.length) process.exit(1)
  console.log(`copied ${rows} rows in ${TABLES.length} tables; every count matches and every audit chain verifies`)
}
