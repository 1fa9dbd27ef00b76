import type Database from 'better-sqlite3'
import { auditEventHash, GENESIS, verifyChain, type ChainedEvent } from '#shared/audit-chain.mjs'

/** `PRAGMA user_version` from which audit events chain per workspace instead of in one server-wide chain. */
export const PER_WORKSPACE_CHAINS = 1

const BATCH = 1000
const SELECT_AFTER = `select id, workspace_id as workspaceId, actor_id as actorId, support_session_id as supportSessionId,
  action, target_type as targetType, target_id as targetId, data, created_at as createdAt, prev_hash as prevHash, hash
  from audit_events where id > ? order by id limit ${BATCH}`

/** Every audit event, oldest first, as the chain hashes it; read in batches, each batch whole before it is yielded. */
export function* allAuditEvents(sqlite: Database.Database): Generator<ChainedEvent> {
  const select = sqlite.prepare<[number], ChainedEvent>(SELECT_AFTER)
  for (let lastId = 0; ;) {
    const batch = select.all(lastId)
    if (batch.length === 0) return
    yield* batch
    lastId = batch.at(-1)!.id
  }
}

/**
 * Upgrades a database whose audit events form one server-wide chain (before user_version 1) to one
 * chain per workspace, so a workspace's export verifies on its own. The old chain is checked first: a
 * log that was already broken is left exactly as it is, so the upgrade can never launder tampering.
 * Runs once, in one transaction, before the server takes requests.
 */
export function chainAuditPerWorkspace(sqlite: Database.Database, log: (message: string) => void = console.warn): void {
  if (Number(sqlite.pragma('user_version', { simple: true })) >= PER_WORKSPACE_CHAINS) return
  sqlite.transaction(() => {
    const old = verifyChain(allAuditEvents(sqlite))
    if (!old.ok) {
      log(`The audit log was already broken at event ${old.brokenAt} (${old.reason}); it is kept as it was, not re-chained per workspace.`)
    }
    else if (old.count > 0) {
      // The append-only trigger guards against exactly this kind of rewrite, so it is lifted for the
      // upgrade alone and restored (as migration 0001 defines it) in the same transaction.
      sqlite.exec('drop trigger audit_events_no_update')
      const rewrite = sqlite.prepare<[string, string, number]>('update audit_events set prev_hash = ?, hash = ? where id = ?')
      const lastHashOfChain = new Map<number | null, string>()
      // Each batch is read whole before any of its rows is rewritten, so no cursor is open during an update.
      for (const event of allAuditEvents(sqlite)) {
        const prevHash = lastHashOfChain.get(event.workspaceId) ?? GENESIS
        const hash = auditEventHash({ ...event, prevHash })
        rewrite.run(prevHash, hash, event.id)
        lastHashOfChain.set(event.workspaceId, hash)
      }
      sqlite.exec(`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN
          SELECT RAISE(ABORT, 'audit_events is append-only');
        END`)
    }
    sqlite.pragma(`user_version = ${PER_WORKSPACE_CHAINS}`)
  }).immediate()
}
