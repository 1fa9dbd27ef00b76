// The audit tree rows of `npm run bench` (and `npm run bench -- --only tree [--store postgres]`): what a root, an
// inclusion proof and a consistency proof cost at 1,000,000 events (SPEC 3.14, issue 33; target: each under 5 ms).
// A chain of that many events is not appended one by one: its subtree table (the rows an append stores, one per
// perfect subtree) is filled in bulk, on SQLite from hashes computed here in one transaction, on PostgreSQL by
// one INSERT … SELECT per level with its own sha256(). Each is then read as the server reads it: the positions
// the plan names, in one statement as each store words it (readTreeNodes in server/database/*/), assembled by
// shared/transparency; a few proofs are verified against the root read, so a wrong tree cannot time well.
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
/** Leaf i: a chain hash as the tree stores it, its 64-character hex text (SPEC 3.14), here just i in hex. */
const leafText = i => i.toString(16).padStart(64, '0')
// As migrations 0031 (SQLite) and 0022 (PostgreSQL) make the table.
const SQLITE_TABLE = 'create table audit_tree (chain text not null, level integer not null, idx integer not null, hash blob not null, primary key (chain, level, idx)) without rowid'
const POSTGRES_TABLE = 'create table audit_tree (chain text not null, level integer not null, idx bigint not null, hash bytea not null, primary key (chain, level, idx))'

/** One statement of primary-key seeks for `count` positions, as the SQLite store builds it (server/database/sqlite/audit-tree-read.ts). */
const seeks = count => Array.from({ length: count }, () => `select level, idx, hash from audit_tree where chain = '${CHAIN}' and level = ? and idx = ?`).join(' union all ')
const assemble = (positions, rows) => {
  const byPosition = new Map(rows.map(r => [`${r.level}/${Number(r.idx)}`, new Uint8Array(r.hash)]))
  return positions.map(p => byPosition.get(`${p.level}/${p.index}`))
}

function sqliteTree(path) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.exec(SQLITE_TABLE)
  const insert = db.prepare(`insert into audit_tree values ('${CHAIN}', ?, ?, ?)`)
  db.transaction(() => {
    let level = Array.from({ length: LEAVES }, (_, i) => tl.leafHash(Buffer.from(leafText(i))))
    for (let l = 0; level.length > 0; l++) {
      level.forEach((h, i) => insert.run(l, i, Buffer.from(h)))
      const next = []
      for (let i = 0; i + 1 < level.length; i += 2) next.push(tl.nodeHash(level[i], level[i + 1]))
      level = next
    }
  })()
  const statements = new Map()
  const read = (positions) => {
    if (!statements.has(positions.length)) statements.set(positions.length, db.prepare(seeks(positions.length)))
    return assemble(positions, statements.get(positions.length).all(...positions.flatMap(p => [p.level, p.index])))
  }
  return { read, close: () => {
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
  await client.query(POSTGRES_TABLE)
  await client.query(`insert into audit_tree select '${CHAIN}', 0, i, sha256('\\x00'::bytea || convert_to(lpad(to_hex(i), 64, '0'), 'UTF8')) from generate_series(0, ${LEAVES - 1}) as i`)
  for (let level = 0, width = LEAVES; width > 1; level++, width = Math.floor(width / 2)) {
    await client.query(`insert into audit_tree select l.chain, l.level + 1, l.idx / 2, sha256('\\x01'::bytea || l.hash || r.hash)
      from audit_tree l join audit_tree r on r.chain = l.chain and r.level = l.level and r.idx = l.idx + 1
      where l.chain = '${CHAIN}' and l.level = ${level} and l.idx % 2 = 0`)
  }
  await client.query('analyze audit_tree')
  // The PostgreSQL store's one named statement (server/database/postgres/store.ts, readTreeNodes).
  const read = async positions => assemble(positions, (await client.query({
    name: 'audit-tree-nodes',
    text: 'select t.level, t.idx, t.hash from unnest($2::integer[], $3::bigint[]) as p(level, idx) join audit_tree t on t.chain = $1 and t.level = p.level and t.idx = p.idx',
    values: [CHAIN, positions.map(p => p.level), positions.map(p => p.index)],
  })).rows)
  return { read, close: async () => {
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
    const leaf = tl.leafHash(Buffer.from(leafText(index)))
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
