import type { LiveEventRow } from '../store'
import { literal } from './audit-append'

/**
 * A live event as statements for the message that carries the write's COMMIT: the advisory lock that
 * makes ids commit in the order they are given (the one `store.lock(tx, signal.lock)` takes), the row,
 * and the notification that wakes every process's tail once it commits. Literals, as the simple
 * protocol takes no parameters.
 */
export function liveEventStatements(row: LiveEventRow, signal: { lock: string, channel: string }): string[] {
  return [
    `select pg_advisory_xact_lock(hashtextextended(${literal(signal.lock)}, 0))`,
    `insert into live_events (workspace_id, payload, admins_only) values (${literal(row.workspaceId)}, ${literal(row.payload)}, ${row.adminsOnly ? 'true' : 'false'})`,
    `select pg_notify(${literal(signal.channel)}, '')`,
  ]
}
