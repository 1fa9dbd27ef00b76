import { checkedTiles, tiledReader, treeRoot, type Hash, type HashReader, type NodePosition } from '#shared/transparency'
import { chainOf, useDb, useStore, type DbOrTx } from '../../database'

/** A workspace's chain (or the server's, for null), as the tree stores it. */
export const treeChain = (workspaceId: number | null) => chainOf(workspaceId)

/** How many leaves the chain's tree holds as `db` sees it: its events, counted from its last complete tile. */
export async function treeSize(chain: string, db: DbOrTx = useDb()): Promise<number> {
  return useStore().treeSize(db, chain)
}

/** The stored subtrees at `positions` (levels from TILE_HEIGHT up), in ONE statement, by primary key. */
function storedReader(chain: string, db: DbOrTx): HashReader {
  return async (positions: readonly NodePosition[]) => {
    const rows = await useStore().readTreeNodes(db, chain, positions)
    const byPosition = new Map(rows.map(r => [`${r.level}/${r.index}`, r.hash as Hash]))
    return positions.map((p) => {
      const hash = byPosition.get(`${p.level}/${p.index}`)
      if (!hash) throw new Error(`the audit tree of chain ${chain} lacks node ${p.level}/${p.index}`)
      return hash
    })
  }
}

/**
 * Reads the chain's tree (SPEC 3.14: a root or proof costs O(log n) reads): the stored subtrees in one
 * statement, and the few levels below them from the events of their tiles (shared/transparency/tiles.ts),
 * each tile checked to hold together first (its events linked, a complete tile's matching its stored root,
 * and the tile before the last one read too, whose root says where the last one starts),
 * so events edited behind the server's back are refused, never signed. Stored rows and events never change,
 * so any size up to the tree's reads consistently; one reader keeps the complete tiles it read, for an export
 * that proves many events.
 */
export function treeReader(chain: string, db: DbOrTx = useDb()): HashReader {
  return tiledReader(storedReader(chain, db), checkedTiles(chain, tiles => useStore().readTiles(db, chain, tiles)))
}

/** The chain's tree as `db` sees it: its size and root. */
export async function currentTree(chain: string, db: DbOrTx = useDb()): Promise<{ size: number, root: Hash }> {
  const size = await treeSize(chain, db)
  return { size, root: await treeRoot(size, treeReader(chain, db)) }
}
