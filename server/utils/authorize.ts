import type { H3Event } from 'h3'
import { and, eq, sql, type SQL } from 'drizzle-orm'
import { authorize, isReadAction, type Action, type ActorFacts, type Decision, type ProjectAction, type WorkspaceAction } from '#shared/permissions'
import { actorColumns, AUTH_SESSION_TTL_MS, type Actor, type Credentials } from './actor'

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
function activeSupportSessionId(outerWorkspaceId: '"workspaces"."id"' | '"projects"."workspace_id"', by: CallerBy): SQL<number | null> {
  return sql<number | null>`(select ss.id from support_sessions ss where ss.workspace_id = ${sql.raw(outerWorkspaceId)}
    and ss.requested_by = ${callerId(by)} and ss.status = 'active'
    and (ss.expires_at is null or ss.expires_at > ${sql.placeholder('now')}) limit 1)`
}

function workspaceStandingQuery(db: ReturnType<typeof useDb>, by: CallerBy) {
  const { workspaces, workspaceMembers: m, users, userEmails } = tables
  return prepareAs(`workspace_standing_by_${by}`, db
    .select({ caller: actorColumns(), workspace: workspaces, role: m.role, seat: m.seat, supportSessionId: activeSupportSessionId('"workspaces"."id"', by) })
    .from(workspaces)
    .leftJoin(m, and(eq(m.workspaceId, workspaces.id), eq(m.userId, callerId(by))))
    .leftJoin(users, eq(users.id, callerId(by)))
    .leftJoin(userEmails, and(eq(userEmails.userId, users.id), eq(userEmails.primary, true)))
    .where(eq(workspaces.slug, sql.placeholder('slug'))))
}

function projectStandingQuery(db: ReturnType<typeof useDb>, by: CallerBy) {
  const { projects, workspaces, workspaceMembers: m, projectRoles: r, users, userEmails } = tables
  return prepareAs(`project_standing_by_${by}`, db
    .select({
      caller: actorColumns(),
      project: projects,
      workspace: { id: workspaces.id, slug: workspaces.slug, name: workspaces.name },
      role: m.role,
      seat: m.seat,
      projectRole: r.role,
      supportSessionId: activeSupportSessionId('"projects"."workspace_id"', by),
    })
    .from(projects)
    .leftJoin(workspaces, eq(workspaces.id, projects.workspaceId))
    .leftJoin(m, and(eq(m.workspaceId, projects.workspaceId), eq(m.userId, callerId(by))))
    .leftJoin(r, and(eq(r.projectId, projects.id), eq(r.userId, callerId(by))))
    .leftJoin(users, eq(users.id, callerId(by)))
    .leftJoin(userEmails, and(eq(userEmails.userId, users.id), eq(userEmails.primary, true)))
    .where(eq(projects.id, sql.placeholder('projectId'))))
}

const workspaceStanding = {
  userId: preparedOnce(db => workspaceStandingQuery(db, 'userId')),
  token: preparedOnce(db => workspaceStandingQuery(db, 'token')),
  session: preparedOnce(db => workspaceStandingQuery(db, 'session')),
}
const projectStanding = {
  userId: preparedOnce(db => projectStandingQuery(db, 'userId')),
  token: preparedOnce(db => projectStandingQuery(db, 'token')),
  session: preparedOnce(db => projectStandingQuery(db, 'session')),
}

/** The placeholders that name the caller, for each way of naming them. */
function callerParams(credentials: NonNullable<Credentials>) {
  return credentials.via === 'token'
    ? { by: 'token' as const, params: { hash: credentials.hash } }
    : { by: 'session' as const, params: { sid: credentials.sid, since: Date.now() - AUTH_SESSION_TTL_MS } }
}

/** Throws the permission model's refusal in the API's error shape; passes an allowed decision through. */
export function refuseUnless(decision: Decision): asserts decision is Extract<Decision, { authorized: true }> {
  if (!decision.authorized) throw apiError(decision.code, decision.message)
}

export function requireLicense() {
  if (!useServerSettings().enterpriseLicense) throw apiError('WorkspacesNotEnabled', 'Workspaces need an Enterprise license.')
}

/**
 * The support session a standing may count: with support mode off a session approved earlier is no fact
 * anywhere (SPEC 3.4), so neither the permission model nor the write gate can see it.
 */
function countedSession(supportSessionId: number | null): number | null {
  return useServerSettings().supportMode ? supportSessionId : null
}

function workspaceFacts(actor: Actor, row: { role: ActorFacts['workspaceRole'], seat: ActorFacts['seat'], supportSessionId: number | null }): ActorFacts {
  return { serverRole: actor.serverRole, workspaceRole: row.role, seat: row.seat, projectRole: null, activeSupportSession: countedSession(row.supportSessionId) !== null }
}

/**
 * A workspace and the caller's standing in it (role, seat, active support session), in one query.
 * The write gate runs it again inside its transaction.
 */
export async function workspaceStandingOf(actor: Actor, slug: string) {
  const [row] = await workspaceStanding.userId().execute({ slug, userId: actor.id, now: Date.now() })
  if (!row) throw apiError('WorkspaceNotFound', 'Workspace not found.')
  return workspaceStandingFrom(actor, row)
}

function workspaceStandingFrom(actor: Actor, row: Awaited<ReturnType<ReturnType<typeof workspaceStanding.userId>['execute']>>[number]) {
  return { actor, workspace: row.workspace, role: row.role, seat: row.seat, facts: workspaceFacts(actor, row), supportSessionId: countedSession(row.supportSessionId) }
}
export type WorkspaceStanding = Awaited<ReturnType<typeof workspaceStandingOf>>

/** A project with the caller's workspace membership, explicit role and support session, in one query. */
export async function projectStandingOf(actor: Actor, projectId: number) {
  const [row] = await projectStanding.userId().execute({ projectId, userId: actor.id, now: Date.now() })
  if (!row) throw apiError('ProjectNotFound', 'Project not found.')
  return projectStandingFrom(actor, row)
}

function projectStandingFrom(actor: Actor, row: Awaited<ReturnType<ReturnType<typeof projectStanding.userId>['execute']>>[number]) {
  const facts: ActorFacts = { ...workspaceFacts(actor, row), projectRole: row.projectRole }
  const resource = { type: 'project', inWorkspace: row.project.workspaceId !== null, visibility: row.project.visibility } as const
  return { actor, project: row.project, workspace: row.workspace, facts, resource, supportSessionId: countedSession(row.supportSessionId) }
}
export type ProjectStanding = Awaited<ReturnType<typeof projectStandingOf>>

/** Reads go through here; every write goes through the write gate (server/utils/write-gate.ts). */
function assertRead(action: Action) {
  if (!isReadAction(action)) throw new Error(`${action} is a write: define the route with the write gate`)
}

/**
 * Who calls, with their standing, in one statement when the request's credentials are not resolved yet.
 * When it finds no caller or no such thing, the two-step path runs instead, to name the refusal exactly
 * as it always has (a deleted token, a sign-in that lapsed, a workspace or project that does not exist).
 */
async function withCaller<R>(event: H3Event, oneStep: (by: 'token' | 'session', params: Record<string, unknown>) => Promise<R | null>, twoSteps: (actor: Actor) => Promise<R>): Promise<R> {
  if (event.context.actor === undefined) {
    const credentials = await credentialsOf(event)
    if (credentials) {
      const { by, params } = callerParams(credentials)
      const found = await oneStep(by, params)
      if (found) return found
    }
  }
  return twoSteps(await requireActor(event))
}

/** The actor a one-statement read found, remembered for the rest of the request as `getActor` would. */
function rememberCaller(event: H3Event, caller: { id: number | null, name: string | null, serverRole: Actor['serverRole'] | null, email: string | null }, by: 'token' | 'session'): Actor | null {
  if (caller.id === null || caller.email === null) return null
  const actor: Actor = { id: caller.id, name: caller.name!, serverRole: caller.serverRole!, email: caller.email, via: by === 'token' ? 'token' : 'cookie' }
  event.context.actor = actor
  return actor
}

/** Authorizes a read of a workspace: loads it and the caller's standing, then applies the permission model. */
export async function authorizeWorkspace(event: H3Event, slug: string, action: WorkspaceAction) {
  assertRead(action)
  requireLicense()
  const standing = await withCaller(event, async (by, params) => {
    const [row] = await workspaceStanding[by]().execute({ ...params, slug, now: Date.now() })
    const actor = row && rememberCaller(event, row.caller, by)
    return actor ? workspaceStandingFrom(actor, row) : null
  }, actor => workspaceStandingOf(actor, slug))
  refuseUnless(authorize(action, standing.facts, { type: 'workspace' }, useServerSettings()))
  return standing
}

/**
 * The project and the caller's standing exactly as `authorizeProject` reads them (the same prepared
 * statement), with no decision: the bench's baseline, so its ratio measures authorization alone.
 */
export async function projectStandingRowForBench(event: H3Event, projectId: number) {
  const credentials = await credentialsOf(event)
  if (!credentials) return null
  const { by, params } = callerParams(credentials)
  const [row] = await projectStanding[by]().execute({ ...params, projectId, now: Date.now() })
  return row ?? null
}

/** Authorizes a read of a project and its content. */
export async function authorizeProject(event: H3Event, projectId: number, action: ProjectAction) {
  assertRead(action)
  const standing = await withCaller(event, async (by, params) => {
    const [row] = await projectStanding[by]().execute({ ...params, projectId, now: Date.now() })
    const actor = row && rememberCaller(event, row.caller, by)
    return actor ? projectStandingFrom(actor, row) : null
  }, actor => projectStandingOf(actor, projectId))
  refuseUnless(authorize(action, standing.facts, standing.resource, useServerSettings()))
  return standing
}
