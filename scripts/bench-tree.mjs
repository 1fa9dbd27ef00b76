// `npm run bench -- --only tree`: what a root, an inclusion proof and a consistency proof cost at 1,000,000
// events (SPEC 3.14, issue 33; target: each under 5 ms). The subtree table is seeded directly (the rows an
// append stores, computed in memory), then each is read as the server reads it: the plan's positions, one
// statement by primary key (server/services/audit/tree.ts), assembled by shared/transparency.
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import { transparency as tl } from './transparency.mjs'

const LEAVES = Number(process.env.BENCH_TREE_LEAVES) || 1_000_000
const RUNS = 500

/** Every perfect subtree of LEAVES leaves, level by level, into a fresh table shaped as migration 0029 makes it. */
function seedTree(path) {
  rmSync(path, { force: true })
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.exec('create table audit_tree (chain text not null, level integer not null, idx integer not null, hash blob not null, primary key (chain, level, idx)) without rowid')
  const insert = db.prepare('insert into audit_tree values (\'1\', ?, ?, ?)')
  db.transaction(() => {
    let level = Array.from({ length: LEAVES }, (_, i) => tl.leafHash(Buffer.from(i.toString(16).padStart(64, '0'))))
    for (let l = 0; level.length > 0; l++) {
      level.forEach((h, i) => insert.run(l, i, Buffer.from(h)))
      const next = []
      for (let i = 0; i + 1 < level.length; i += 2) next.push(tl.nodeHash(level[i], level[i + 1]))
      level = next
    }
  })()
  return db
}

export function benchTree(path = 'bench/tree.sqlite') {
  const started = Date.now()
  const db = seedTree(path)
  const seeded = Date.now() - started
  const statements = new Map()
  // One statement per number of positions, a primary-key seek per position (server/services/audit/tree.ts), prepared once.
  const read = (positions) => {
    let select = statements.get(positions.length)
    if (!select) {
      select = db.prepare(positions.map(() => 'select level, idx, hash from audit_tree where chain = \'1\' and level = ? and idx = ?').join(' union all '))
      statements.set(positions.length, select)
    }
    const byPosition = new Map(select.all(...positions.flatMap(p => [p.level, p.index])).map(r => [`${r.level}/${r.idx}`, r.hash]))
    return positions.map(p => byPosition.get(`${p.level}/${p.index}`))
  }
  const time = async (fn) => {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < RUNS; i++) await fn(i)
    return Number(process.hrtime.bigint() - t0) / 1e6 / RUNS
  }
  const random = n => Math.floor(Math.random() * n)
  return (async () => {
    const root = await time(() => tl.treeRoot(LEAVES - random(Math.min(1000, LEAVES)), read))
    const inclusion = await time(() => tl.proveInclusion(random(LEAVES), LEAVES, read))
    const consistency = await time(() => tl.proveConsistency(1 + random(LEAVES - 1), LEAVES, read))
    db.close()
    rmSync(path, { force: true })
    for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, { force: true })
    return { leaves: LEAVES, seededMs: seeded, rootMs: root, inclusionMs: inclusion, consistencyMs: consistency }
  })()
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const r = await benchTree()
  console.log(`audit tree at ${r.leaves.toLocaleString()} events (seeded in ${(r.seededMs / 1000).toFixed(1)} s): root ${r.rootMs.toFixed(3)} ms, inclusion proof ${r.inclusionMs.toFixed(3)} ms, consistency proof ${r.consistencyMs.toFixed(3)} ms (SQLite, target < 5 ms each)`)
}
