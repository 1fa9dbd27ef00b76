import { auditEventContent, auditEventHash, GENESIS, type ChainedEvent } from '#shared/audit-chain.mjs'
import { auditLeafHash, completesTile, rowsForTile, tileAppendReads, tileOfLeaf } from '#shared/transparency'
import { openTestDb } from './db'

type Event = Omit<ChainedEvent, 'id' | 'prevHash' | 'hash'> & { workspaceId: number }

/**
 * Appends an event to its workspace's chain from outside the server, as another instance would (or an
 * import): through the store's own steps, the chain and its tiled tree kept whole. Answers its chain hash.
 */
export async function appendEventFromOutside(target: { dbPath: string, databaseUrl?: string }, event: Event): Promise<string> {
  const db = await openTestDb(target)
  const chain = String(event.workspaceId)
  try {
    if (db.store === 'postgres') {
      const row = await db.get<{ hash: string }>('select hash from audit_append(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', chain, auditEventContent(event), event.workspaceId, event.actorId, event.supportSessionId, event.action, event.targetType, event.targetId, event.data, event.createdAt)
      return row!.hash
    }
    // SQLite: the same steps as server/database/sqlite/audit-append.ts and audit-tree.ts, in one transaction.
    await db.run('begin immediate')
    const prevHash = (await db.get<{ hash: string }>('select hash from audit_events where workspace_id = ? order by id desc limit 1', event.workspaceId))?.hash ?? GENESIS
    const index = (await db.get<{ n: number }>('select count(*) as n from audit_events where workspace_id = ?', event.workspaceId))!.n
    const hash = auditEventHash({ ...event, prevHash })
    await db.run('insert into audit_events (workspace_id, actor_id, support_session_id, action, target_type, target_id, data, created_at, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      event.workspaceId, event.actorId, event.supportSessionId, event.action, event.targetType, event.targetId, event.data, event.createdAt, prevHash, hash)
    if (completesTile(index)) {
      const tile = tileOfLeaf(index)
      const after = (await db.get<{ id: number }>('select event_id as id from audit_subtrees where chain = ? and level = 4 and idx = ?', chain, tile - 1))?.id ?? 0
      const events = await db.all<{ id: number, hash: string }>('select id, hash from audit_events where workspace_id = ? and id > ? order by id limit 16', event.workspaceId, after)
      const siblings = await Promise.all(tileAppendReads(tile).map(async p => (await db.get<{ hash: Buffer }>('select hash from audit_subtrees where chain = ? and level = ? and idx = ?', chain, p.level, p.index))!.hash))
      for (const row of rowsForTile(tile, events.map(e => auditLeafHash(e.hash)), siblings)) {
        await db.run('insert into audit_subtrees (chain, level, idx, hash, event_id) values (?, ?, ?, ?, ?)', chain, row.level, row.index, Buffer.from(row.hash), events.at(-1)!.id)
      }
    }
    await db.run('commit')
    return hash
  }
  finally {
    await db.close()
  }
}
