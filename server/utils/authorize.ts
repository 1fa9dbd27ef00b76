import type { H3Event } from 'h3'
import { and, eq, sql, type SQL } from 'drizzle-orm'
import { authorize, type Action, type ActorFacts, type ProjectAction, type ResourceFacts, type WorkspaceAction } from '#shared/permissions'
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

function enforce(event: H3Event, action: Action, facts: ActorFacts, resource: ResourceFacts, support: { sessionId: number | null, workspaceId: number | null }) {
  const decision = authorize(action, facts, resource, useServerSettings())
  if (!decision.authorized) throw apiError(decision.code, decision.message)
  // Writes allowed only through a support session are audited with that session (see plugins/support-audit).
  if (decision.viaSupportSession && support.sessionId !== null) event.context.supportWrite = { sessionId: support.sessionId, workspaceId: support.workspaceId! }
}

export function requireLicense() {
  if (!useServerSettings().enterpriseLicense) throw apiError('WorkspacesNotEnabled', 'Workspaces need an Enterprise license.')
}

/** Loads a workspace and the caller's standing in it in one query, then applies the permission model. */
export async function authorizeWorkspace(event: H3Event, slug: string, action: WorkspaceAction) {
  requireLicense()
  const actor = await requireActor(event)
  const row = workspaceStanding().get({ slug, userId: actor.id, now: Date.now() })
  if (!row) throw apiError('WorkspaceNotFound', 'Workspace not found.')
  const facts = workspaceFacts(actor, row)
  enforce(event, action, facts, { type: 'workspace' }, { sessionId: row.supportSessionId, workspaceId: row.workspace.id })
  return { actor, workspace: row.workspace, role: row.role, seat: row.seat, facts }
}

function workspaceFacts(actor: Actor, row: { role: ActorFacts['workspaceRole'], seat: ActorFacts['seat'], supportSessionId: number | null }): ActorFacts {
  return { serverRole: actor.serverRole, workspaceRole: row.role, seat: row.seat, projectRole: null, activeSupportSession: row.supportSessionId !== null }
}

/** Loads a project with the caller's workspace membership and explicit role in one query, then applies the model. */
export async function authorizeProject(event: H3Event, projectId: number, action: ProjectAction) {
  const actor = await requireActor(event)
  const row = projectStanding().get({ projectId, userId: actor.id, now: Date.now() })
  if (!row) throw apiError('ProjectNotFound', 'Project not found.')
  const facts: ActorFacts = { ...workspaceFacts(actor, row), projectRole: row.projectRole }
  const resource = { type: 'project', inWorkspace: row.project.workspaceId !== null, visibility: row.project.visibility } as const
  enforce(event, action, facts, resource, { sessionId: row.supportSessionId, workspaceId: row.project.workspaceId })
  return { actor, project: row.project, workspace: row.workspace, facts, resource }
}
