// The audit tree rows of `npm run bench` (and `npm run bench -- --only tree [--store postgres]`): what a root, an
// inclusion proof and a consistency proof cost at 1,000,000 events (SPEC 3.14, issue 33; target: each under 5 ms).
// A chain of that many events is not appended one by one: its events and its tiled tree (the rows an append
// stores: one per perfect subtree of 16 leaves or more, shared/transparency/tiles.ts) are filled in bulk, on
// SQLite from hashes computed here in one transaction, on PostgreSQL by one INSERT … SELECT per level with its
// own sha256(). Each is then read as the server reads it: the stored positions the plan names in one statement,
// and the events of the tiles below them, each checked as the server checks it, in the statements each store words (server/database/*/audit-tree*.ts),
// assembled by shared/transparency; a few proofs are verified against the root read, so a wrong tree cannot time well.
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import pg from 'pg'
import { transparency as tl } from './transparency.mjs'

const LEAVES = Number(process.env.BENCH_TREE_LEAVES) || 1_000_000
const RUNS = 500
const CHAIN = '1'
/** Leaf i: event i + 1 of workspace 1, whose chain hash (the leaf, SPEC 3.14) is here just i in 64 hex digits; each event follows the one before. */
const leafText = i => i.toString(16).padStart(64, '0')
const GENESIS = '0'.repeat(64)
const prevText = i => (i === 0 ? GENESIS : leafText(i - 1))
/** The last event a stored subtree covers: what each row names. */
const lastEventOf = (level, index) => (index + 1) * 2 ** level
// As migrations 0033 (SQLite) and 0024 (PostgreSQL) make the tree, and the events' table as far as the tree reads it.
const SQLITE_TABLES = [
  'create table audit_events (id integer primary key, workspace_id integer, prev_hash text not null, hash text not null)',
  'create index audit_events_workspace_idx on audit_events (workspace_id, id)',
  'create table audit_subtrees (chain text not null, level integer not null, idx integer not null, hash blob not null, event_id integer not null, primary key (chain, level, idx)) without rowid',
]
const POSTGRES_TABLES = [
  'create table audit_events (id integer primary key, workspace_id integer, prev_hash text not null, hash text not null)',
  'create index audit_events_workspace_idx on audit_events (workspace_id, id)',
  'create table audit_subtrees (chain text not null, level integer not null, idx bigint not null, hash bytea not null, event_id bigint not null, primary key (chain, level, idx))',
]

/** One statement of primary-key seeks for `count` positions, as the SQLite store builds it (server/database/sqlite/audit-tree-read.ts). */
const seeks = count => Array.from({ length: count }, () => `select level, idx, hash from audit_subtrees where chain = '${CHAIN}' and level = ? and idx = ?`).join(' union all ')
const assemble = (positions, rows) => {
  const byPosition = new Map(rows.map(r => [`${r.level}/${Number(r.idx)}`, new Uint8Array(r.hash)]))
  return positions.map(p => byPosition.get(`${p.level}/${p.index}`))
}

function sqliteTree(path) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  for (const statement of SQLITE_TABLES) db.exec(statement)
  const insertEvent = db.prepare('insert into audit_events values (?, 1, ?, ?)')
  const insert = db.prepare(`insert into audit_subtrees values ('${CHAIN}', ?, ?, ?, ?)`)
  db.transaction(() => {
    let level = Array.from({ length: LEAVES }, (_, i) => {
      insertEvent.run(i + 1, prevText(i), leafText(i))
      return tl.auditLeafHash(leafText(i))
    })
    for (let l = 0; level.length > 0; l++) {
      if (l >= tl.TILE_HEIGHT) level.forEach((h, i) => insert.run(l, i, Buffer.from(h), lastEventOf(l, i)))
      const next = []
      for (let i = 0; i + 1 < level.length; i += 2) next.push(tl.nodeHash(level[i], level[i + 1]))
      level = next
    }
  })()
  const statements = new Map()
  const readStored = (positions) => {
    if (!statements.has(positions.length)) statements.set(positions.length, db.prepare(seeks(positions.length)))
    return assemble(positions, statements.get(positions.length).all(...positions.flatMap(p => [p.level, p.index])))
  }
  // The SQLite store's tile statement (server/database/sqlite/audit-tree-read.ts), once per tile, each tile
  // checked as the server checks it (shared/transparency/audit-tiles.ts).
  const tileRow = (column, idx) => `(select ${column} from audit_subtrees where chain = @chain and level = ${tl.TILE_HEIGHT} and idx = ${idx})`
  const tile = db.prepare(`select id, hash, prev_hash as prevHash, ${tileRow('hash', '@tile')} as root, ${tileRow('event_id', '@tile')} as rootEventId,
      coalesce((select hash from audit_events where id = ${tileRow('event_id', '@before')}), '${GENESIS}') as anchor
    from audit_events where workspace_id is @workspace and id > coalesce(${tileRow('event_id', '@before')}, 0)
    order by id limit ${tl.TILE_WIDTH}`)
  const readTiles = tl.checkedTiles(CHAIN, async tiles => new Map(tiles.map((t) => {
    const rows = tile.all({ workspace: 1, chain: CHAIN, tile: t, before: t - 1 })
    return [t, { events: rows, anchor: rows[0]?.anchor ?? GENESIS, root: rows[0]?.root ? new Uint8Array(rows[0].root) : null, rootEventId: rows[0]?.rootEventId ?? null }]
  })))
  return { read: tl.tiledReader(readStored, readTiles), close: () => {
    db.close()
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
  } }
}

/** On the PostgreSQL server at `url`, in a database of its own: each level from the one below, in SQL. */
async function postgresTree(url) {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query('drop database if exists bench_tree')
  await admin.query('create database bench_tree')
  await admin.end()
  const client = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/bench_tree') })
  await client.connect()
  for (const statement of POSTGRES_TABLES) await client.query(statement)
  await client.query(`insert into audit_events select i + 1, 1, case when i = 0 then '${GENESIS}' else lpad(to_hex(i - 1), 64, '0') end, lpad(to_hex(i), 64, '0') from generate_series(0, ${LEAVES - 1}) as i`)
  // Levels below the tiles' height in a table of their own (the store keeps none of them), the rest in audit_subtrees.
  await client.query('create unlogged table levels (level integer not null, idx bigint not null, hash bytea not null, primary key (level, idx))')
  await client.query(`insert into levels select 0, id - 1, sha256('\\x00'::bytea || convert_to(hash, 'UTF8')) from audit_events`)
  for (let level = 0, width = LEAVES; width > 1; level++, width = Math.floor(width / 2)) {
    const from = level < tl.TILE_HEIGHT ? 'levels' : 'audit_subtrees'
    // Fresh statistics for the join, or the planner takes a million-row table for an empty one.
    await client.query(`analyze ${from}`)
    const into = level + 1 < tl.TILE_HEIGHT ? 'levels' : 'audit_subtrees'
    await client.query(`insert into ${into} select ${into === 'levels' ? '' : `'${CHAIN}', `}l.level + 1, l.idx / 2, sha256('\\x01'::bytea || l.hash || r.hash)${into === 'levels' ? '' : `, (l.idx / 2 + 1) * ${2 ** (level + 1)}`}
      from ${from} l join ${from} r on r.level = l.level and r.idx = l.idx + 1${from === 'audit_subtrees' ? ` and r.chain = l.chain and l.chain = '${CHAIN}'` : ''}
      where l.level = ${level} and l.idx % 2 = 0`)
  }
  await client.query('drop table levels')
  await client.query('analyze audit_subtrees')
  await client.query('analyze audit_events')
  // The PostgreSQL store's named statements (server/database/postgres/store.ts and audit-tree.ts).
  const readStored = async positions => assemble(positions, (await client.query({
    name: 'audit-tree-nodes',
    text: 'select t.level, t.idx, t.hash from unnest($2::integer[], $3::bigint[]) as p(level, idx) join audit_subtrees t on t.chain = $1 and t.level = p.level and t.idx = p.idx',
    values: [CHAIN, positions.map(p => p.level), positions.map(p => p.index)],
  })).rows)
  const readTiles = tl.checkedTiles(CHAIN, async (tiles) => {
    const { rows } = await client.query({
      name: 'audit-tiles',
      text: `select p.tile, e.id, e.hash, e.prev_hash, r.hash as root, r.event_id as root_event_id, a.hash as anchor
        from unnest($2::bigint[]) as p(tile)
        left join audit_subtrees r on r.chain = $1 and r.level = ${tl.TILE_HEIGHT} and r.idx = p.tile
        left join audit_subtrees b on b.chain = $1 and b.level = ${tl.TILE_HEIGHT} and b.idx = p.tile - 1
        left join audit_events a on a.id = b.event_id
        cross join lateral (select id, hash, prev_hash from audit_events where workspace_id = $3 and id > coalesce(b.event_id, 0) order by id limit ${tl.TILE_WIDTH}) as e
        order by p.tile, e.id`,
      values: [CHAIN, tiles, 1],
    })
    const out = new Map(tiles.map(t => [t, { events: [], anchor: GENESIS, root: null, rootEventId: null }]))
    for (const row of rows) {
      const tile = out.get(Number(row.tile))
      if (tile.events.length === 0) Object.assign(tile, { anchor: row.anchor ?? GENESIS, root: row.root ? new Uint8Array(row.root) : null, rootEventId: row.root_event_id === null ? null : Number(row.root_event_id) })
      tile.events.push({ id: row.id, hash: row.hash, prevHash: row.prev_hash })
    }
    return out
  })
  return { read: tl.tiledReader(readStored, readTiles), close: async () => {
    await client.end()
    const cleanup = new pg.Client({ connectionString: url })
    await cleanup.connect()
    await cleanup.query('drop database bench_tree')
    await cleanup.end()
  } }
}

/** `store`: 'sqlite' (a file of its own under bench/) or 'postgres' (a database of its own on the server at `url`). */
export async function benchTree({ store = 'sqlite', url } = {}) {
  const started = Date.now()
  const tree = store === 'postgres' ? await postgresTree(url) : sqliteTree('bench/tree.sqlite')
  const seededMs = Date.now() - started
  const random = n => Math.floor(Math.random() * n)
  // The tree is right before it is timed: inclusion and consistency proofs of random positions hold under the root read.
  const root = await tl.treeRoot(LEAVES, tree.read)
  for (let i = 0; i < 20; i++) {
    const index = random(LEAVES)
    const leaf = tl.auditLeafHash(leafText(index))
    if (!tl.verifyInclusion(index, LEAVES, leaf, await tl.proveInclusion(index, LEAVES, tree.read), root).ok) throw new Error(`the seeded tree does not prove leaf ${index}`)
    const from = 1 + random(LEAVES - 1)
    const earlier = await tl.treeRoot(from, tree.read)
    if (!tl.verifyConsistency(from, LEAVES, await tl.proveConsistency(from, LEAVES, tree.read), earlier, root).ok) throw new Error(`the seeded tree is not consistent from ${from}`)
  }
  const time = async (fn) => {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < RUNS; i++) await fn()
    return Number(process.hrtime.bigint() - t0) / 1e6 / RUNS
  }
  const rootMs = await time(() => tl.treeRoot(LEAVES - random(Math.min(1000, LEAVES)), tree.read))
  const inclusionMs = await time(() => tl.proveInclusion(random(LEAVES), LEAVES, tree.read))
  const consistencyMs = await time(() => tl.proveConsistency(1 + random(LEAVES - 1), LEAVES, tree.read))
  await tree.close()
  return { store, leaves: LEAVES, runs: RUNS, seededMs, rootMs, inclusionMs, consistencyMs, target: '< 5 ms each' }
}

/** One line: the figures as the bench prints them. */
export const treeLine = r => `audit tree at ${r.leaves.toLocaleString('en')} events on ${r.store} (seeded in ${(r.seededMs / 1000).toFixed(1)} s): root ${r.rootMs.toFixed(3)} ms, inclusion proof ${r.inclusionMs.toFixed(3)} ms, consistency proof ${r.consistencyMs.toFixed(3)} ms (mean of ${r.runs}; target < 5 ms each)`

if (import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { store: { type: 'string', default: 'sqlite' } } })
  if (values.store !== 'postgres') console.log(treeLine(await benchTree()))
  else {
    const { startPostgres } = await import('./pg-cluster.mjs')
    const cluster = await startPostgres()
    try {
      console.log(treeLine(await benchTree({ store: 'postgres', url: cluster.url })))
    }
    finally {
      await cluster.stop()
    }
  }
}
