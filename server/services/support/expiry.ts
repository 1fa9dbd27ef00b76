import { and, eq, inArray, lte, or } from 'drizzle-orm'
import { recordChange } from '../audit/record'
import { affectedRows, serializeWrites, writeTransaction, tables, useDb } from '../../database'

/**
 * Records each open session that has reached its expiry: stores `expired` and records `support.expired`
 * as the system (whose recording mails the report and tells open tabs), once per session even when several server processes tick at the same moment
 * (the guarded update has exactly one winner). Access itself ended at `expires_at`, without this job.
 */
export async function noticeExpiredSessions(now = new Date()): Promise<number> {
  const s = tables.supportSessions
  const expired = and(inArray(s.status, ['pending', 'scheduled', 'active']), lte(s.expiresAt, now))
  // A request nobody approved before its lapse time (SPEC 3.7) is recorded the same way.
  const lapsed = and(eq(s.status, 'pending'), lte(s.lapsesAt, now))
  const stillOpen = or(expired, lapsed)
  const u = tables.users
  const due = await useDb().select({ id: s.id, workspaceId: s.workspaceId, approvedAt: s.approvedAt, expiresAt: s.expiresAt, requester: u.name })
    .from(s).leftJoin(u, eq(u.id, s.requestedBy)).where(stillOpen)
  let noticed = 0
  for (const { id, workspaceId, approvedAt, expiresAt, requester } of due) {
    // Never approved and not past its expiry: it lapsed (SPEC 3.7). The guarded update below keeps this true.
    const wasLapse = approvedAt === null && (expiresAt === null || expiresAt > now)
    const recorded = await writeTransaction(async (tx) => {
      // After every write to the workspace already under way: a change its session was allowed commits before its end.
      await serializeWrites(tx, `workspace:${workspaceId}`)
      if (affectedRows(await tx.update(s).set({ status: 'expired' }).where(and(eq(s.id, id), stillOpen))) === 0) return false
      await recordChange({ workspaceId, actorId: null, supportSessionId: id, action: 'support.expired', targetType: 'support_session', targetId: id, data: { ...(wasLapse ? { lapsed: true } : {}), ...(requester ? { requester } : {}) } })
      return true
    })
    if (recorded) noticed++
  }
  return noticed
}
