import type pg from 'pg'
import { GENESIS } from '#shared/audit-chain.mjs'
import type { AuditTile, TileEvent } from '#shared/transparency/audit-tiles'
import { TILE_HEIGHT, TILE_WIDTH } from '#shared/transparency/tiles'
import { workspaceOfChain } from '../store'

type Queryable = Pick<pg.Pool, 'query'>

// A chain's events are the audit_events of its workspace, read through the (workspace_id, id) index; the
// server's chain (workspace_id null) has statements of its own, as IS NOT DISTINCT FROM would use no index.
// A tile starts after the last event of the tile before it, which that tile's stored root names. Named
// statements: each pooled connection parses and plans each once.
const forChain = (chain: string, name: string, text: (events: string) => string, values: unknown[]) => {
  const workspace = workspaceOfChain(chain)
  return workspace === null
    ? { name: `${name}-server`, text: text('workspace_id is null'), values }
    : { name, text: text(`workspace_id = $${values.length + 1}`), values: [...values, workspace] }
}

/** Each tile as stored, in one statement: its events, the chain hash they follow, its stored root if complete. */
export async function postgresTiles(db: Queryable, chain: string, tiles: readonly number[]): Promise<Map<number, AuditTile>> {
  const { rows } = await db.query<{ tile: string, id: number, hash: string, prev_hash: string, root: Buffer | null, root_event_id: string | null, anchor: string | null }>(forChain(chain, 'audit-tiles', events => `select p.tile, e.id, e.hash, e.prev_hash, r.hash as root, r.event_id as root_event_id, a.hash as anchor
    from unnest($2::bigint[]) as p(tile)
    left join audit_subtrees r on r.chain = $1 and r.level = ${TILE_HEIGHT} and r.idx = p.tile
    left join audit_subtrees b on b.chain = $1 and b.level = ${TILE_HEIGHT} and b.idx = p.tile - 1
    left join audit_events a on a.id = b.event_id
    cross join lateral (select id, hash, prev_hash from audit_events where ${events} and id > coalesce(b.event_id, 0) order by id limit ${TILE_WIDTH}) as e
    order by p.tile, e.id`, [chain, tiles]))
  const out = new Map<number, AuditTile & { events: TileEvent[] }>(tiles.map(tile => [tile, { events: [], anchor: GENESIS, root: null, rootEventId: null }]))
  for (const row of rows) {
    const tile = out.get(Number(row.tile))!
    if (tile.events.length === 0) Object.assign(tile, { anchor: row.anchor ?? GENESIS, root: row.root ? new Uint8Array(row.root) : null, rootEventId: row.root_event_id === null ? null : Number(row.root_event_id) })
    tile.events.push({ id: row.id, hash: row.hash, prevHash: row.prev_hash })
  }
  return out
}

/** How many leaves the chain's tree holds: its complete tiles' and the events after them. */
export async function postgresTreeSize(db: Queryable, chain: string): Promise<number> {
  const { rows } = await db.query<{ size: string }>(forChain(chain, 'audit-tree-size', events => `select coalesce(last.idx + 1, 0) * ${TILE_WIDTH}
      + (select count(*) from audit_events where ${events} and id > coalesce(last.event_id, 0)) as size
    from (select 1) as one
    left join lateral (select idx, event_id from audit_subtrees where chain = $1 and level = ${TILE_HEIGHT} order by idx desc limit 1) as last on true`, [chain]))
  return Number(rows[0]!.size)
}
