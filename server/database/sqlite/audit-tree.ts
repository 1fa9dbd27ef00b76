import { Buffer } from 'node:buffer'
import type Database from 'better-sqlite3'
import { linkedTileLeaves } from '#shared/transparency/audit-tiles'
import { auditLeafHash } from '#shared/transparency/merkle'
import { completesTile, rowsForTile, TILE_WIDTH, tileAppendReads, tileOfLeaf } from '#shared/transparency/tiles'
import type { StoredNode } from '#shared/transparency/storage'
import { sqliteTreeStatements } from './audit-tree-read'

const asBuffer = (hash: Uint8Array) => Buffer.from(hash.buffer, hash.byteOffset, hash.length)

/** `PRAGMA user_version` from which the audit trees are tiled (shared/transparency/tiles.ts); audit-chains.ts uses 1. */
export const TILED_AUDIT_TREES = 2

/**
 * The Merkle tree half of SQLite's audit append (SPEC 3.14), on the writer inside the event's transaction,
 * after the event is in. The tree is tiled: an append writes nothing until its leaf completes a tile of
 * sixteen; then the tile's root and the perfect subtrees above it that it completes (one row on average,
 * reading as many left siblings by primary key), each naming the tile's last event. A tile that does not end
 * with the event just appended, or a missing sibling (a tree not built), fails the write.
 */
export function sqliteTreeAppend(sqlite: Database.Database) {
  const read = sqliteTreeStatements(sqlite)
  const sibling = sqlite.prepare<[string, number, number], Buffer>('select hash from audit_subtrees where chain = ? and level = ? and idx = ?').pluck()
  // All the rows of a tile in one statement, each count of rows prepared once.
  const inserts: Database.Statement<unknown[]>[] = []
  const insertRows = (chain: string, rows: readonly StoredNode[], eventId: number) => {
    const insert = inserts[rows.length] ??= sqlite.prepare(`insert into audit_subtrees (chain, level, idx, hash, event_id) values ${rows.map(() => '(?, ?, ?, ?, ?)').join(', ')}`)
    insert.run(rows.flatMap(row => [chain, row.level, row.index, asBuffer(row.hash), eventId]))
  }
  return {
    /** How many leaves the chain's tree holds: its complete tiles' and the events after them. */
    size: (chain: string): number => read.size(chain),
    /**
     * Leaf `index` of `chain` is the event just appended, with chain hash `chainHash`. `linked`: the tile's
     * events must follow one another (false only to rebuild from an existing log, which may be broken already:
     * a broken log keeps its tree, and the proofs through its broken tile are refused when read).
     */
    append(chain: string, index: number, chainHash: string, linked = true): void {
      if (!completesTile(index)) return
      const tile = tileOfLeaf(index)
      const stored = read.tile(chain, tile)
      const events = stored.events
      if (events.length !== TILE_WIDTH || events.at(-1)!.hash !== chainHash || stored.root !== null) throw new Error(`the audit tree of chain ${chain} is out of step with its events at leaf ${index}`)
      // A tile sealed only if its events hold together: edited events are never made part of the stored tree.
      const leaves = linked ? linkedTileLeaves(chain, tile, stored) : events.map(e => auditLeafHash(e.hash))
      const siblings = tileAppendReads(tile).map((p) => {
        const hash = sibling.get(chain, p.level, p.index)
        if (!hash) throw new Error(`the audit tree of chain ${chain} lacks node ${p.level}/${p.index}`)
        return hash
      })
      insertRows(chain, rowsForTile(tile, leaves, siblings), events.at(-1)!.id)
    },
  }
}

/**
 * Builds the trees of chains whose events came before the tiled tree did (a database from before issue 33,
 * or from before the tiles, whose migration emptied the table; or one seeded directly), once, in one
 * transaction, before the server takes requests. Marked done in user_version, so it stays off the start-up
 * cost after.
 */
export function buildAuditTrees(sqlite: Database.Database): void {
  if (Number(sqlite.pragma('user_version', { simple: true })) >= TILED_AUDIT_TREES) return
  const tree = sqliteTreeAppend(sqlite)
  const select = sqlite.prepare<[number], { id: number, chain: string, hash: string }>(`select id, coalesce(cast(workspace_id as text), 'server') as chain, hash
    from audit_events where id > ? order by id limit 1000`)
  sqlite.transaction(() => {
    const sizes = new Map<string, number>()
    for (let lastId = 0; ;) {
      const batch = select.all(lastId)
      if (batch.length === 0) break
      for (const e of batch) {
        const index = sizes.get(e.chain) ?? 0
        tree.append(e.chain, index, e.hash, false)
        sizes.set(e.chain, index + 1)
      }
      lastId = batch.at(-1)!.id
    }
    sqlite.pragma(`user_version = ${TILED_AUDIT_TREES}`)
  }).immediate()
}
