import { and, eq, sql } from 'drizzle-orm'
import { treeRoot, type Hash, type HashReader, type NodePosition } from '#shared/transparency'
import { chainOf, tables, useDb, useStore, type DbOrTx } from '../../database'

/** A workspace's chain (or the server's, for null), as the tree stores it. */
export const treeChain = (workspaceId: number | null) => chainOf(workspaceId)

/** How many leaves the chain's tree holds as `db` sees it: one primary-key seek. */
export async function treeSize(chain: string, db: DbOrTx = useDb()): Promise<number> {
  const t = tables.auditTree
  const [row] = await db.select({ n: sql<number | string>`coalesce(max(${t.idx}) + 1, 0)` }).from(t).where(and(eq(t.chain, chain), eq(t.level, 0)))
  return Number(row?.n ?? 0)
}

/**
 * Reads stored perfect subtrees of a chain in ONE statement, by primary key (SPEC 3.14: a root or proof costs
 * O(log n) reads; each store words it as its planner seeks best). Stored rows never change, so any tree size
 * up to the stored one reads consistently.
 */
export function treeReader(chain: string, db: DbOrTx = useDb()): HashReader {
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

/** The chain's tree as `db` sees it: its size and root. */
export async function currentTree(chain: string, db: DbOrTx = useDb()): Promise<{ size: number, root: Hash }> {
  const size = await treeSize(chain, db)
  return { size, root: await treeRoot(size, treeReader(chain, db)) }
}
