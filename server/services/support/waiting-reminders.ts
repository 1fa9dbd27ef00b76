import { and, eq, isNull, lte, or } from 'drizzle-orm'
import { recordChange } from '../audit/record'
import { pendingNow } from './open-now'
import { affectedRows, serializeWrites, tables, useDb, writeTransaction, type Db } from '../../database'

const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS
/** The shortest `remindAfterMinutes` the policy takes: no request younger than this is looked at. */
const SHORTEST_REMINDER_MS = 5 * MINUTE_MS

/**
 * SPEC 3.13 reminders, from the upkeep loop. A request still pending `remindAfterMinutes` after it was
 * made emails its Admins once more ("still waiting"); an emergency session no Admin has reviewed emails
 * them once a day until one does. Each is claimed by a guarded update of its own column, so several
 * processes ticking at once send it once, and recorded as the system (`support.request_reminded`,
 * `support.review_reminded`), whose recording sends the email (announcements.ts).
 */
export async function remindWaitingRequests(now = new Date()): Promise<number> {
  const { supportSessions: s, workspaces: w } = tables
  const unreminded = and(pendingNow(now), isNull(s.pendingReminderSentAt))
  const due = await useDb().select({ id: s.id, workspaceId: s.workspaceId, createdAt: s.createdAt, after: w.supportRemindAfterMinutes })
    .from(s).innerJoin(w, eq(w.id, s.workspaceId))
    .where(and(unreminded, lte(s.createdAt, new Date(now.getTime() - SHORTEST_REMINDER_MS))))
  let sent = 0
  for (const { id, workspaceId, createdAt, after } of due) {
    // The policy as it stands: turned off, or set longer since, no reminder yet.
    if (after === null || createdAt.getTime() + after * MINUTE_MS > now.getTime()) continue
    if (await claimAndRecord(workspaceId, id, 'support.request_reminded', tx => tx.update(s).set({ pendingReminderSentAt: now }).where(and(eq(s.id, id), unreminded)))) sent++
  }
  return sent
}

export async function remindUnreviewedEmergencies(now = new Date()): Promise<number> {
  const s = tables.supportSessions
  const dayAgo = new Date(now.getTime() - DAY_MS)
  // A day after it started, then a day after each reminder.
  const due = and(eq(s.emergency, true), isNull(s.reviewVerdict), lte(s.createdAt, dayAgo), or(isNull(s.reviewRemindedAt), lte(s.reviewRemindedAt, dayAgo)))
  const rows = await useDb().select({ id: s.id, workspaceId: s.workspaceId }).from(s).where(due)
  let sent = 0
  for (const { id, workspaceId } of rows) {
    if (await claimAndRecord(workspaceId, id, 'support.review_reminded', tx => tx.update(s).set({ reviewRemindedAt: now }).where(and(eq(s.id, id), due)))) sent++
  }
  return sent
}

async function claimAndRecord(workspaceId: number, id: number, action: string, claim: (tx: Db) => Promise<unknown>): Promise<boolean> {
  return writeTransaction(async (tx) => {
    await serializeWrites(tx, `workspace:${workspaceId}`)
    if (affectedRows(await claim(tx)) === 0) return false
    await recordChange({ workspaceId, actorId: null, supportSessionId: id, action, targetType: 'support_session', targetId: id })
    return true
  })
}
