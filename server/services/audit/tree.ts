import { and, eq, sql } from 'drizzle-orm'
import { treeRoot, type Hash, type HashReader, type NodePosition } from '#shared/transparency'
import { chainOf, tables, useDb, type DbOrTx } from '../../database'

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
 * O(log n) reads). Stored rows never change, so any tree size up to the stored one reads consistently.
 */
export function treeReader(chain: string, db: DbOrTx = useDb()): HashReader {
  const t = tables.auditTree
  return async (positions: readonly NodePosition[]) => {
    // A UNION ALL of primary-key seeks: an OR of the positions lets SQLite scan the whole chain instead.
    const seek = (p: NodePosition) => db.select({ level: t.level, idx: t.idx, hash: t.hash }).from(t).where(and(eq(t.chain, chain), eq(t.level, p.level), eq(t.idx, p.index)))
    type Seek = ReturnType<typeof seek>
    const [first, ...rest] = positions.map(seek)
    const rows = await rest.reduce<Seek>((query, next) => query.unionAll(next) as unknown as Seek, first!)
    const byPosition = new Map(rows.map(r => [`${r.level}/${Number(r.idx)}`, new Uint8Array(r.hash) as Hash]))
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
