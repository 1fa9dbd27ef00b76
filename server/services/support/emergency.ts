import { and, asc, eq, gt } from 'drizzle-orm'
import { EMERGENCY_WINDOW_MS, emergencyProblem } from '#shared/support/emergency'
import { storedScope } from '#shared/support/scope'
import { supportExpiryProblem } from '#shared/support/status'
import { supportPolicyOf } from './policy'
import { checkScopeProjects, endAt } from './terms'
import { loadOrThrow, type Caller, type RequestInput } from './transitions'
import { tables } from '../../database'

/**
 * Emergency access (SPEC 3.13): where the workspace's policy allows it, a server admin starts a session
 * at once, with no approval, for at most an hour. It is an ordinary support session otherwise, read by
 * the same standing query and refused by the same permission model, so it never lends a change to its
 * holder's own standing (SupportSelfGrant) nor anything its scope or the policy's `maxAccess` keeps out.
 * Recording `support.emergency` emails every Admin, tells open tabs and sends the webhook event.
 * Called by the write gate (`workspace.support.request`), inside its transaction and workspace lock.
 */
export async function startEmergencySession(scope: Caller, input: RequestInput) {
  const { tx, actor, workspace, audit } = scope
  const now = new Date()
  const policy = supportPolicyOf(workspace)
  if (!policy.emergencyAccess) throw apiError('EmergencyAccessDisabled', 'This workspace does not allow emergency access: request support access and wait for an Admin\'s approval.')
  const durationMinutes = input.durationMinutes ?? null
  const problem = emergencyProblem({ ...input, durationMinutes }, now, policy)
  if (problem) throw apiError(problem.field === 'ticket' ? 'SupportTicketRequired' : 'ValidationFailed', problem.message, { issues: [{ path: problem.field, message: problem.message }] })
  if (supportExpiryProblem(input.expiresAt, now) === 'tooSoon') throw apiError('SupportSessionExpiryTooSoon', 'The expiry must be at least 10 minutes from now.')
  // The workspace's widest access still holds: a read-only workspace lends no write, in an emergency too.
  if (policy.maxAccess === 'read' && input.scope.access === 'write') {
    throw apiError('SupportScopeNotAllowed', 'This workspace allows read-only support sessions only: ask for read access.', { issues: [{ path: 'scope', message: 'Read-only only' }] })
  }
  await checkScopeProjects(tx, workspace.id, input.scope)
  await refuseSecondWithinWindow(scope, now)
  const s = tables.supportSessions
  const [row] = await tx.insert(s).values({
    workspaceId: workspace.id, requestedBy: actor.id, reason: input.reason, status: 'active', emergency: true,
    expiresAt: endAt({ expiresAt: input.expiresAt, durationMinutes }, now), createdAt: now, approvedAt: now,
    approvalsRequired: policy.approvalsRequired, scope: storedScope(input.scope), durationMinutes, ticket: input.ticket,
  }).returning({ id: s.id })
  const id = row!.id
  await audit({
    supportSessionId: id, action: 'support.emergency', targetType: 'support_session', targetId: id,
    data: { reason: input.reason, expiresAt: iso(endAt({ expiresAt: input.expiresAt, durationMinutes }, now)), scope: input.scope, durationMinutes, ticket: input.ticket },
  })
  return loadOrThrow(tx, workspace.id, id)
}

/**
 * One emergency session per server admin and workspace per 24 hours (SPEC 3.13). Counted in the gate's
 * transaction, under the workspace's write lock, so two at once in two processes still start one; a
 * refusal costs nothing, so a refused attempt (policy off, a short reason) never uses up the day's one.
 */
async function refuseSecondWithinWindow(scope: Caller, now: Date) {
  const s = tables.supportSessions
  const [earlier] = await scope.tx.select({ at: s.createdAt }).from(s).where(and(
    eq(s.workspaceId, scope.workspace.id), eq(s.requestedBy, scope.actor.id), eq(s.emergency, true), gt(s.createdAt, new Date(now.getTime() - EMERGENCY_WINDOW_MS)),
  )).orderBy(asc(s.createdAt)).limit(1)
  if (!earlier) return
  const retryAfter = Math.max(1, Math.ceil((earlier.at.getTime() + EMERGENCY_WINDOW_MS - now.getTime()) / 1000))
  throw apiError('TooManyAttempts', `You started emergency access to this workspace in the last 24 hours. Try again in ${Math.ceil(retryAfter / 3600)} hours, or request support access.`, { retryAfter })
}
