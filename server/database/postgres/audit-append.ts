import type { PoolClient } from 'pg'
import { auditEventContent } from '#shared/audit-chain.mjs'
import { chainOf, type AppendedAuditEvent, type UnchainedAuditEvent } from '../store'
import { runPipeline, type PipelineStep, type PreparedStatement } from './pipeline'

/**
 * An event's append as one statement, prepared once per connection. It does what the function `audit_append`
 * (migrations 0011 and 0022) does through PL/pgSQL, whose three statements, call and literal arguments cost a
 * support write more than its whole change (issue 33); the function stays for an instance of an earlier
 * version during a rolling deploy, and both keep one chain and one tree. The chain's head moves (its row
 * lock orders the appends; a chain's first event inserts it), the event follows it with the head's hashes,
 * and when the event completes a tile of 16 the tree seals it (`audit_tree_append`, migration 0024, which
 * reads the tile's events: a volatile function sees the rows its calling statement inserted before it is
 * called, and it is called on the event's row, after its insert). The parameters are the function's, in order.
 */
const AUDIT_APPEND: PreparedStatement = {
  name: 'sa_audit_append',
  types: ['text', 'text', 'integer', 'integer', 'integer', 'text', 'text', 'text', 'text', 'bigint'],
  text: `WITH "head" AS (
	INSERT INTO "audit_chain_heads" AS "h" ("chain", "prev_hash", "hash", "events")
	VALUES ($1, repeat('0', 64), encode(sha256(convert_to(repeat('0', 64) || E'\\n' || $2, 'UTF8')), 'hex'), 1)
	ON CONFLICT ("chain") DO UPDATE SET "prev_hash" = "h"."hash", "hash" = encode(sha256(convert_to("h"."hash" || E'\\n' || $2, 'UTF8')), 'hex'), "events" = "h"."events" + 1
	RETURNING "h"."prev_hash", "h"."hash", "h"."events"
), "event" AS (
	INSERT INTO "audit_events" ("workspace_id", "actor_id", "support_session_id", "action", "target_type", "target_id", "data", "created_at", "prev_hash", "hash")
	SELECT $3, $4, $5, $6, $7, $8, $9, $10, "head"."prev_hash", "head"."hash" FROM "head"
	RETURNING "id", "prev_hash", "hash"
)
SELECT "event"."id", "event"."prev_hash", "event"."hash",
	CASE WHEN ("head"."events" - 1) % 16 = 15 THEN (SELECT count(*) FROM "audit_tree_append"($1, "head"."events" - 1, "event"."hash")) END AS "sealed"
FROM "event" CROSS JOIN "head"`,
}

/** The append of `e` as a step of a pipeline (pipeline.ts): alone, or in the message that carries its write's COMMIT. */
export function auditAppendStep(e: UnchainedAuditEvent): PipelineStep {
  return { statement: AUDIT_APPEND, values: [chainOf(e.workspaceId), auditEventContent(e), e.workspaceId, e.actorId, e.supportSessionId, e.action, e.targetType, e.targetId, e.data, e.createdAt] }
}

/**
 * Appends `e` on `client`, the pooled connection of the open write, after the steps `before` it (those waiting
 * for the write's commit, so the chain keeps the order of recording), in one round trip, and answers its id and hashes.
 */
export async function postgresAuditAppend(client: PoolClient, e: UnchainedAuditEvent, before: PipelineStep[] = []): Promise<AppendedAuditEvent> {
  const answered = await runPipeline(client, [...before, auditAppendStep(e)])
  const row = answered.at(-1)![0] as { id: number, prev_hash: string, hash: string }
  return { id: row.id, prevHash: row.prev_hash, hash: row.hash }
}
