import { and, eq, gt, isNull, lte } from 'drizzle-orm'
import { recordChange } from '../audit/record'
import { affectedRows, writeTransaction, tables, useDb } from '../../database'

const REMIND_BEFORE_MS = 15 * 60 * 1000

/**
 * Emails each requester once, 15 minutes before their active session expires: recorded as the system's
 * `support.reminded`, whose recording sends the email (announcements.ts).
 */
export async function remindExpiringSessions(now = new Date()): Promise<number> {
  const s = tables.supportSessions
  const due = await useDb().select({ id: s.id, workspaceId: s.workspaceId }).from(s)
    .where(and(eq(s.status, 'active'), isNull(s.reminderSentAt), gt(s.expiresAt, now), lte(s.expiresAt, new Date(now.getTime() + REMIND_BEFORE_MS))))
  let sent = 0
  for (const { id, workspaceId } of due) {
    await writeTransaction(async (tx) => {
      // Guarded like every transition, so two ticks never send the same reminder twice.
      const claimed = await tx.update(s).set({ reminderSentAt: now }).where(and(eq(s.id, id), isNull(s.reminderSentAt)))
      if (affectedRows(claimed) === 0) return
      await recordChange({ workspaceId, actorId: null, supportSessionId: id, action: 'support.reminded', targetType: 'support_session', targetId: id })
      sent++
    })
  }
  return sent
}
