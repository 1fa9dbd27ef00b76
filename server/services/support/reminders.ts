import { and, eq, gt, isNull, lte } from 'drizzle-orm'
import { getSession } from './queries'
import { notifyExpiringSoon } from './notifications'

const REMIND_BEFORE_MS = 15 * 60 * 1000

/** Emails each requester once, 15 minutes before their active session expires. */
export function remindExpiringSessions(now = new Date()): number {
  const s = tables.supportSessions
  const db = useDb()
  const due = db.select({ id: s.id, workspaceId: s.workspaceId }).from(s)
    .where(and(eq(s.status, 'active'), isNull(s.reminderSentAt), gt(s.expiresAt, now), lte(s.expiresAt, new Date(now.getTime() + REMIND_BEFORE_MS))))
    .all()
  let sent = 0
  for (const { id, workspaceId } of due) {
    const session = getSession(workspaceId, id)
    if (!session) continue
    db.transaction((tx) => {
      // Guarded like every transition, so two ticks never send the same reminder twice.
      const claimed = tx.update(s).set({ reminderSentAt: now }).where(and(eq(s.id, id), isNull(s.reminderSentAt))).run()
      if (claimed.changes === 0) return
      notifyExpiringSoon(tx, session)
      sent++
    }, { behavior: 'immediate' })
  }
  return sent
}
