import { and, eq, inArray, lte, or } from 'drizzle-orm'
import { appendAudit } from '../audit'
import { notifyRequestLapsed, notifySessionEnded } from './notifications'
import { getSession } from './queries'

/**
 * Records each open session that has reached its expiry: stores `expired`, audits `support.expired`
 * and tells open tabs, once per session even when several server processes tick at the same moment
 * (the guarded update has exactly one winner). Access itself ended at `expires_at`, without this job.
 */
export function noticeExpiredSessions(now = new Date()): number {
  const s = tables.supportSessions
  const db = useDb()
  const expired = and(inArray(s.status, ['pending', 'active']), lte(s.expiresAt, now))
  // A request nobody approved before its lapse time (SPEC 3.7) is recorded the same way.
  const lapsed = and(eq(s.status, 'pending'), lte(s.lapsesAt, now))
  const stillOpen = or(expired, lapsed)
  const due = db.select({ id: s.id, workspaceId: s.workspaceId, approvedAt: s.approvedAt, expiresAt: s.expiresAt }).from(s).where(stillOpen).all()
  let noticed = 0
  for (const { id, workspaceId, approvedAt, expiresAt } of due) {
    // Never approved and not past its expiry: it lapsed (SPEC 3.7). The guarded update below keeps this true.
    const wasLapse = approvedAt === null && (expiresAt === null || expiresAt > now)
    const session = db.transaction((tx) => {
      if (tx.update(s).set({ status: 'expired' }).where(and(eq(s.id, id), stillOpen)).run().changes === 0) return null
      appendAudit({ workspaceId, actorId: null, supportSessionId: id, action: 'support.expired', targetType: 'support_session', targetId: id, data: wasLapse ? { lapsed: true } : {} })
      const session = getSession(workspaceId, id, tx)!
      if (session.approvedAt) notifySessionEnded(tx, session, { kind: 'expired' })
      else if (wasLapse) notifyRequestLapsed(tx, session)
      publishLive(tx, supportLiveEvent(session))
      return session
    }, { behavior: 'immediate' })
    if (session) noticed++
  }
  return noticed
}
