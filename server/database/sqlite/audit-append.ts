import { auditEventHash, GENESIS } from '#shared/audit-chain.mjs'
import { afterCommit, chainOf, type AppendedAuditEvent, type UnchainedAuditEvent } from '../store'
import type { Db } from '../types'
import { sqliteTreeAppend } from './audit-tree'

/** Chains whose heads the writer keeps at most (about 150 bytes each); past it, it starts over. */
const KNOWN_HEADS_LIMIT = 100_000

/**
 * SQLite's audit append, on the one writer connection. The writer knows each chain's head from its own
 * last commit and skips the lookup, for as long as no other process has written to the file
 * (`data_version` moves when another connection commits). A head is learnt only once its transaction
 * commits. Statements are prepared once, on first use (the schema is migrated by then). The event's leaf
 * goes into its chain's Merkle tree in the same transaction (audit-tree.ts: a row once in sixteen appends);
 * the writer knows each chain's size with its head.
 */
export function sqliteAuditAppend(writer: Db) {
  let append: ((e: UnchainedAuditEvent) => AppendedAuditEvent) | undefined
  return (e: UnchainedAuditEvent): AppendedAuditEvent => (append ??= prepare(writer))(e)
}

function prepare(db: Db) {
  const lastIn = db.$client.prepare<[number], string>('select hash from audit_events where workspace_id = ? order by id desc limit 1').pluck()
  const lastServer = db.$client.prepare<[], string>('select hash from audit_events where workspace_id is null order by id desc limit 1').pluck()
  const dataVersion = db.$client.prepare<[], number>('pragma data_version').pluck()
  const insert = db.$client.prepare<unknown[]>(`insert into audit_events
    (workspace_id, actor_id, support_session_id, action, target_type, target_id, data, created_at, prev_hash, hash)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  // A chain's entry is overwritten, never deleted: V8 rebuilds a large Map on a delete followed by an add
  // of the same key (12 µs an append with 5,000 chains known, measured), where overwriting costs nothing.
  const knownHeads = new Map<string, { hash: string, size: number } | null>()
  const tree = sqliteTreeAppend(db.$client)
  let seenVersion: number | undefined
  return (e: UnchainedAuditEvent): AppendedAuditEvent => {
    const version = dataVersion.get()
    if (version !== seenVersion || knownHeads.size > KNOWN_HEADS_LIMIT) {
      knownHeads.clear()
      seenVersion = version
    }
    const chain = chainOf(e.workspaceId)
    const known = knownHeads.get(chain)
    const prevHash = known?.hash ?? (e.workspaceId === null ? lastServer.get() : lastIn.get(e.workspaceId)) ?? GENESIS
    const index = known?.size ?? tree.size(chain)
    const hash = auditEventHash({ ...e, prevHash })
    const id = Number(insert.run(e.workspaceId, e.actorId, e.supportSessionId, e.action, e.targetType, e.targetId, e.data, e.createdAt, prevHash, hash).lastInsertRowid)
    tree.append(chain, index, hash)
    // Until this commits the head is not known: a rollback leaves the chain where it was.
    knownHeads.set(chain, null)
    afterCommit(() => knownHeads.set(chain, { hash, size: index + 1 }))
    return { id, prevHash, hash }
  }
}
