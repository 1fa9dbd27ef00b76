import type { PoolClient } from 'pg'
import { auditEventContent, GENESIS } from '#shared/audit-chain.mjs'
import { chainOf, type AppendedAuditEvent, type UnchainedAuditEvent } from '../store'

/**
 * PostgreSQL's audit append, in one round trip. The chain's head row moves to the new hash (computed by
 * the database, as auditEventHash does) and the event is inserted from it in the same statement; the
 * row's lock keeps each chain's appends in turn across processes until the write commits. A named
 * statement, so each pooled connection plans it once.
 */
const POSTGRES_APPEND = `with head as (
  insert into audit_chain_heads as h (chain, prev_hash, hash, events)
  values ($1, '${GENESIS}', encode(sha256(convert_to('${GENESIS}' || E'\\n' || $2::text, 'UTF8')), 'hex'), 1)
  on conflict (chain) do update set prev_hash = h.hash, hash = encode(sha256(convert_to(h.hash || E'\\n' || $2::text, 'UTF8')), 'hex'), events = h.events + 1
  returning prev_hash, hash
)
insert into audit_events (workspace_id, actor_id, support_session_id, action, target_type, target_id, data, created_at, prev_hash, hash)
select $3, $4, $5, $6, $7, $8, $9, $10, prev_hash, hash from head
returning id, prev_hash, hash`

/** Appends `e` on `client`, the pooled connection of the open write. */
export async function postgresAuditAppend(client: PoolClient, e: UnchainedAuditEvent): Promise<AppendedAuditEvent> {
  const values = [chainOf(e.workspaceId), auditEventContent(e), e.workspaceId, e.actorId, e.supportSessionId, e.action, e.targetType, e.targetId, e.data, e.createdAt]
  const { rows: [row] } = await client.query<{ id: number, prev_hash: string, hash: string }>({ name: 'audit_append', text: POSTGRES_APPEND, values })
  return { id: row!.id, prevHash: row!.prev_hash, hash: row!.hash }
}
