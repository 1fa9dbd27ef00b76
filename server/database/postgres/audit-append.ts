import pg, { type PoolClient } from 'pg'
import { auditEventContent } from '#shared/audit-chain.mjs'
import { chainOf, type AppendedAuditEvent, type UnchainedAuditEvent } from '../store'

/** The function's arguments, in its order (migration 0011 defines `audit_append`). */
const argumentsOf = (e: UnchainedAuditEvent) => [chainOf(e.workspaceId), auditEventContent(e), e.workspaceId, e.actorId, e.supportSessionId, e.action, e.targetType, e.targetId, e.data, e.createdAt] as const

/**
 * Appends `e` on `client`, the pooled connection of the open write, in one round trip, and answers its
 * id and hashes. A named statement, so each pooled connection plans it once.
 */
export async function postgresAuditAppend(client: PoolClient, e: UnchainedAuditEvent): Promise<AppendedAuditEvent> {
  const values = [...argumentsOf(e)]
  const { rows: [row] } = await client.query<{ id: number, prev_hash: string, hash: string }>({ name: 'audit_append', text: 'select * from audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', values })
  return { id: row!.id, prevHash: row!.prev_hash, hash: row!.hash }
}

/** A value as an SQL literal: the few kinds an audit event holds, and nothing else. */
export function literal(value: string | number | null): string {
  if (value === null) return 'null'
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`an audit event holds whole numbers, not ${value}`)
    return String(value)
  }
  // A NUL would end the message early; PostgreSQL's text holds none either.
  if (value.includes('\0')) throw new Error('an audit event holds no NUL character')
  return pg.escapeLiteral(value)
}

/**
 * The same append as a statement to send in the message that carries the write's COMMIT (PostgreSQL's
 * simple protocol takes several statements, but no parameters, hence the literals). It runs inside the
 * transaction like any other statement: should it fail, the COMMIT after it is never run.
 */
export function auditAppendStatement(e: UnchainedAuditEvent): string {
  return `select from audit_append(${argumentsOf(e).map(literal).join(', ')})`
}
