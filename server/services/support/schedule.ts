import { and, eq, lte } from 'drizzle-orm'
import { recordChange } from '../audit/record'
import { affectedRows, serializeWrites, writeTransaction, tables, useDb } from '../../database'

/**
 * Starts each scheduled session whose start has come (SPEC 3.12: approved before its `startsAt`, it
 * becomes active by itself within 5 s): stores `active` and records `support.started` as the system,
 * whose recording tells open tabs and mails the requester. The guarded update has exactly one winner
 * when several processes tick at once. Its expiry was set at approval, counted from the start.
 */
export async function startScheduledSessions(now = new Date()): Promise<number> {
  const s = tables.supportSessions
  const due = and(eq(s.status, 'scheduled'), lte(s.startsAt, now))
  const rows = await useDb().select({ id: s.id, workspaceId: s.workspaceId, scope: s.scope }).from(s).where(due)
  let started = 0
  for (const { id, workspaceId, scope } of rows) {
    const done = await writeTransaction(async (tx) => {
      await serializeWrites(tx, `workspace:${workspaceId}`)
      if (affectedRows(await tx.update(s).set({ status: 'active' }).where(and(eq(s.id, id), due))) === 0) return false
      await recordChange({ workspaceId, actorId: null, supportSessionId: id, action: 'support.started', targetType: 'support_session', targetId: id, data: { scope: JSON.parse(scope) } })
      return true
    })
    if (done) started++
  }
  return started
}
