import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { parseScope } from '#shared/support/scope'
import type { ActorFacts } from '#shared/permissions'
import { tables, useDb, type Db } from '../../database'
import { preparedOnce, prepareAs } from '../../database/prepared'
import { activeNow, activeNowIn } from './active-now'
import { withAllSessions, type HeldSessions } from './held-sessions'
import { actorColumns, signInValidSince, type Actor, type Credentials } from '../accounts/sessions'

/**
 * A caller's standing in a workspace or project (role, seat, project role, active support session), as
 * reads, writes and listings all read it: one statement, prepared once per connection.
 */

/**
 * Whom a standing is read for: a user already known (the write gate's second look), or the request's
 * credentials, resolved in the same statement. A read then costs one query instead of two, which is
 * most of its cost on PostgreSQL, where every query is a round trip (issue 13).
 */
type CallerBy = 'userId' | 'token' | 'session'

/** The caller's user id as an uncorrelated scalar subquery (the database computes it once per statement). */
function callerId(by: CallerBy): SQL<number> {
  if (by === 'token') return sql<number>`(select t.user_id from api_tokens t where t.token_hash = ${sql.placeholder('hash')})`
  if (by === 'session') return sql<number>`(select s.user_id from auth_sessions s where s.id = ${sql.placeholder('sid')} and s.created_at > ${sql.placeholder('since')})`
  return sql<number>`${sql.placeholder('userId')}`
}

/**
 * Id of the caller's active support session in a workspace, as a scalar subquery.
 * Written with an explicit alias and a qualified outer column: drizzle leaves column names unqualified
 * inside raw SQL, where they would bind to the subquery's own table.
 */
function activeSupportSessionId(outerWorkspaceId: OuterWorkspace, by: CallerBy): SQL<number | null> {
  return activeSessionColumn('ss.id', outerWorkspaceId, by)
}

type OuterWorkspace = '"workspaces"."id"' | '"projects"."workspace_id"'

/**
 * A column of the caller's active support session, as a scalar subquery. The id and the scope are two
 * of them over the same index and the same row (the oldest, so both name one session), and the newest
 * id a third: when it differs, the admin holds several at once and `withAllSessions` reads them all.
 * The standing stays one statement in the usual case (SPEC 3.12).
 */
function activeSessionColumn<T>(column: 'ss.id' | 'ss.scope', outerWorkspaceId: OuterWorkspace, by: CallerBy, order: 'asc' | 'desc' = 'asc'): SQL<T | null> {
  return sql<T | null>`(select ${sql.raw(column)} from support_sessions ss where ss.workspace_id = ${sql.raw(outerWorkspaceId)}
    and ss.requested_by = ${callerId(by)} and ${activeNowIn('ss')} order by ss.id ${sql.raw(order)} limit 1)`
}

function workspaceStandingQuery(db: Db, by: CallerBy) {
  const { workspaces, workspaceMembers: m, users, userEmails } = tables
  return prepareAs(`workspace_standing_by_${by}`, db
    .select({ caller: actorColumns(), workspace: workspaces, role: m.role, seat: m.seat, supportSessionId: activeSupportSessionId('"workspaces"."id"', by), supportScope: activeSessionColumn<string>('ss.scope', '"workspaces"."id"', by), newestSessionId: activeSessionColumn<number>('ss.id', '"workspaces"."id"', by, 'desc') })
    .from(workspaces)
    .leftJoin(m, and(eq(m.workspaceId, workspaces.id), eq(m.userId, callerId(by))))
    .leftJoin(users, eq(users.id, callerId(by)))
    .leftJoin(userEmails, and(eq(userEmails.userId, users.id), eq(userEmails.primary, true)))
    .where(eq(workspaces.slug, sql.placeholder('slug'))))
}

function projectStandingQuery(db: Db, by: CallerBy) {
  const { projects, workspaces, workspaceMembers: m, projectRoles: r, users, userEmails } = tables
  return prepareAs(`project_standing_by_${by}`, db
    .select({
      caller: actorColumns(),
      project: projects,
      workspace: { id: workspaces.id, slug: workspaces.slug, name: workspaces.name, readsRequireSession: workspaces.supportReadsRequireSession },
      role: m.role,
      seat: m.seat,
      projectRole: r.role,
      supportSessionId: activeSupportSessionId('"projects"."workspace_id"', by),
      supportScope: activeSessionColumn<string>('ss.scope', '"projects"."workspace_id"', by),
      newestSessionId: activeSessionColumn<number>('ss.id', '"projects"."workspace_id"', by, 'desc'),
    })
    .from(projects)
    .leftJoin(workspaces, eq(workspaces.id, projects.workspaceId))
    .leftJoin(m, and(eq(m.workspaceId, projects.workspaceId), eq(m.userId, callerId(by))))
    .leftJoin(r, and(eq(r.projectId, projects.id), eq(r.userId, callerId(by))))
    .leftJoin(users, eq(users.id, callerId(by)))
    .leftJoin(userEmails, and(eq(userEmails.userId, users.id), eq(userEmails.primary, true)))
    .where(eq(projects.id, sql.placeholder('projectId'))))
}

export const workspaceStanding = {
  userId: preparedOnce(db => workspaceStandingQuery(db, 'userId')),
  token: preparedOnce(db => workspaceStandingQuery(db, 'token')),
  session: preparedOnce(db => workspaceStandingQuery(db, 'session')),
}
export const projectStanding = {
  userId: preparedOnce(db => projectStandingQuery(db, 'userId')),
  token: preparedOnce(db => projectStandingQuery(db, 'token')),
  session: preparedOnce(db => projectStandingQuery(db, 'session')),
}

/** The placeholders that name the caller, for each way of naming them. */
export function callerParams(credentials: NonNullable<Credentials>) {
  return credentials.via === 'token'
    ? { by: 'token' as const, params: { hash: credentials.hash } }
    : { by: 'session' as const, params: { sid: credentials.sid, since: signInValidSince() } }
}

/**
 * The support session a standing may count: with support mode off a session approved earlier is no fact
 * anywhere (SPEC 3.4), so neither the permission model nor the write gate can see it.
 */
function countedSession(supportSessionId: number | null): number | null {
  return useServerSettings().supportMode ? supportSessionId : null
}


function workspaceFacts(actor: Actor, row: { role: ActorFacts['workspaceRole'], seat: ActorFacts['seat'] } & HeldSessions): ActorFacts {
  const lent = countedSession(row.supportSessionId) !== null
  const scopes = lent && row.sessions && row.sessions.length > 1 ? { supportScopes: row.sessions.map(x => parseScope(x.scope)) } : {}
  return { serverRole: actor.serverRole, workspaceRole: row.role, seat: row.seat, projectRole: null, activeSupportSession: lent, ...(lent ? { supportScope: parseScope(row.supportScope), ...scopes } : {}) }
}

/** The ids of the sessions the facts' `supportScopes` list, in their order (one, or none). */
function heldIds(row: HeldSessions): number[] {
  if (countedSession(row.supportSessionId) === null) return []
  return row.sessions && row.sessions.length > 1 ? row.sessions.map(x => x.id) : [row.supportSessionId!]
}

/** Which session lent what a decision allowed: the one its `lentBy` names, else the only one. */
export function lendingSession(standing: { supportSessionIds: number[] }, decision: { lentBy?: number }): number | null {
  return standing.supportSessionIds[decision.lentBy ?? 0] ?? null
}

/**
 * A workspace and the caller's standing in it (role, seat, active support session), in one query.
 * The write gate runs it again inside its transaction.
 */
export async function workspaceStandingOf(actor: Actor, slug: string) {
  const [row] = await workspaceStanding.userId().execute({ slug, userId: actor.id, now: Date.now() })
  if (!row) throw apiError('WorkspaceNotFound', 'Workspace not found.')
  return workspaceStandingFrom(actor, await withAllSessions(row, actor.id, row.workspace.id))
}

type WorkspaceStandingRow = Awaited<ReturnType<ReturnType<typeof workspaceStanding.userId>['execute']>>[number]

export function workspaceStandingFrom(actor: Actor, row: Omit<WorkspaceStandingRow, 'caller' | 'newestSessionId'> & HeldSessions) {
  const resource = { type: 'workspace', readsRequireSession: row.workspace.supportReadsRequireSession } as const
  return { actor, workspace: row.workspace, role: row.role, seat: row.seat, facts: workspaceFacts(actor, row), resource, supportSessionId: countedSession(row.supportSessionId), supportSessionIds: heldIds(row) }
}
export type WorkspaceStanding = Awaited<ReturnType<typeof workspaceStandingOf>>

/**
 * The caller's standing in each of several workspaces, as `workspaceStandingOf` reads it for one, for a
 * server-wide view that carries their data (SPEC 3.10): two queries, whatever the number of workspaces.
 */
export async function workspaceStandingsOf(actor: Actor, workspaceIds: number[]) {
  if (!workspaceIds.length) return []
  const db = useDb()
  const { workspaces: w, workspaceMembers: m, supportSessions: s } = tables
  const rows = await db.select({ workspace: w, role: m.role, seat: m.seat }).from(w)
    .leftJoin(m, and(eq(m.workspaceId, w.id), eq(m.userId, actor.id))).where(inArray(w.id, workspaceIds))
  const sessions = await db.select({ id: s.id, workspaceId: s.workspaceId, scope: s.scope }).from(s)
    .where(and(eq(s.requestedBy, actor.id), inArray(s.workspaceId, workspaceIds), activeNow(new Date()))).orderBy(asc(s.id))
  // Oldest first, as the standing query reads them: each workspace's sessions, every one lending what it lends.
  const sessionsIn = new Map<number, { id: number, scope: string }[]>()
  for (const x of sessions) sessionsIn.set(x.workspaceId, [...sessionsIn.get(x.workspaceId) ?? [], x])
  return rows.map((row) => {
    const held = sessionsIn.get(row.workspace.id) ?? []
    return workspaceStandingFrom(actor, { ...row, supportSessionId: held[0]?.id ?? null, supportScope: held[0]?.scope ?? null, sessions: held })
  })
}

/** A project with the caller's workspace membership, explicit role and support session, in one query. */
export async function projectStandingOf(actor: Actor, projectId: number) {
  const [row] = await projectStanding.userId().execute({ projectId, userId: actor.id, now: Date.now() })
  if (!row) throw apiError('ProjectNotFound', 'Project not found.')
  return projectStandingFrom(actor, await withAllSessions(row, actor.id, row.project.workspaceId))
}

export function projectStandingFrom(actor: Actor, row: Awaited<ReturnType<ReturnType<typeof projectStanding.userId>['execute']>>[number] & HeldSessions) {
  const facts: ActorFacts = { ...workspaceFacts(actor, row), projectRole: row.projectRole }
  const resource = { type: 'project', inWorkspace: row.project.workspaceId !== null, visibility: row.project.visibility, readsRequireSession: row.workspace?.readsRequireSession ?? false, projectId: row.project.id } as const
  return { actor, project: row.project, workspace: row.workspace, facts, resource, supportSessionId: countedSession(row.supportSessionId), supportSessionIds: heldIds(row) }
}
export type ProjectStanding = Awaited<ReturnType<typeof projectStandingOf>>
