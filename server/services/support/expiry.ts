import { and, eq, inArray, lte } from 'drizzle-orm'
import { appendAudit } from '../audit'
import { notifySessionEnded } from './notifications'
import { getSession } from './queries'

/**
 * Records each open session that has reached its expiry: stores `expired`, audits `support.expired`
 * and tells open tabs, once per session even when several server processes tick at the same moment
 * (the guarded update has exactly one winner). Access itself ended at `expires_at`, without this job.
 */
export function noticeExpiredSessions(now = new Date()): number {
  const s = tables.supportSessions
  const db = useDb()
  const stillOpen = and(inArray(s.status, ['pending', 'active']), lte(s.expiresAt, now))
  const due = db.select({ id: s.id, workspaceId: s.workspaceId }).from(s).where(stillOpen).all()
  let noticed = 0
  for (const { id, workspaceId } of due) {
    const session = db.transaction((tx) => {
      if (tx.update(s).set({ status: 'expired' }).where(and(eq(s.id, id), stillOpen)).run().changes === 0) return null
      appendAudit({ workspaceId, actorId: null, supportSessionId: id, action: 'support.expired', targetType: 'support_session', targetId: id })
      const session = getSession(workspaceId, id, tx)!
      if (session.approvedAt) notifySessionEnded(tx, session, { kind: 'expired' })
      publishLive(tx, supportLiveEvent(session))
      return session
    }, { behavior: 'immediate' })
    if (session) noticed++
  }
  return noticed
}
