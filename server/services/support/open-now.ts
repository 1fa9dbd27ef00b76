import { and, eq, gt, inArray, isNull, ne, or } from 'drizzle-orm'
import { tables } from '../../database'

/**
 * Open right now: pending or active, not past its expiry, and (while pending) not past its lapse.
 * The one SQL reading of SPEC 3.5/3.7's reported status for the guards and lists that need it.
 */
export function openNow(now: Date) {
  const s = tables.supportSessions
  return and(
    inArray(s.status, ['pending', 'scheduled', 'active']),
    or(isNull(s.expiresAt), gt(s.expiresAt, now)),
    or(ne(s.status, 'pending'), isNull(s.lapsesAt), gt(s.lapsesAt, now)),
  )!
}

/** Pending and still approvable: not expired, not lapsed. */
export function pendingNow(now: Date) {
  return and(eq(tables.supportSessions.status, 'pending'), openNow(now))!
}
