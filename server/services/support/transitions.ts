import { and, count, eq } from 'drizzle-orm'
import { pendingLapse, sessionLifeProblem, supportPolicyProblem } from '#shared/support/policy'
import { storedScope, type SupportScope } from '#shared/support/scope'
import { supportExpiryProblem } from '#shared/support/status'
import type { DbOrTx } from '../../database'
import type { WriteScope } from '../write-scope'
import { supportPolicyOf } from './policy'
import { openNow, pendingNow } from './open-now'
import { getSession } from './queries'
import type { SupportSessionView } from './session-view'
import { mayDecide } from './who-decides'
import { approveByPolicy, autoApprovable } from './auto-approve'
import { activationOf, checkScopeProjects, checkStart, endAt, narrowedTerms, type Narrowing } from './terms'
import { affectedRows, anyRow, countOf, serializeWrites, tables } from '../../database'

export type Caller = WriteScope & { workspace: typeof tables.workspaces.$inferSelect }

export async function loadOrThrow(db: DbOrTx, workspaceId: number, id: number) {
  const session = await getSession(workspaceId, id, db)
  if (!session) throw apiError('SupportSessionNotFound', 'Support session not found.')
  return session
}

/** What a request asks (SPEC 3.5, 3.12): an end (an expiry, or a duration from activation), a start, a scope, a ticket. */
export interface RequestInput { expiresAt: Date | null, reason: string, scope: SupportScope, durationMinutes?: number, startsAt: Date | null, ticket: string | null }

export async function requestSupportSession(scope: Caller, input: RequestInput) {
  const { tx, actor, workspace, audit } = scope
  const now = new Date()
  const problem = supportExpiryProblem(input.expiresAt, now)
  if (problem === 'tooSoon') throw apiError('SupportSessionExpiryTooSoon', 'The expiry must be at least 10 minutes from now.')
  if (problem === 'tooLate') throw apiError('ValidationFailed', 'The expiry must be within 365 days.', { issues: [{ path: 'expiresAt', message: 'Too far ahead' }] })
  checkStart(input.startsAt, input.expiresAt, now)
  await checkScopeProjects(tx, workspace.id, input.scope)
  // The workspace's policy as it stands in this transaction (SPEC 3.7); the request keeps its terms.
  const policy = supportPolicyOf(workspace)
  const durationMinutes = input.durationMinutes ?? null
  const broken = supportPolicyProblem(policy, { ...input, durationMinutes, access: input.scope.access }, now)
  if (broken) throw apiError(broken.code, broken.message, { issues: [{ path: broken.field, message: broken.message }] })
  const s = tables.supportSessions
  const [row] = await tx.insert(s).values({
    workspaceId: workspace.id, requestedBy: actor.id, reason: input.reason, expiresAt: input.expiresAt, createdAt: now,
    approvalsRequired: policy.approvalsRequired, lapsesAt: pendingLapse(policy, now),
    scope: storedScope(input.scope), durationMinutes, startsAt: input.startsAt, ticket: input.ticket,
  }).returning({ id: s.id })
  const id = row!.id
  // SPEC 3.13: a short read-only request the policy approves by itself; its Admins get that email instead.
  const asked = { scope: input.scope, expiresAt: input.expiresAt, durationMinutes, startsAt: input.startsAt }
  const auto = autoApprovable(policy, asked, now) !== null
  // Recording it tells the workspace's Admins by email and every open tab (announcements.ts).
  await audit({
    supportSessionId: id, action: 'support.requested', targetType: 'support_session', targetId: id,
    data: { reason: input.reason, expiresAt: iso(input.expiresAt), scope: input.scope, durationMinutes, startsAt: iso(input.startsAt), ticket: input.ticket, ...(auto ? { autoApproved: true } : {}) },
  })
  if (auto) await approveByPolicy(tx, workspace.id, id, policy, asked)
  return loadOrThrow(tx, workspace.id, id)
}

/** What an approving Admin may add (SPEC 3.7 approver controls, 3.12): a narrower scope, an earlier end, a comment. */
export interface ApprovalInput extends Narrowing { comment: string | null }

export async function approveSupportSession(scope: Caller, id: number, input: ApprovalInput = { comment: null }) {
  const { tx, actor, workspace, audit } = scope
  const session = await loadOrThrow(tx, workspace.id, id)
  mayDecide(scope, session, 'approve')
  const { supportSessions: s, supportApprovals: a } = tables
  const now = new Date()
  const approvable = and(eq(s.id, id), eq(s.workspaceId, workspace.id), pendingNow(now))
  if (!await anyRow(tx.select({ id: s.id }).from(s).where(approvable))) throw apiError('SupportSessionNotPending', 'This support session is no longer pending.')
  const activation = activationOf(session, now)
  const terms = narrowedTerms(session, input, activation, now)
  if (input.scope) await checkScopeProjects(tx, workspace.id, terms.scope)
  // A tightened policy reaches pending requests (SPEC 3.7): approved under the stricter of its own terms
  // and the policy now, and refused when the policy now would refuse it (terms the approver sets count).
  const policy = supportPolicyOf(workspace)
  const broken = supportPolicyProblem(policy, { reason: session.reason, expiresAt: terms.expiresAt, durationMinutes: terms.durationMinutes, access: terms.scope.access, ticket: session.ticket, startsAt: activation }, now)
    ?? (policy.maxSessionHours !== null && endAt(terms, activation) ? sessionLifeProblem(policy, activation, endAt(terms, activation)!) : null)
  if (broken) throw apiError('SupportPolicyChanged', `The support policy changed after this request was made: ${broken.message} ${session.requestedBy.name} must request access again.`)
  const required = Math.max(session.approvalsRequired, policy.approvalsRequired)
  const asked = session.expiresAt ? new Date(session.expiresAt) : null
  const shortened = terms.expiresAt?.getTime() !== asked?.getTime() || terms.durationMinutes !== session.durationMinutes
  const narrowed = Boolean(input.scope) && storedScope(terms.scope) !== storedScope(session.scope)
  if (required !== session.approvalsRequired || shortened || narrowed) {
    await tx.update(s).set({ approvalsRequired: required, expiresAt: terms.expiresAt, durationMinutes: terms.durationMinutes, scope: storedScope(terms.scope) }).where(approvable)
  }
  // One approval per Admin: the primary key refuses a second, and the write transaction makes two
  // Admins approving at once count one after the other.
  const added = await tx.insert(a).values({ sessionId: id, userId: actor.id, approvedAt: now, comment: input.comment }).onConflictDoNothing()
  if (affectedRows(added) === 0) throw apiError('SupportSessionAlreadyApproved', 'You have already approved this request. Another workspace Admin must approve it too.')
  const given = await countOf(tx.select({ n: count() }).from(a).where(eq(a.sessionId, id)))
  const data = {
    ...(required > 1 ? { approval: given, of: required } : {}),
    ...(terms.expiresAt?.getTime() !== asked?.getTime() ? { expiresAt: { from: iso(asked), to: iso(terms.expiresAt) } } : {}),
    ...(terms.durationMinutes !== session.durationMinutes ? { durationMinutes: { from: session.durationMinutes, to: terms.durationMinutes } } : {}),
    ...(narrowed ? { scope: { from: session.scope, to: terms.scope } } : { scope: terms.scope }),
    ...(input.comment ? { comment: input.comment } : {}),
  }
  if (given < required) {
    await audit({ supportSessionId: id, action: 'support.approved', targetType: 'support_session', targetId: id, data })
    return loadOrThrow(tx, workspace.id, id)
  }
  // The guard is the state machine: only a pending, unexpired, unlapsed row becomes active (or scheduled,
  // approved before its start: SPEC 3.12), and only once. A duration counts from the activation.
  const status = activation.getTime() > now.getTime() ? 'scheduled' : 'active'
  const result = await tx.update(s).set({ status, approvedBy: actor.id, approvedAt: now, expiresAt: endAt(terms, activation) }).where(approvable)
  if (affectedRows(result) === 0) throw apiError('SupportSessionNotPending', 'This support session is no longer pending.')
  await audit({ supportSessionId: id, action: 'support.approved', targetType: 'support_session', targetId: id, data: { ...data, ...(status === 'scheduled' ? { startsAt: session.startsAt } : {}) } })
  return loadOrThrow(tx, workspace.id, id)
}

/** Workspace Admins revoke any open session; the requesting server admin ends their own. */
export async function revokeSupportSession(scope: Caller, id: number) {
  const { tx, workspace } = scope
  const session = await loadOrThrow(tx, workspace.id, id)
  const { byRequester } = mayDecide(scope, session, 'revoke')
  // A requester closing a request nobody approved yet withdraws it (issue 35: not "ended their session").
  const closed = await closeOpenSession(scope, session, { byRequester, ...(byRequester && session.status === 'pending' ? { withdrawn: true as const } : {}) })
  if (!closed) throw apiError('SupportSessionNotOpen', 'This support session is not pending or active.')
  return closed
}

/**
 * The one way an open session is closed by someone (revoked, ended, or ended with its requester's account):
 * the guarded update and its `support.revoked` event, whose recording sends the emails, webhooks and live
 * events. Answers null when the session was no longer open.
 */
async function closeOpenSession(scope: Caller, session: SupportSessionView, data: { byRequester: boolean, accountDeleted?: true, withdrawn?: true }) {
  const { tx, actor, workspace, audit } = scope
  const s = tables.supportSessions
  // After every write to the workspace already under way (the write gate holds this lock already; deleting
  // an account does not): a change the session was allowed commits before its end (audit/queries.ts).
  await serializeWrites(tx, `workspace:${workspace.id}`)
  const now = new Date()
  const result = await tx.update(s).set({ status: 'revoked', revokedBy: actor.id, revokedAt: now })
    .where(and(eq(s.id, session.id), eq(s.workspaceId, workspace.id), openNow(now)))
  if (affectedRows(result) === 0) return null
  await audit({ workspaceId: workspace.id, supportSessionId: session.id, action: 'support.revoked', targetType: 'support_session', targetId: session.id, data })
  return loadOrThrow(tx, workspace.id, session.id)
}

/**
 * A deleted account's open sessions and requests end with it, each recorded as a revocation by the server
 * admin who deleted it, with everything a revocation announces (SPEC 3.6: deleting a user keeps the sessions).
 */
export async function closeSessionsOfDeletedUser(scope: WriteScope, userId: number) {
  const { supportSessions: s, workspaces: w } = tables
  const now = new Date()
  const open = await scope.tx.select({ id: s.id, workspace: w }).from(s).innerJoin(w, eq(w.id, s.workspaceId))
    // Workspace by workspace, in one order, so two deletions never wait on each other's workspace locks.
    .where(and(eq(s.requestedBy, userId), openNow(now))).orderBy(s.workspaceId, s.id)
  for (const { id, workspace } of open) {
    const caller = { ...scope, workspace }
    await closeOpenSession(caller, await loadOrThrow(scope.tx, workspace.id, id), { byRequester: false, accountDeleted: true })
  }
}
