import { and, eq, gt, isNull, lte } from 'drizzle-orm'
import { getSession } from './queries'
import { notifyExpiringSoon } from './notifications'

const REMIND_BEFORE_MS = 15 * 60 * 1000

/** Emails each requester once, 15 minutes before their active session expires. */
export async function remindExpiringSessions(now = new Date()): Promise<number> {
  const s = tables.supportSessions
  const due = await useDb().select({ id: s.id, workspaceId: s.workspaceId }).from(s)
    .where(and(eq(s.status, 'active'), isNull(s.reminderSentAt), gt(s.expiresAt, now), lte(s.expiresAt, new Date(now.getTime() + REMIND_BEFORE_MS))))
  let sent = 0
  for (const { id, workspaceId } of due) {
    const session = await getSession(workspaceId, id)
    if (!session) continue
    await writeTransaction(async (tx) => {
      // Guarded like every transition, so two ticks never send the same reminder twice.
      const claimed = await tx.update(s).set({ reminderSentAt: now }).where(and(eq(s.id, id), isNull(s.reminderSentAt)))
      if (affectedRows(claimed) === 0) return
      await notifyExpiringSoon(tx, session)
      sent++
    })
  }
  return sent
}
