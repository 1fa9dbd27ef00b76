import { Buffer } from 'node:buffer'
import type Database from 'better-sqlite3'
import { auditLeafHash } from '#shared/transparency/merkle'
import { appendReads, rowsForAppend } from '#shared/transparency/storage'

const asBuffer = (hash: Uint8Array) => Buffer.from(hash.buffer, hash.byteOffset, hash.length)

/**
 * The Merkle tree half of SQLite's audit append (SPEC 3.14): stores leaf `index` of `chain` and the perfect
 * subtrees it completes (shared/transparency/storage.ts), reading each left sibling by primary key, on
 * the writer inside the event's transaction. A missing sibling (a tree not built) fails the write.
 */
export function sqliteTreeAppend(sqlite: Database.Database) {
  const sibling = sqlite.prepare<[string, number, number], Buffer>('select hash from audit_tree where chain = ? and level = ? and idx = ?').pluck()
  const insert = sqlite.prepare<[string, number, number, Buffer]>('insert into audit_tree (chain, level, idx, hash) values (?, ?, ?, ?)')
  const size = sqlite.prepare<[string], number>('select coalesce(max(idx) + 1, 0) from audit_tree where chain = ? and level = 0').pluck()
  return {
    /** How many leaves the chain's tree holds: one primary-key seek. */
    size: (chain: string): number => size.get(chain)!,
    append(chain: string, index: number, chainHash: string): void {
      const siblings = appendReads(index).map((p) => {
        const hash = sibling.get(chain, p.level, p.index)
        if (!hash) throw new Error(`the audit tree of chain ${chain} lacks node ${p.level}/${p.index}`)
        return hash
      })
      for (const row of rowsForAppend(index, auditLeafHash(chainHash), siblings)) insert.run(chain, row.level, row.index, asBuffer(row.hash))
    },
  }
}

/**
 * Builds the trees of chains whose events came before the tree did (a database from before issue 33, or
 * one seeded directly), once, in one transaction, before the server takes requests. Two seeks when there
 * is nothing to do, so it stays off the start-up cost.
 */
export function buildAuditTrees(sqlite: Database.Database): void {
  const has = (table: string) => sqlite.prepare(`select exists (select 1 from ${table})`).pluck().get() === 1
  if (!has('audit_events') || has('audit_tree')) return
  const tree = sqliteTreeAppend(sqlite)
  const select = sqlite.prepare<[number], { id: number, chain: string, hash: string }>(`select id, coalesce(cast(workspace_id as text), 'server') as chain, hash
    from audit_events where id > ? order by id limit 1000`)
  sqlite.transaction(() => {
    const sizes = new Map<string, number>()
    for (let lastId = 0; ;) {
      const batch = select.all(lastId)
      if (batch.length === 0) return
      for (const e of batch) {
        const index = sizes.get(e.chain) ?? 0
        tree.append(e.chain, index, e.hash)
        sizes.set(e.chain, index + 1)
      }
      lastId = batch.at(-1)!.id
    }
  }).immediate()
}
