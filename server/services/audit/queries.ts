import { SUPPORT_LIFECYCLE_ACTIONS } from '#shared/audit-sentences'
import { and, asc, count, desc, eq, gte, inArray, isNotNull, like, lte, ne, notInArray, or, sql, type SQL } from 'drizzle-orm'
import { ACCESS_READ_ACTION } from '#shared/support/access'
import { AUDIT_CATEGORIES, type AuditCategory } from '#shared/schemas/audit'
import { countOf, tableAlias, tables, useDb, type DbOrTx } from '../../database'
import { DELETED_USER_NAME } from '../accounts/names'

/**
 * The events a support session's own changes left: everything it recorded but its lifecycle (SPEC 3.8)
 * and what its holder read (SPEC 3.10).
 */
const isChange = notInArray(tables.auditEvents.action, [...SUPPORT_LIFECYCLE_ACTIONS, ACCESS_READ_ACTION])
/** The audit log page lists what happened; server admins' reads have their own list on the Support page. */
const notARead = ne(tables.auditEvents.action, ACCESS_READ_ACTION)

type AuditRow = typeof tables.auditEvents.$inferSelect

/**
 * A support session's events lie between its request and its end (revoked or expired), found through
 * the small index of those events (audit_events_session_bounds_idx, whose condition this repeats word for
 * word so SQLite sees that it applies). Its changes are read in that range of its workspace's events,
 * through the workspace index: no index is kept per change, so a support write costs one less page.
 * A session without a recorded request (rows made by hand) is read from its workspace's first event;
 * one still open, up to the last event. Nothing the session changed can follow its end: ending it waits
 * for the workspace's write lock (support/transitions.ts, support/expiry.ts), which every write holds.
 */
function withinSession(sessionId: SQL | number): SQL {
  const a = tables.auditEvents
  const b = tableAlias(tables.auditEvents, 'session_bound')
  const bound = sql`${b.supportSessionId} = ${sessionId} and ${b.action} in ('support.requested', 'support.revoked', 'support.expired')`
  const from = sql`${a} ${sql.identifier('session_bound')}`
  const first = sql`coalesce((select min(${b.id}) from ${from} where ${bound}), 0)`
  const last = sql`coalesce((select min(${b.id}) from ${from} where ${bound} and ${b.action} <> 'support.requested'), (select max(${a.id}) from ${a}))`
  return and(gte(a.id, first), lte(a.id, last), eq(a.supportSessionId, sessionId), isChange)!
}

/** An event as the API shows it, naming its actor (a deleted account stays named as one). */
function auditItem({ event: e, actor }: { event: AuditRow, actor: { id: number | null, name: string | null } | null }) {
  return {
    id: e.id, action: e.action,
    actor: e.actorId === null ? null : { id: e.actorId, name: actor?.id ? actor.name! : DELETED_USER_NAME },
    supportSessionId: e.supportSessionId, targetType: e.targetType, targetId: e.targetId,
    data: JSON.parse(e.data) as Record<string, unknown>, createdAt: iso(e.createdAt), hash: e.hash,
  }
}

/** Audit events with the account that acted, for `auditItem`. */
function eventsWithActor(db: DbOrTx) {
  const { auditEvents: a, users } = tables
  return db.select({ event: a, actor: { id: users.id, name: users.name } }).from(a).leftJoin(users, eq(users.id, a.actorId))
}

export interface AuditFilter {
  /** Only the changes this support session made. */
  supportSessionId?: number
  actorId?: number
  category?: AuditCategory
  from?: Date
  to?: Date
}

/** The SQL of a Kind filter: its actions' prefixes ("member." …); support also takes what sessions did. */
export function categoryWhere(category: AuditCategory): SQL {
  const a = tables.auditEvents
  const prefixes = AUDIT_CATEGORIES[category].map(p => like(a.action, `${p}.%`))
  return (category === 'support' ? or(...prefixes, isNotNull(a.supportSessionId)) : or(...prefixes))!
}

/** The SQL of the audit log page's filters. */
function filterWhere(workspaceId: number, f: AuditFilter): SQL {
  const a = tables.auditEvents
  return and(
    eq(a.workspaceId, workspaceId),
    notARead,
    f.supportSessionId !== undefined ? withinSession(f.supportSessionId) : undefined,
    f.actorId !== undefined ? eq(a.actorId, f.actorId) : undefined,
    f.category ? categoryWhere(f.category) : undefined,
    f.from ? gte(a.createdAt, f.from) : undefined,
    f.to ? lte(a.createdAt, f.to) : undefined,
  )!
}

/** A workspace's audit events, newest first, filtered; with `facets`, everyone who appears in its log. */
export async function listWorkspaceAudit(workspaceId: number, page: number, pageSize: number, filter: AuditFilter = {}, facets = false) {
  const a = tables.auditEvents
  const db = useDb()
  const where = filterWhere(workspaceId, filter)
  const items = (await eventsWithActor(db).where(where).orderBy(desc(a.id)).limit(pageSize).offset((page - 1) * pageSize)).map(auditItem)
  const result = { items, total: await countWhere(db, where) }
  if (!facets) return result
  const { users } = tables
  const people = await db.selectDistinct({ id: a.actorId, name: users.name }).from(a).leftJoin(users, eq(users.id, a.actorId))
    .where(and(eq(a.workspaceId, workspaceId), isNotNull(a.actorId), notARead))
  const actors = people.map(p => ({ id: p.id!, name: p.name ?? DELETED_USER_NAME })).sort((x, y) => x.name.localeCompare(y.name))
  return { ...result, actors }
}

async function countWhere(db: DbOrTx, where: SQL | undefined): Promise<number> {
  const a = tables.auditEvents
  return countOf(db.select({ n: count() }).from(a).where(where))
}

/** How many changes each of these sessions of a workspace made. */
export async function changeCounts(workspaceId: number, sessionIds: number[]): Promise<Map<number, number>> {
  if (sessionIds.length === 0) return new Map()
  const { auditEvents: a, supportSessions: s } = tables
  // One statement: each session's count is read in its own range of the workspace's events.
  // Named in full: drizzle leaves a column unqualified in a selected expression, where it would bind to the subquery's table.
  const changes = sql<number>`(select count(*) from ${a} where ${sql.raw('"audit_events"."workspace_id" = "support_sessions"."workspace_id"')} and ${withinSession(sql.raw('"support_sessions"."id"'))})`
  const rows = await useDb().select({ id: s.id, n: changes.mapWith(Number) }).from(s)
    .where(and(eq(s.workspaceId, workspaceId), inArray(s.id, sessionIds)))
  return new Map(rows.map(r => [r.id, r.n]))
}

/** A session's changes, oldest first, at most `limit`, with how many there are in all: the ended email. */
export async function sessionChanges(db: DbOrTx, session: { id: number, workspace: { id: number } }, limit: number) {
  const a = tables.auditEvents
  const where = and(eq(a.workspaceId, session.workspace.id), withinSession(session.id))
  const items = (await eventsWithActor(db).where(where).orderBy(asc(a.id)).limit(limit)).map(auditItem)
  return { items, total: await countWhere(db, where) }
}
