import type Database from 'better-sqlite3'
import { and, eq } from 'drizzle-orm'
import { GENESIS } from '#shared/audit-chain.mjs'
import type { AuditTile } from '#shared/transparency/audit-tiles'
import { TILE_HEIGHT, TILE_WIDTH } from '#shared/transparency/tiles'
import type { Db } from '../types'
import { workspaceOfChain, type StoredTreeNode, type TreePosition } from '../store'
import { auditTree as t } from './schema'

/**
 * The stored tree nodes at `positions`, in one statement: a UNION ALL of primary-key seeks (an OR of the
 * positions lets SQLite scan the whole chain instead).
 */
export async function sqliteTreeNodes(db: Db, chain: string, positions: readonly TreePosition[]): Promise<StoredTreeNode[]> {
  if (positions.length === 0) return []
  const seek = (p: TreePosition) => db.select({ level: t.level, idx: t.idx, hash: t.hash }).from(t).where(and(eq(t.chain, chain), eq(t.level, p.level), eq(t.idx, p.index)))
  type Seek = ReturnType<typeof seek>
  const [first, ...rest] = positions.map(seek)
  const rows = await rest.reduce<Seek>((query, next) => query.unionAll(next) as unknown as Seek, first!)
  return rows.map(r => ({ level: r.level, index: Number(r.idx), hash: new Uint8Array(r.hash) }))
}

// The chain's events are audit_events of its workspace (IS: the server's chain is workspace_id null), read
// through the (workspace_id, id) index. A tile's stored root names its last event.
const ofLastTile = (column: string) => `(select ${column} from audit_subtrees where chain = @chain and level = ${TILE_HEIGHT} order by idx desc limit 1)`

const tileRow = (column: string, idx: string) => `(select ${column} from audit_subtrees where chain = @chain and level = ${TILE_HEIGHT} and idx = ${idx})`

interface TileRow { id: number, hash: string, prevHash: string, root: Buffer | null, rootEventId: number | null, anchor: string }

/** The tree's statements on one connection (the writer's inside a write, the reader's outside), prepared once. */
export function sqliteTreeStatements(sqlite: Database.Database) {
  type Params = { chain: string, workspace: number | null, tile?: number, before?: number }
  // One statement, so the events and the tile's stored root are of one moment; the scalar subqueries do not
  // depend on the row, so SQLite runs each once.
  const tile = sqlite.prepare<[Params], TileRow>(`select id, hash, prev_hash as prevHash,
      ${tileRow('hash', '@tile')} as root, ${tileRow('event_id', '@tile')} as rootEventId,
      coalesce((select hash from audit_events where id = ${tileRow('event_id', '@before')}), '${GENESIS}') as anchor
    from audit_events
    where workspace_id is @workspace and id > coalesce(${tileRow('event_id', '@before')}, 0)
    order by id limit ${TILE_WIDTH}`)
  const size = sqlite.prepare<[Params], number>(`select coalesce(${ofLastTile('idx + 1')}, 0) * ${TILE_WIDTH}
    + (select count(*) from audit_events where workspace_id is @workspace and id > coalesce(${ofLastTile('event_id')}, 0))`).pluck()
  return {
    /** Tile `index` as stored: its events (TILE_WIDTH once complete), the hash they follow, its stored root. */
    tile: (chain: string, index: number): AuditTile => {
      const rows = tile.all({ chain, workspace: workspaceOfChain(chain), tile: index, before: index - 1 })
      const first = rows[0]
      return {
        events: rows.map(r => ({ id: r.id, hash: r.hash, prevHash: r.prevHash })),
        anchor: first?.anchor ?? GENESIS,
        root: first?.root ? new Uint8Array(first.root) : null,
        rootEventId: first?.rootEventId ?? null,
      }
    },
    size: (chain: string): number => size.get({ chain, workspace: workspaceOfChain(chain) })!,
  }
}

const statements = new WeakMap<Database.Database, ReturnType<typeof sqliteTreeStatements>>()
const on = (db: Db) => statements.get(db.$client) ?? statements.set(db.$client, sqliteTreeStatements(db.$client)).get(db.$client)!

export async function sqliteTiles(db: Db, chain: string, tiles: readonly number[]): Promise<Map<number, AuditTile>> {
  return new Map(tiles.map(tile => [tile, on(db).tile(chain, tile)]))
}

export async function sqliteTreeSize(db: Db, chain: string): Promise<number> {
  return on(db).size(chain)
}
