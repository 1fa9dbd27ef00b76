import { and, count, eq, inArray, isNull } from 'drizzle-orm'
import type { ReviewVerdict } from '#shared/support/emergency'
import { loadOrThrow, type Caller } from './transitions'
import { affectedRows, countOf, tables, type DbOrTx } from '../../database'

/**
 * The review of an emergency session (SPEC 3.13): a workspace Admin, neither its requester nor any server
 * admin, acknowledges it or flags it, once, with a comment. The route lets in only those who may manage
 * the workspace's support (`workspace.support.manage`, which no session lends); a server admin who is
 * also one of its Admins is still refused here, so access taken without approval is never judged by the
 * side that took it. A flag shows on Server Settings → Workspaces for every server admin.
 */
export async function reviewEmergencySession(scope: Caller, id: number, input: { verdict: ReviewVerdict, comment: string | null }) {
  const { tx, actor, workspace, audit } = scope
  const session = await loadOrThrow(tx, workspace.id, id)
  if (session.requestedBy.id === actor.id) throw apiError('SupportSessionForbidden', 'You cannot review your own emergency access: one of the workspace\'s Admins does.')
  if (actor.serverRole === 'admin') throw apiError('SupportSessionForbidden', 'Server admins cannot review emergency access: one of the workspace\'s own Admins does.')
  if (!session.emergency) throw apiError('SupportSessionNotEmergency', 'Only emergency access is reviewed: this session was approved by an Admin.')
  const s = tables.supportSessions
  const now = new Date()
  const reviewed = await tx.update(s).set({ reviewVerdict: input.verdict, reviewedBy: actor.id, reviewedAt: now, reviewComment: input.comment })
    .where(and(eq(s.id, id), eq(s.workspaceId, workspace.id), eq(s.emergency, true), isNull(s.reviewVerdict)))
  if (affectedRows(reviewed) === 0) throw apiError('SupportSessionAlreadyReviewed', 'This emergency access has already been reviewed.')
  await audit({ supportSessionId: id, action: 'support.reviewed', targetType: 'support_session', targetId: id, data: { verdict: input.verdict, comment: input.comment, requester: session.requestedBy.name } })
  return loadOrThrow(tx, workspace.id, id)
}

/** Emergency sessions of a workspace no Admin has reviewed yet: the Support page's badge. */
export async function unreviewedEmergencies(db: DbOrTx, workspaceId: number): Promise<number> {
  const s = tables.supportSessions
  return countOf(db.select({ n: count() }).from(s).where(and(eq(s.workspaceId, workspaceId), eq(s.emergency, true), isNull(s.reviewVerdict))))
}

/** Flagged emergency sessions per workspace, for Server Settings → Workspaces. */
export async function flaggedEmergencies(db: DbOrTx, workspaceIds: number[]): Promise<Map<number, number>> {
  const s = tables.supportSessions
  const out = new Map<number, number>()
  if (!workspaceIds.length) return out
  const rows = await db.select({ workspaceId: s.workspaceId, n: count() }).from(s)
    .where(and(inArray(s.workspaceId, workspaceIds), eq(s.emergency, true), eq(s.reviewVerdict, 'flagged'))).groupBy(s.workspaceId)
  for (const row of rows) out.set(row.workspaceId, Number(row.n))
  return out
}
