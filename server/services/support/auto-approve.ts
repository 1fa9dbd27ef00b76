import { and, eq } from 'drizzle-orm'
import type { SupportPolicy } from '#shared/support/policy'
import type { SupportScope } from '#shared/support/scope'
import { recordChange } from '../audit/record'
import { pendingNow } from './queries'
import { endAt } from './terms'
import { affectedRows, tables, type Tx } from '../../database'

const HOUR_MS = 60 * 60 * 1000

interface Asked { scope: SupportScope, expiresAt: Date | null, durationMinutes: number | null, startsAt: Date | null }

/**
 * Whether the policy approves a request by itself (SPEC 3.13): read-only, and ending within
 * `autoApproveReadHours` of its activation. A request with no end, or one that may write, never is:
 * automatic approval is for a short look, and a write always waits for a person. The rest of the
 * policy (reason, ticket, maximum length, maximum access) was checked when the request was made.
 */
export function autoApprovable(policy: SupportPolicy, asked: Asked, now: Date): { activation: Date, end: Date } | null {
  if (policy.autoApproveReadHours === null || asked.scope.access !== 'read') return null
  const activation = asked.startsAt && asked.startsAt.getTime() > now.getTime() ? asked.startsAt : now
  const end = endAt(asked, activation)
  if (!end || end.getTime() - activation.getTime() > policy.autoApproveReadHours * HOUR_MS) return null
  return { activation, end }
}

/**
 * Approves a request just made when the policy says so: active at once, or scheduled when it starts
 * later, approved by nobody but the policy (`auto_approved`, so the session answers
 * `approvals: [{by: null, auto: true}]`). Recorded as `support.approved` with `auto: true` and no actor,
 * whose recording emails every Admin that it was approved automatically, with a link to revoke it.
 * The guarded update is the same state machine as a person's approval: only a pending row moves.
 */
export async function approveByPolicy(tx: Tx, workspaceId: number, sessionId: number, policy: SupportPolicy, asked: Asked): Promise<boolean> {
  const now = new Date()
  const terms = autoApprovable(policy, asked, now)
  if (!terms) return false
  const s = tables.supportSessions
  const status = terms.activation.getTime() > now.getTime() ? 'scheduled' : 'active'
  const moved = await tx.update(s).set({ status, approvedAt: now, autoApproved: true, expiresAt: terms.end })
    .where(and(eq(s.id, sessionId), eq(s.workspaceId, workspaceId), pendingNow(now)))
  if (affectedRows(moved) === 0) return false
  await recordChange({
    workspaceId, actorId: null, supportSessionId: sessionId, action: 'support.approved', targetType: 'support_session', targetId: sessionId,
    data: { auto: true, scope: asked.scope, hours: policy.autoApproveReadHours, ...(status === 'scheduled' ? { startsAt: asked.startsAt!.toISOString() } : {}) },
  })
  return true
}
