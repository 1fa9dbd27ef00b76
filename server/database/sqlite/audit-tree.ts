import { Buffer } from 'node:buffer'
import type Database from 'better-sqlite3'
import { auditLeafHash } from '#shared/transparency/merkle'
import { perfectSubtrees, type NodePosition } from '#shared/transparency/plan'
import { appendReads, rowsForAppend, type StoredNode } from '#shared/transparency/storage'

const asBuffer = (hash: Uint8Array) => Buffer.from(hash.buffer, hash.byteOffset, hash.length)

/** The perfect subtrees that make up a tree of `size` leaves, largest first: all an append needs to read. */
export type Frontier = readonly StoredNode[]

/**
 * The Merkle tree half of SQLite's audit append (SPEC 3.14): stores leaf `index` of `chain` and the perfect
 * subtrees it completes (shared/transparency/storage.ts), on the writer inside the event's transaction.
 * The left siblings it combines are the tree's frontier, which the caller keeps from the append before
 * (audit-append.ts, known once that commits); without it they are read by primary key. A missing sibling
 * (a tree not built) fails the write. Answers the frontier after this leaf.
 */
export function sqliteTreeAppend(sqlite: Database.Database) {
  const sibling = sqlite.prepare<[string, number, number], Buffer>('select hash from audit_tree where chain = ? and level = ? and idx = ?').pluck()
  // All the rows of one append in one statement (a leaf and, on average, one subtree it completes), each
  // count of rows prepared once: one statement step costs more than the rows it writes.
  const inserts: Database.Statement<unknown[]>[] = []
  const insertRows = (chain: string, rows: readonly StoredNode[]) => {
    const insert = inserts[rows.length] ??= sqlite.prepare(`insert into audit_tree (chain, level, idx, hash) values ${rows.map(() => '(?, ?, ?, ?)').join(', ')}`)
    insert.run(rows.flatMap(row => [chain, row.level, row.index, asBuffer(row.hash)]))
  }
  const size = sqlite.prepare<[string], number>('select coalesce(max(idx) + 1, 0) from audit_tree where chain = ? and level = 0').pluck()
  const stored = (chain: string, p: NodePosition): Buffer => {
    const hash = sibling.get(chain, p.level, p.index)
    if (!hash) throw new Error(`the audit tree of chain ${chain} lacks node ${p.level}/${p.index}`)
    return hash
  }
  return {
    /** How many leaves the chain's tree holds: one primary-key seek. */
    size: (chain: string): number => size.get(chain)!,
    /**
     * `frontier`: the tree's frontier before this leaf, if known; undefined: read it whole (log2 n seeks, once,
     * and answer the next); null: read only the siblings this leaf combines, and answer null.
     */
    append(chain: string, index: number, chainHash: string, frontier?: Frontier | null): Frontier | null {
      const reads = appendReads(index)
      const known = frontier === undefined ? perfectSubtrees(0, index).map(p => ({ ...p, hash: stored(chain, p) })) : frontier
      // appendReads lists the lowest level first; the frontier ends with its smallest subtrees.
      const siblings = reads.map((p, i) => {
        const node = known?.[known.length - 1 - i]
        return node && node.level === p.level && node.index === p.index ? node.hash : stored(chain, p)
      })
      const rows = rowsForAppend(index, auditLeafHash(chainHash), siblings)
      insertRows(chain, rows)
      return known ? [...known.slice(0, known.length - reads.length), rows.at(-1)!] : null
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
    const frontiers = new Map<string, Frontier | null>()
    for (let lastId = 0; ;) {
      const batch = select.all(lastId)
      if (batch.length === 0) return
      for (const e of batch) {
        const index = sizes.get(e.chain) ?? 0
        frontiers.set(e.chain, tree.append(e.chain, index, e.hash, frontiers.get(e.chain)))
        sizes.set(e.chain, index + 1)
      }
      lastId = batch.at(-1)!.id
    }
  }).immediate()
}
