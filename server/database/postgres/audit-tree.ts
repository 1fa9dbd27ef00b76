import type pg from 'pg'
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

/** The chain hashes of each tile's events, oldest first (TILE_WIDTH once complete), in one statement. */
export async function postgresTileLeaves(db: Queryable, chain: string, tiles: readonly number[]): Promise<Map<number, string[]>> {
  const { rows } = await db.query<{ tile: string, hash: string }>(forChain(chain, 'audit-tile-leaves', events => `select p.tile, e.hash
    from unnest($2::bigint[]) as p(tile)
    cross join lateral (select id, hash from audit_events where ${events}
      and id > coalesce((select event_id from audit_tree where chain = $1 and level = ${TILE_HEIGHT} and idx = p.tile - 1), 0)
      order by id limit ${TILE_WIDTH}) as e
    order by p.tile, e.id`, [chain, tiles]))
  const out = new Map<number, string[]>(tiles.map(tile => [tile, []]))
  for (const row of rows) out.get(Number(row.tile))!.push(row.hash)
  return out
}

/** How many leaves the chain's tree holds: its complete tiles' and the events after them. */
export async function postgresTreeSize(db: Queryable, chain: string): Promise<number> {
  const { rows } = await db.query<{ size: string }>(forChain(chain, 'audit-tree-size', events => `select coalesce(last.idx + 1, 0) * ${TILE_WIDTH}
      + (select count(*) from audit_events where ${events} and id > coalesce(last.event_id, 0)) as size
    from (select 1) as one
    left join lateral (select idx, event_id from audit_tree where chain = $1 and level = ${TILE_HEIGHT} order by idx desc limit 1) as last on true`, [chain]))
  return Number(rows[0]!.size)
}
