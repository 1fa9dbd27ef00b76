import { and, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm'
import { anyRow, tables, type DbOrTx } from '../../database'

/**
 * When a support session lends its holder its rights (SPEC 3.4): it is active and not past its expiry.
 * This module is the one statement of that rule: the standing that reads and writes are decided on, and
 * every listing of sessions active now, use it.
 */
export function activeNow(now: Date): SQL {
  const s = tables.supportSessions
  return and(eq(s.status, 'active'), or(isNull(s.expiresAt), gt(s.expiresAt, now)))!
}

/**
 * The same rule inside a raw subquery over `support_sessions <alias>` (the standing query's, which
 * names its outer columns by hand), with the time taken from the prepared statement's `now` placeholder.
 */
export function activeNowIn(alias: 'ss'): SQL {
  const a = sql.raw(alias)
  return sql`${a}.status = 'active' and (${a}.expires_at is null or ${a}.expires_at > ${sql.placeholder('now')})`
}

/**
 * Whether one support session lends anything right now: active, unexpired, and support mode on (a
 * session approved earlier grants nothing while the mode is off, SPEC 3.4).
 */
export async function sessionLendsNow(db: DbOrTx, sessionId: number, now = new Date()): Promise<boolean> {
  if (!useServerSettings().supportMode) return false
  const s = tables.supportSessions
  return anyRow(db.select({ id: s.id }).from(s).where(and(eq(s.id, sessionId), activeNow(now))))
}
