import { and, asc, count, desc, eq, gt, inArray, isNull, ne, not, or } from 'drizzle-orm'
import { reportedStatus, type ExtensionStatus } from '#shared/support/status'
import { parseScope, scopeWords } from '#shared/support/scope'
import { ticketUrl } from '#shared/support/policy'
import type { DbOrTx } from '../../database'
import { activeNow } from '../access/active-now'
import { DELETED_USER_NAME } from '../accounts/names'
import { changeCounts } from '../audit/queries'
import { scopeTexts } from './scope-words'
import { countOf, tableAlias, tables, useDb } from '../../database'

const approver = tableAlias(tables.users, 'approver')
const revoker = tableAlias(tables.users, 'revoker')
const requester = tableAlias(tables.users, 'requester')
const requesterEmail = tableAlias(tables.userEmails, 'requester_email')
const reviewer = tableAlias(tables.users, 'reviewer')

/** Sessions with everything the API shows about them, in one query. */
function sessionsQuery(db: DbOrTx = useDb()) {
  const { supportSessions: s, workspaces: w } = tables
  return db
    .select({
      session: s,
      workspace: { id: w.id, slug: w.slug, name: w.name },
      ticketUrlTemplate: w.supportTicketUrlTemplate,
      requestedBy: { id: requester.id, name: requester.name, email: requesterEmail.email },
      approvedBy: { id: approver.id, name: approver.name },
      revokedBy: { id: revoker.id, name: revoker.name },
      reviewedBy: { id: reviewer.id, name: reviewer.name },
    })
    .from(s)
    .innerJoin(w, eq(w.id, s.workspaceId))
    .leftJoin(requester, eq(requester.id, s.requestedBy))
    .leftJoin(requesterEmail, and(eq(requesterEmail.userId, requester.id), eq(requesterEmail.primary, true)))
    .leftJoin(approver, eq(approver.id, s.approvedBy))
    .leftJoin(revoker, eq(revoker.id, s.revokedBy))
    .leftJoin(reviewer, eq(reviewer.id, s.reviewedBy))
}

type SessionRow = Awaited<ReturnType<typeof sessionsQuery>>[number]

function person(id: number | null, found: { id: number | null, name: string | null } | null) {
  if (id === null) return null
  return found?.id ? { id, name: found.name! } : { id, name: DELETED_USER_NAME }
}

/**
 * Open right now: pending or active, not past its expiry, and (while pending) not past its lapse.
 * The one SQL reading of SPEC 3.5/3.7's reported status for the guards and lists that need it.
 */
export function openNow(now: Date) {
  const s = tables.supportSessions
  return and(
    inArray(s.status, ['pending', 'scheduled', 'active']),
    or(isNull(s.expiresAt), gt(s.expiresAt, now)),
    or(ne(s.status, 'pending'), isNull(s.lapsesAt), gt(s.lapsesAt, now)),
  )!
}

/** Pending and still approvable: not expired, not lapsed. */
export function pendingNow(now: Date) {
  return and(eq(tables.supportSessions.status, 'pending'), openNow(now))!
}

/** `by: null, auto: true`: approved by the workspace's policy itself (SPEC 3.13). */
export interface Approval { by: { id: number, name: string } | null, at: string, comment: string | null, auto?: true }

/** Each session's approvals, oldest first, in one query. */
async function approvalsOf(db: DbOrTx, ids: number[]): Promise<Map<number, Approval[]>> {
  const out = new Map<number, Approval[]>()
  if (!ids.length) return out
  const { supportApprovals: a, users } = tables
  const rows = await db.select({ sessionId: a.sessionId, userId: a.userId, name: users.name, at: a.approvedAt, comment: a.comment })
    .from(a).leftJoin(users, eq(users.id, a.userId))
    .where(inArray(a.sessionId, ids)).orderBy(asc(a.approvedAt), asc(a.userId))
  for (const r of rows) {
    const list = out.get(r.sessionId) ?? []
    list.push({ by: person(r.userId, { id: r.name === null ? null : r.userId, name: r.name })!, at: iso(r.at)!, comment: r.comment })
    out.set(r.sessionId, list)
  }
  return out
}

export interface Extension {
  id: number
  expiresAt: string
  reason: string
  status: ExtensionStatus
  createdAt: string
  firstApprovedBy: { id: number, name: string } | null
  decidedBy: { id: number, name: string } | null
  decidedAt: string | null
}

/** Each session's requests for more time, oldest first, in one query; an undecided one ends with its session. */
async function extensionsOf(db: DbOrTx, rows: SessionRow[], now: Date): Promise<Map<number, Extension[]>> {
  const out = new Map<number, Extension[]>()
  if (!rows.length) return out
  const active = new Set(rows.filter(r => reportedStatus(r.session, now) === 'active').map(r => r.session.id))
  const { supportExtensions: x, users } = tables
  const first = tableAlias(users, 'first_approver')
  const decider = tableAlias(users, 'decider')
  const found = await db.select({ x, first: { id: first.id, name: first.name }, decider: { id: decider.id, name: decider.name } })
    .from(x).leftJoin(first, eq(first.id, x.firstApprovedBy)).leftJoin(decider, eq(decider.id, x.decidedBy))
    .where(inArray(x.sessionId, rows.map(r => r.session.id))).orderBy(asc(x.id))
  for (const { x: e, first: firstApprover, decider: decidedBy } of found) {
    const list = out.get(e.sessionId) ?? []
    list.push({
      id: e.id,
      expiresAt: iso(e.expiresAt)!,
      reason: e.reason,
      status: e.status === 'pending' && !active.has(e.sessionId) ? 'expired' : e.status,
      createdAt: iso(e.createdAt)!,
      firstApprovedBy: person(e.firstApprovedBy, firstApprover),
      decidedBy: person(e.decidedBy, decidedBy),
      decidedAt: iso(e.decidedAt),
    })
    out.set(e.sessionId, list)
  }
  return out
}

/** Sessions as the API shows them, approvals and requests for more time included. */
async function viewsOf(db: DbOrTx, rows: SessionRow[], now = new Date()) {
  const ids = rows.map(r => r.session.id)
  const [approvals, extensions] = [await approvalsOf(db, ids), await extensionsOf(db, rows, now)]
  const texts = await scopeTexts(rows.map(row => parseScope(row.session.scope)), db)
  return rows.map((row, i) => serializeSession(row, now, approvals.get(row.session.id) ?? [], extensions.get(row.session.id) ?? [], texts[i]))
}

const autoApproval = (at: Date | null): Approval[] => [{ by: null, auto: true, at: iso(at)!, comment: null }]

function reviewOf(s: SessionRow['session'], found: { id: number | null, name: string | null } | null) {
  if (!s.reviewVerdict || !s.reviewedAt) return null
  return { verdict: s.reviewVerdict as 'acknowledged' | 'flagged', by: person(s.reviewedBy, found), at: iso(s.reviewedAt)!, comment: s.reviewComment }
}

export function serializeSession(row: SessionRow, now = new Date(), approvals: Approval[] = [], extensions: Extension[] = [], scopeText?: string) {
  const s = row.session
  const scope = parseScope(s.scope)
  return {
    id: s.id,
    workspace: row.workspace,
    requestedBy: { ...person(s.requestedBy, row.requestedBy)!, email: row.requestedBy?.email ?? null },
    reason: s.reason,
    status: reportedStatus(s, now),
    expiresAt: iso(s.expiresAt),
    createdAt: iso(s.createdAt),
    approvedBy: person(s.approvedBy, row.approvedBy),
    approvedAt: iso(s.approvedAt),
    revokedBy: person(s.revokedBy, row.revokedBy),
    revokedAt: iso(s.revokedAt),
    approvals: s.autoApproved ? autoApproval(s.approvedAt) : approvals,
    approvalsRequired: s.approvalsRequired,
    extensions,
    // SPEC 3.12: what it lends, for how long from its activation, from when, against which ticket.
    scope,
    /** The scope in words with its projects' names, as the navbar and the tables say it. */
    scopeText: scopeText ?? scopeWords(scope),
    durationMinutes: s.durationMinutes,
    startsAt: iso(s.startsAt),
    ticket: s.ticket,
    ticketUrl: ticketUrl(row.ticketUrlTemplate, s.ticket),
    // SPEC 3.13: started at once under the emergency policy, and a workspace Admin's review of it.
    emergency: s.emergency,
    review: reviewOf(s, row.reviewedBy),
  }
}
export type SupportSessionView = ReturnType<typeof serializeSession>

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
