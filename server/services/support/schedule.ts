import { and, eq, lte } from 'drizzle-orm'
import { autoApproval } from '#shared/support/auto-approval'
import { parseScope } from '#shared/support/scope'
import { recordChange } from '../audit/record'
import { readSupportPolicy } from './policy'
import { affectedRows, serializeWrites, writeTransaction, tables, useDb, type Tx } from '../../database'

type Due = { id: number, workspaceId: number, scope: string, autoApproved: boolean, expiresAt: Date | null, requester: string | null }

/**
 * A session the policy approved by itself (SPEC 3.13) is approved by the policy as it stands at its
 * start: a workspace that turned automatic approval off, or narrowed it, before then is not overruled
 * by a policy it no longer has (outside review of issue 34). Such a session ends unstarted, recorded as
 * `support.expired` with `policyWithdrew`, and the requester asks again.
 */
async function policyStillApproves(tx: Tx, due: Due, now: Date): Promise<boolean> {
  if (!due.autoApproved) return true
  const policy = await readSupportPolicy(due.workspaceId, tx)
  return autoApproval(policy, { scope: parseScope(due.scope), expiresAt: due.expiresAt, durationMinutes: null, startsAt: null }, now).auto
}

/**
 * Starts each scheduled session whose start has come (SPEC 3.12: approved before its `startsAt`, it
 * becomes active by itself within 5 s): stores `active` and records `support.started` as the system,
 * whose recording tells open tabs and mails the requester. The guarded update has exactly one winner
 * when several processes tick at once. Its expiry was set at approval, counted from the start.
 */
export async function startScheduledSessions(now = new Date()): Promise<number> {
  const { supportSessions: s, users: u } = tables
  const due = and(eq(s.status, 'scheduled'), lte(s.startsAt, now))
  const rows: Due[] = await useDb().select({ id: s.id, workspaceId: s.workspaceId, scope: s.scope, autoApproved: s.autoApproved, expiresAt: s.expiresAt, requester: u.name })
    .from(s).leftJoin(u, eq(u.id, s.requestedBy)).where(due)
  let started = 0
  for (const row of rows) {
    const { id, workspaceId, scope, requester } = row
    const done = await writeTransaction(async (tx) => {
      await serializeWrites(tx, `workspace:${workspaceId}`)
      if (!await policyStillApproves(tx, row, now)) {
        if (affectedRows(await tx.update(s).set({ status: 'expired' }).where(and(eq(s.id, id), due))) === 0) return false
        await recordChange({ workspaceId, actorId: null, supportSessionId: id, action: 'support.expired', targetType: 'support_session', targetId: id, data: { policyWithdrew: true, ...(requester ? { requester } : {}) } })
        return false
      }
      if (affectedRows(await tx.update(s).set({ status: 'active' }).where(and(eq(s.id, id), due))) === 0) return false
      await recordChange({ workspaceId, actorId: null, supportSessionId: id, action: 'support.started', targetType: 'support_session', targetId: id, data: { scope: JSON.parse(scope) } })
      return true
    })
    if (done) started++
  }
  return started
}
