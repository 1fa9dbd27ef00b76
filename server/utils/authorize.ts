import type { H3Event } from 'h3'
import { and, eq, sql, type SQL } from 'drizzle-orm'
import { authorize, isReadAction, type Action, type ActorFacts, type Decision, type ProjectAction, type WorkspaceAction } from '#shared/permissions'
import type { Actor } from './actor'

/**
 * Id of the caller's active support session in a workspace, as a scalar subquery.
 * Written with an explicit alias and a qualified outer column: drizzle leaves column names unqualified
 * inside raw SQL, where they would bind to the subquery's own table.
 */
function activeSupportSessionId(outerWorkspaceId: '"workspaces"."id"' | '"projects"."workspace_id"'): SQL<number | null> {
  return sql<number | null>`(select ss.id from support_sessions ss where ss.workspace_id = ${sql.raw(outerWorkspaceId)}
    and ss.requested_by = ${sql.placeholder('userId')} and ss.status = 'active'
    and (ss.expires_at is null or ss.expires_at > ${sql.placeholder('now')}) limit 1)`
}

const workspaceStanding = preparedOnce((db) => {
  const { workspaces, workspaceMembers: m } = tables
  return db
    .select({ workspace: workspaces, role: m.role, seat: m.seat, supportSessionId: activeSupportSessionId('"workspaces"."id"') })
    .from(workspaces)
    .leftJoin(m, and(eq(m.workspaceId, workspaces.id), eq(m.userId, sql.placeholder('userId'))))
    .where(eq(workspaces.slug, sql.placeholder('slug')))
    .prepare()
})

const projectStanding = preparedOnce((db) => {
  const { projects, workspaces, workspaceMembers: m, projectRoles: r } = tables
  return db
    .select({
      project: projects,
      workspace: { id: workspaces.id, slug: workspaces.slug, name: workspaces.name },
      role: m.role,
      seat: m.seat,
      projectRole: r.role,
      supportSessionId: activeSupportSessionId('"projects"."workspace_id"'),
    })
    .from(projects)
    .leftJoin(workspaces, eq(workspaces.id, projects.workspaceId))
    .leftJoin(m, and(eq(m.workspaceId, projects.workspaceId), eq(m.userId, sql.placeholder('userId'))))
    .leftJoin(r, and(eq(r.projectId, projects.id), eq(r.userId, sql.placeholder('userId'))))
    .where(eq(projects.id, sql.placeholder('projectId')))
    .prepare()
})

/** Throws the permission model's refusal in the API's error shape; passes an allowed decision through. */
export function refuseUnless(decision: Decision): asserts decision is Extract<Decision, { authorized: true }> {
  if (!decision.authorized) throw apiError(decision.code, decision.message)
}

export function requireLicense() {
  if (!useServerSettings().enterpriseLicense) throw apiError('WorkspacesNotEnabled', 'Workspaces need an Enterprise license.')
}

function workspaceFacts(actor: Actor, row: { role: ActorFacts['workspaceRole'], seat: ActorFacts['seat'], supportSessionId: number | null }): ActorFacts {
  return { serverRole: actor.serverRole, workspaceRole: row.role, seat: row.seat, projectRole: null, activeSupportSession: row.supportSessionId !== null }
}

/**
 * A workspace and the caller's standing in it (role, seat, active support session), in one query.
 * The write gate runs it again inside its transaction.
 */
export async function workspaceStandingOf(actor: Actor, slug: string) {
  const [row] = await workspaceStanding().execute({ slug, userId: actor.id, now: Date.now() })
  if (!row) throw apiError('WorkspaceNotFound', 'Workspace not found.')
  return { actor, workspace: row.workspace, role: row.role, seat: row.seat, facts: workspaceFacts(actor, row), supportSessionId: row.supportSessionId }
}
export type WorkspaceStanding = Awaited<ReturnType<typeof workspaceStandingOf>>

/** A project with the caller's workspace membership, explicit role and support session, in one query. */
export async function projectStandingOf(actor: Actor, projectId: number) {
  const [row] = await projectStanding().execute({ projectId, userId: actor.id, now: Date.now() })
  if (!row) throw apiError('ProjectNotFound', 'Project not found.')
  const facts: ActorFacts = { ...workspaceFacts(actor, row), projectRole: row.projectRole }
  const resource = { type: 'project', inWorkspace: row.project.workspaceId !== null, visibility: row.project.visibility } as const
  return { actor, project: row.project, workspace: row.workspace, facts, resource, supportSessionId: row.supportSessionId }
}
export type ProjectStanding = Awaited<ReturnType<typeof projectStandingOf>>

/** Reads go through here; every write goes through the write gate (server/utils/write-gate.ts). */
function assertRead(action: Action) {
  if (!isReadAction(action)) throw new Error(`${action} is a write: define the route with the write gate`)
}

/** Authorizes a read of a workspace: loads it and the caller's standing, then applies the permission model. */
export async function authorizeWorkspace(event: H3Event, slug: string, action: WorkspaceAction) {
  assertRead(action)
  requireLicense()
  const standing = await workspaceStandingOf(await requireActor(event), slug)
  refuseUnless(authorize(action, standing.facts, { type: 'workspace' }, useServerSettings()))
  return standing
}

/** Authorizes a read of a project and its content. */
export async function authorizeProject(event: H3Event, projectId: number, action: ProjectAction) {
  assertRead(action)
  const standing = await projectStandingOf(await requireActor(event), projectId)
  refuseUnless(authorize(action, standing.facts, standing.resource, useServerSettings()))
  return standing
}
