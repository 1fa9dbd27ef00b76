import { alias } from 'drizzle-orm/sqlite-core'
import { and, desc, eq, gt, inArray, isNull, not, or } from 'drizzle-orm'
import { reportedStatus } from '#shared/support-status'

const approver = alias(tables.users, 'approver')
const revoker = alias(tables.users, 'revoker')
const requester = alias(tables.users, 'requester')
const requesterEmail = alias(tables.userEmails, 'requester_email')

/** Sessions with everything the API shows about them, in one query. */
function sessionsQuery() {
  const { supportSessions: s, workspaces: w } = tables
  return useDb()
    .select({
      session: s,
      workspace: { id: w.id, slug: w.slug, name: w.name },
      requestedBy: { id: requester.id, name: requester.name, email: requesterEmail.email },
      approvedBy: { id: approver.id, name: approver.name },
      revokedBy: { id: revoker.id, name: revoker.name },
    })
    .from(s)
    .innerJoin(w, eq(w.id, s.workspaceId))
    .innerJoin(requester, eq(requester.id, s.requestedBy))
    .innerJoin(requesterEmail, and(eq(requesterEmail.userId, requester.id), eq(requesterEmail.primary, true)))
    .leftJoin(approver, eq(approver.id, s.approvedBy))
    .leftJoin(revoker, eq(revoker.id, s.revokedBy))
}

const _allSessions = () => sessionsQuery().all()
type SessionRow = ReturnType<typeof _allSessions>[number]

export function serializeSession(row: SessionRow, now = new Date()) {
  const s = row.session
  return {
    id: s.id,
    workspace: row.workspace,
    requestedBy: row.requestedBy,
    reason: s.reason,
    status: reportedStatus(s, now),
    expiresAt: iso(s.expiresAt),
    createdAt: iso(s.createdAt),
    approvedBy: row.approvedBy?.id ? row.approvedBy : null,
    approvedAt: iso(s.approvedAt),
    revokedBy: row.revokedBy?.id ? row.revokedBy : null,
    revokedAt: iso(s.revokedAt),
  }
}
export type SupportSessionView = ReturnType<typeof serializeSession>

export function getSession(workspaceId: number, id: number): SupportSessionView | null {
  const s = tables.supportSessions
  const row = sessionsQuery().where(and(eq(s.id, id), eq(s.workspaceId, workspaceId))).get()
  return row ? serializeSession(row) : null
}

/** Active, unexpired sessions a server admin holds, across workspaces. */
export function listActiveSessionsOf(userId: number): SupportSessionView[] {
  const s = tables.supportSessions
  const now = new Date()
  return sessionsQuery()
    .where(and(eq(s.requestedBy, userId), eq(s.status, 'active'), or(isNull(s.expiresAt), gt(s.expiresAt, now))))
    .orderBy(desc(s.id)).all().map(row => serializeSession(row, now))
}

const RECENT_PAST_LIMIT = 100

/** A workspace's sessions grouped as the Support page shows them; the past is capped to the most recent. */
export function listWorkspaceSessions(workspaceId: number) {
  const s = tables.supportSessions
  const now = new Date()
  const open = and(inArray(s.status, ['pending', 'active']), or(isNull(s.expiresAt), gt(s.expiresAt, now)))
  const openViews = sessionsQuery().where(and(eq(s.workspaceId, workspaceId), open)).orderBy(desc(s.id)).all().map(row => serializeSession(row, now))
  const past = sessionsQuery().where(and(eq(s.workspaceId, workspaceId), not(open!))).orderBy(desc(s.id)).limit(RECENT_PAST_LIMIT).all()
  return {
    pending: openViews.filter(v => v.status === 'pending'),
    active: openViews.filter(v => v.status === 'active'),
    past: past.map(row => serializeSession(row, now)),
  }
}
