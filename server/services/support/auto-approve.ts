import { and, eq } from 'drizzle-orm'
import { autoApproval, type AutoApprovalAsk } from '#shared/support/auto-approval'
import type { SupportPolicy } from '#shared/support/policy'
import { recordChange } from '../audit/record'
import { pendingNow } from './open-now'
import { affectedRows, tables, type Tx } from '../../database'

/**
 * Whether the policy approves a request by itself (SPEC 3.13): the one rule in
 * `#shared/support/auto-approval`, which the request dialog also asks before sending, so what it
 * promises ("Start read-only access") is what happens. Null when an Admin must approve.
 */
export function autoApprovable(policy: SupportPolicy, asked: AutoApprovalAsk, now: Date): { activation: Date, end: Date } | null {
  const verdict = autoApproval(policy, asked, now)
  return verdict.auto ? { activation: verdict.activation, end: verdict.end } : null
}

/**
 * Approves a request just made when the policy says so: active at once, or scheduled when it starts
 * later, approved by nobody but the policy (`auto_approved`, so the session answers
 * `approvals: [{by: null, auto: true}]`). Recorded as `support.approved` with `auto: true` and no actor,
 * whose recording emails every Admin that it was approved automatically, with a link to revoke it.
 * The guarded update is the same state machine as a person's approval: only a pending row moves.
 */
export async function approveByPolicy(tx: Tx, workspaceId: number, sessionId: number, policy: SupportPolicy, asked: AutoApprovalAsk): Promise<boolean> {
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
