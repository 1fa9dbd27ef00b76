import { and, desc, eq, isNull } from 'drizzle-orm'
import type { Actor } from '../utils/actor'
import { appendAudit } from './audit'
import { authorize, effectiveProjectRole, projectPermissions, type ActorFacts, type ResourceFacts } from '#shared/permissions'

type ProjectRow = typeof tables.projects.$inferSelect

export function serializeProject(p: ProjectRow) {
  return { id: p.id, workspaceId: p.workspaceId, name: p.name, description: p.description, visibility: p.visibility, createdAt: iso(p.createdAt), updatedAt: iso(p.updatedAt) }
}

export function projectResource(p: Pick<ProjectRow, 'workspaceId' | 'visibility'>) {
  return { type: 'project', inWorkspace: p.workspaceId !== null, visibility: p.visibility } as const satisfies ResourceFacts
}

/** `GET /api/projects/:id`: the project, my effective role and what I may do. */
export function projectView(project: ProjectRow, workspace: { id: number, slug: string, name: string } | null, facts: ActorFacts) {
  const resource = projectResource(project)
  const settings = useServerSettings()
  const personal = !resource.inWorkspace || !settings.enterpriseLicense
  return {
    project: serializeProject(project),
    workspace: workspace?.id ? workspace : null,
    role: personal ? facts.projectRole : effectiveProjectRole(facts, resource),
    permissions: projectPermissions(facts, resource, settings),
  }
}

/** Personal projects (no workspace) where the user holds an explicit role. */
export function listPersonalProjects(userId: number) {
  const { projects: p, projectRoles: r } = tables
  return useDb().select({ project: p, role: r.role }).from(p)
    .innerJoin(r, and(eq(r.projectId, p.id), eq(r.userId, userId)))
    .where(isNull(p.workspaceId)).orderBy(desc(p.id)).all()
    .map(({ project, role }) => ({ ...serializeProject(project), role }))
}

/** A workspace's projects the caller may read, with their effective role on each; one query. */
export function listVisibleWorkspaceProjects(workspaceId: number, actorId: number, facts: ActorFacts) {
  const { projects: p, projectRoles: r } = tables
  const settings = useServerSettings()
  const db = useDb()
  const rows = db.select({
    project: p,
    explicit: r.role,
    modelCount: db.$count(tables.models, eq(tables.models.projectId, p.id)),
  }).from(p)
    .leftJoin(r, and(eq(r.projectId, p.id), eq(r.userId, actorId)))
    .where(eq(p.workspaceId, workspaceId)).orderBy(desc(p.id)).all()
  return rows.flatMap(({ project, explicit, modelCount }) => {
    const who = { ...facts, projectRole: explicit }
    const resource = projectResource(project)
    if (!authorize('project.read', who, resource, settings).authorized) return []
    return [{ ...serializeProject(project), role: effectiveProjectRole(who, resource), modelCount }]
  })
}

/**
 * Creates a project; its creator becomes the first explicit Owner. A server admin creating through a
 * support session is not a member, so they get no role (workspace Admins own it implicitly).
 */
export function createProject(input: { workspaceId: number | null, name: string, description: string, visibility: 'workspace' | 'private' }, actor: Actor, creatorIsMember: boolean) {
  const { projects: p, projectRoles: r } = tables
  return useDb().transaction((tx) => {
    const project = tx.insert(p).values({ ...input, createdBy: actor.id }).returning().get()
    if (creatorIsMember || input.workspaceId === null) tx.insert(r).values({ projectId: project.id, userId: actor.id, role: 'owner' }).run()
    if (input.workspaceId !== null) appendAudit({ workspaceId: input.workspaceId, actorId: actor.id, action: 'project.created', targetType: 'project', targetId: project.id, data: { name: project.name } })
    return serializeProject(project)
  }, { behavior: 'immediate' })
}

export function updateProject(projectId: number, changes: { name?: string, description?: string, visibility?: 'workspace' | 'private' }) {
  const p = tables.projects
  const row = useDb().update(p).set({ ...changes, updatedAt: new Date() }).where(eq(p.id, projectId)).returning().get()
  if (!row) throw apiError('ProjectNotFound', 'Project not found.')
  return serializeProject(row)
}

export function deleteProject(projectId: number, workspaceId: number | null, actor: Actor) {
  useDb().transaction((tx) => {
    const gone = tx.delete(tables.projects).where(eq(tables.projects.id, projectId)).returning({ name: tables.projects.name }).get()
    if (!gone) throw apiError('ProjectNotFound', 'Project not found.')
    if (workspaceId !== null) appendAudit({ workspaceId, actorId: actor.id, action: 'project.deleted', targetType: 'project', targetId: projectId, data: { name: gone.name } })
  }, { behavior: 'immediate' })
}
