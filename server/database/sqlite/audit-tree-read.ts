import { and, eq } from 'drizzle-orm'
import type { Db } from '../types'
import type { StoredTreeNode, TreePosition } from '../store'
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
