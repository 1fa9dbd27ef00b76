import { and, eq, isNull } from 'drizzle-orm'
import { extensionPolicyProblem, sessionLifeProblem } from '#shared/support/policy'
import { supportExpiryProblem } from '#shared/support/status'
import { supportPolicyOf } from './policy'
import { openNow } from './open-now'
import { loadOrThrow, type Caller } from './transitions'
import type { ApproveExtensionInput } from '#shared/support/schemas'
import { mayDecide } from './who-decides'
import { affectedRows, anyRow, tables } from '../../database'

/**
 * More time for an active session (SPEC 3.7): its holder asks, the workspace's Admins approve or decline
 * it like a request, under the policy as it stands, and approval moves the session's expiry. The session
 * keeps its id, so its changes, banner and report stay one.
 */

const activeNow = (now: Date) => and(eq(tables.supportSessions.status, 'active'), openNow(now))!

/** When the session became active: its whole life, more time included, counts from there (SPEC 3.7). */
// The activation is the approval, or the start when it came later (SPEC 3.12).
const activatedAt = (session: { approvedAt: string | null, startsAt: string | null }, now: Date) => {
  const approved = session.approvedAt ? new Date(session.approvedAt) : now
  const start = session.startsAt ? new Date(session.startsAt) : null
  return start && start > approved ? start : approved
}

export async function requestExtension(scope: Caller, sessionId: number, input: { expiresAt: Date, reason: string }) {
  const { tx, actor, workspace, audit } = scope
  const session = await loadOrThrow(tx, workspace.id, sessionId)
  if (session.requestedBy.id !== actor.id) throw apiError('SupportSessionForbidden', 'Only the server admin who holds this session can ask for more time.')
  const now = new Date()
  const s = tables.supportSessions
  if (!await anyRow(tx.select({ id: s.id }).from(s).where(and(eq(s.id, sessionId), activeNow(now))))) {
    throw apiError('SupportSessionNotOpen', 'Only an active support session can get more time. Request access again.')
  }
  if (!session.expiresAt) throw apiError('SupportExtensionNotLater', 'This session does not expire: it needs no more time.')
  if (input.expiresAt.getTime() <= new Date(session.expiresAt).getTime()) {
    throw apiError('SupportExtensionNotLater', 'Choose a time after the session’s current expiry.', { issues: [{ path: 'expiresAt', message: 'Not after the current expiry' }] })
  }
  if (supportExpiryProblem(input.expiresAt, now) === 'tooLate') throw apiError('ValidationFailed', 'The expiry must be within 365 days.', { issues: [{ path: 'expiresAt', message: 'Too far ahead' }] })
  const policy = supportPolicyOf(workspace)
  const broken = extensionPolicyProblem(policy, input, now)
  if (broken) throw apiError(broken.code, broken.message, { issues: [{ path: broken.field, message: broken.message }] })
  const tooLong = sessionLifeProblem(policy, activatedAt(session, now), input.expiresAt)
  if (tooLong) throw apiError('SupportSessionTooLong', tooLong.message, { issues: [{ path: 'expiresAt', message: tooLong.message }] })
  const x = tables.supportExtensions
  // Writes to a workspace run one after another, so this look and the insert below cannot interleave.
  if (await anyRow(tx.select({ id: x.id }).from(x).where(and(eq(x.sessionId, sessionId), eq(x.status, 'pending'))))) {
    throw apiError('SupportExtensionPending', 'You already asked for more time; a workspace admin has not answered yet.')
  }
  const [row] = await tx.insert(x).values({ sessionId, expiresAt: input.expiresAt, reason: input.reason, createdAt: now }).returning({ id: x.id })
  await audit({ supportSessionId: sessionId, action: 'support.extension_requested', targetType: 'support_session', targetId: sessionId, data: { extensionId: row!.id, expiresAt: iso(input.expiresAt), reason: input.reason } })
  return loadOrThrow(tx, workspace.id, sessionId)
}

/** An approver may give less time than asked, after the current end (issue 35): the end that applies. */
function grantedEnd(session: { expiresAt: string | null }, asked: Date, chosen: Date | undefined): Date {
  if (!chosen) return asked
  if (chosen.getTime() > asked.getTime()) {
    throw apiError('SupportSessionExpiryLonger', 'You can give less time than asked, never more.', { issues: [{ path: 'expiresAt', message: 'After the end asked for' }] })
  }
  if (session.expiresAt && chosen.getTime() <= new Date(session.expiresAt).getTime()) {
    throw apiError('SupportExtensionNotLater', 'Choose a time after the session’s current end.', { issues: [{ path: 'expiresAt', message: 'Not after the current expiry' }] })
  }
  return chosen
}

export async function decideExtension(scope: Caller, sessionId: number, extensionId: number, decision: 'approve' | 'decline', choice: ApproveExtensionInput = { expiresAt: undefined, comment: null }) {
  const { tx, actor, workspace, audit } = scope
  const session = await loadOrThrow(tx, workspace.id, sessionId)
  mayDecide(scope, session, 'approve more time')
  const { supportExtensions: x, supportSessions: s } = tables
  const [extension] = await tx.select().from(x).where(and(eq(x.id, extensionId), eq(x.sessionId, sessionId)))
  if (!extension) throw apiError('SupportExtensionNotFound', 'Request for more time not found.')
  const now = new Date()
  const notPending = () => apiError('SupportExtensionNotPending', 'This request for more time was already answered, or its session has ended.')
  const pending = and(eq(x.id, extensionId), eq(x.status, 'pending'))
  const sessionActive = await anyRow(tx.select({ id: s.id }).from(s).where(and(eq(s.id, sessionId), activeNow(now))))
  if (extension.status !== 'pending' || !sessionActive) throw notPending()

  if (decision === 'decline') {
    if (affectedRows(await tx.update(x).set({ status: 'declined', decidedBy: actor.id, decidedAt: now }).where(pending)) === 0) throw notPending()
    await audit({ supportSessionId: sessionId, action: 'support.extension_declined', targetType: 'support_session', targetId: sessionId, data: { extensionId } })
    return loadOrThrow(tx, workspace.id, sessionId)
  }

  // The approver may shorten it; a first of two approvals narrows what the second is asked for.
  const end = grantedEnd(session, extension.expiresAt, choice.expiresAt)
  const narrowed = end.getTime() !== extension.expiresAt.getTime()
  const recorded = {
    extensionId, expiresAt: { from: session.expiresAt, to: iso(end) },
    ...(narrowed ? { asked: iso(extension.expiresAt) } : {}), ...(choice.comment ? { comment: choice.comment } : {}),
  }
  // Approved like a request, under the policy as it stands now (SPEC 3.7), which may have shortened
  // the longest life a session may have since the holder asked.
  const policy = supportPolicyOf(workspace)
  const tooLong = sessionLifeProblem(policy, activatedAt(session, now), end)
  if (tooLong) throw apiError('SupportSessionTooLong', `${tooLong.message} ${session.requestedBy.name} must ask again for less.`)
  const broken = extensionPolicyProblem(policy, { reason: extension.reason, expiresAt: end }, now)
  if (broken) throw apiError('SupportPolicyChanged', `The support policy does not allow this much more time: ${broken.message} ${session.requestedBy.name} must ask again.`)
  const required = Math.max(session.approvalsRequired, policy.approvalsRequired)
  if (required > 1 && extension.firstApprovedBy === null) {
    const first = await tx.update(x).set({ firstApprovedBy: actor.id, expiresAt: end }).where(and(pending, isNull(x.firstApprovedBy)))
    if (affectedRows(first) === 0) throw notPending()
    await audit({ supportSessionId: sessionId, action: 'support.extension_approved', targetType: 'support_session', targetId: sessionId, data: { ...recorded, approval: 1, of: required } })
    return loadOrThrow(tx, workspace.id, sessionId)
  }
  if (required > 1 && extension.firstApprovedBy === actor.id) throw apiError('SupportSessionAlreadyApproved', 'You have already approved this request for more time. Another workspace Admin must approve it too.')
  if (affectedRows(await tx.update(x).set({ status: 'approved', expiresAt: end, decidedBy: actor.id, decidedAt: now }).where(pending)) === 0) throw notPending()
  // The session's end moves, and the reminder is due again before the new end.
  const moved = await tx.update(s).set({ expiresAt: end, reminderSentAt: null }).where(and(eq(s.id, sessionId), activeNow(now)))
  if (affectedRows(moved) === 0) throw notPending()
  await audit({ supportSessionId: sessionId, action: 'support.extension_approved', targetType: 'support_session', targetId: sessionId, data: { ...recorded, ...(required > 1 ? { approval: 2, of: required } : {}) } })
  return loadOrThrow(tx, workspace.id, sessionId)
}
