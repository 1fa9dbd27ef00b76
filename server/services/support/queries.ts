import { and, asc, count, desc, eq, gt, isNull, not, or } from 'drizzle-orm'
import { parseScope } from '#shared/support/scope'
import type { DbOrTx } from '../../database'
import { activeNow } from '../access/active-now'
import { changeCounts } from '../audit/queries'
import { approvalsOf } from './approvals-extensions'
import { openNow, pendingNow } from './open-now'
import { scopeTexts } from './scope-words'
import { sessionsQuery } from './session-rows'
import { serializeSession, viewsOf, type SupportSessionView } from './session-view'
import { countOf, tables, useDb } from '../../database'

/** The support sessions' reads: one session, a holder's, a workspace's (its banner, its badge, its Support page). */

export async function getSession(workspaceId: number, id: number, db: DbOrTx = useDb()): Promise<SupportSessionView | null> {
  const s = tables.supportSessions
  const [row] = await sessionsQuery(db).where(and(eq(s.id, id), eq(s.workspaceId, workspaceId)))
  return row ? (await viewsOf(db, [row]))[0]! : null
}

/**
 * Active, unexpired sessions a server admin holds, across workspaces, and the scheduled ones (SPEC 3.12:
 * approved, waiting for their start), which the navbar lists with their start.
 */
export async function listActiveSessionsOf(userId: number): Promise<SupportSessionView[]> {
  const s = tables.supportSessions
  const now = new Date()
  const scheduled = and(eq(s.status, 'scheduled'), or(isNull(s.expiresAt), gt(s.expiresAt, now)))
  const rows = await sessionsQuery()
    .where(and(eq(s.requestedBy, userId), or(activeNow(now), scheduled)))
    .orderBy(desc(s.id))
  return viewsOf(useDb(), rows, now)
}

/**
 * The id of the user's active, unexpired support session in a workspace, or null (always, with support mode
 * off: SPEC 3.4). Holding several, the oldest: what matters to its callers is that one is held.
 */
export async function activeSupportSessionId(db: DbOrTx, userId: number, workspaceId: number, now = new Date()): Promise<number | null> {
  if (!useServerSettings().supportMode) return null
  const s = tables.supportSessions
  const [session] = await db.select({ id: s.id }).from(s)
    .where(and(eq(s.requestedBy, userId), eq(s.workspaceId, workspaceId), activeNow(now))).orderBy(asc(s.id)).limit(1)
  return session?.id ?? null
}

/**
 * The sessions that can write in a workspace right now, as every member's banner shows them: names and
 * expiry only, never the server admins' email addresses (SPEC 3.8). `mayName`: which projects the reader
 * may see named in a scope (the banner shows everyone, but names only the projects they can open).
 */
export async function activeSupportIn(workspaceId: number, now = new Date(), onlyOf?: number, mayName?: (projectIds: number[]) => Promise<(projectId: number) => boolean>) {
  const s = tables.supportSessions
  const rows = await sessionsQuery().where(and(eq(s.workspaceId, workspaceId), activeNow(now), onlyOf === undefined ? undefined : eq(s.requestedBy, onlyOf)))
    .orderBy(asc(s.id))
  const scopes = rows.map(row => parseScope(row.session.scope))
  const listed = [...new Set(scopes.flatMap(scope => (scope.projects === 'all' ? [] : scope.projects)))]
  const texts = await scopeTexts(scopes, useDb(), listed.length && mayName ? await mayName(listed) : undefined)
  // Issue 35: with two approvals, the banner names both approvers, as the Support page does.
  const approvals = await approvalsOf(useDb(), rows.map(row => row.session.id))
  return rows.map((row, i) => {
    const view = serializeSession(row, now, [], [], texts[i])
    const approvedBy = view.approvedBy && { name: view.approvedBy.name }
    const approvers = (approvals.get(view.id) ?? []).flatMap(a => (a.by ? [{ name: a.by.name }] : []))
    return { id: view.id, requestedBy: { name: view.requestedBy.name }, approvedBy, approvers: approvers.length ? approvers : approvedBy ? [approvedBy] : [], expiresAt: view.expiresAt, scope: view.scope, scopeText: view.scopeText, emergency: view.emergency, autoApproved: view.approvals[0]?.auto === true }
  })
}

/**
 * Requests in a workspace still waiting for a workspace Admin (pending, not past their expiry or lapse),
 * requests for more time on its active sessions included (issue 35: the Support badge counts both).
 */
export async function pendingSupportRequests(db: DbOrTx, workspaceId: number, now = new Date()): Promise<number> {
  const { supportSessions: s, supportExtensions: x } = tables
  const requests = await countOf(db.select({ n: count() }).from(s).where(and(eq(s.workspaceId, workspaceId), pendingNow(now))))
  const moreTime = await countOf(db.select({ n: count() }).from(x).innerJoin(s, eq(s.id, x.sessionId))
    .where(and(eq(s.workspaceId, workspaceId), eq(x.status, 'pending'), activeNow(now))))
  return requests + moreTime
}

const RECENT_PAST_LIMIT = 100

/**
 * A workspace's sessions grouped as the Support page shows them; the past is capped to the most recent.
 * `onlyOf`: one requester's sessions only, for a reader the model shows no one else's (`supportSessionsShown`).
 */
export async function listWorkspaceSessions(workspaceId: number, onlyOf?: number) {
  const s = tables.supportSessions
  const now = new Date()
  const open = openNow(now)
  const of = and(eq(s.workspaceId, workspaceId), onlyOf === undefined ? undefined : eq(s.requestedBy, onlyOf))
  const openRows = await sessionsQuery().where(and(of, open)).orderBy(desc(s.id))
  const pastRows = await sessionsQuery().where(and(of, not(open))).orderBy(desc(s.id)).limit(RECENT_PAST_LIMIT)
  // One query for every listed session's approvals.
  const views = await viewsOf(useDb(), [...openRows, ...pastRows], now)
  const openViews = views.slice(0, openRows.length)
  const pastViews = views.slice(openRows.length)
  // Each session's Changes count (SPEC 3.8); a pending request has made none.
  const counts = await changeCounts(workspaceId, [...openViews, ...pastViews].filter(v => v.approvedAt).map(v => v.id))
  const withChanges = (v: SupportSessionView) => ({ ...v, changes: counts.get(v.id) ?? 0 })
  return {
    pending: openViews.filter(v => v.status === 'pending').map(withChanges),
    // SPEC 3.12: a session approved before its start is listed with the active ones, as `scheduled`.
    active: openViews.filter(v => v.status === 'active' || v.status === 'scheduled').map(withChanges),
    past: pastViews.map(withChanges),
  }
}
