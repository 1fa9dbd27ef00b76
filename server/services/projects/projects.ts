import { and, desc, eq, isNull } from 'drizzle-orm'
import type { WriteScope } from '../write-scope'
import { authorize, effectiveProjectRole, projectPermissions, type ActorFacts, type ResourceFacts } from '#shared/permissions'
import { tables, useDb } from '../../database'

type ProjectRow = typeof tables.projects.$inferSelect

export function serializeProject(p: ProjectRow) {
  return { id: p.id, workspaceId: p.workspaceId, name: p.name, description: p.description, visibility: p.visibility, createdAt: iso(p.createdAt), updatedAt: iso(p.updatedAt) }
}

export function projectResource(p: Pick<ProjectRow, 'id' | 'workspaceId' | 'visibility'>, readsRequireSession = false) {
  return { type: 'project', inWorkspace: p.workspaceId !== null, visibility: p.visibility, readsRequireSession, projectId: p.id } as const satisfies ResourceFacts
}

/** `GET /api/projects/:id`: the project, my effective role and what I may do. */
export function projectView(project: ProjectRow, workspace: { id: number, slug: string, name: string } | null, facts: ActorFacts) {
  const resource = projectResource(project)
  const settings = useServerSettings()
  const personal = !resource.inWorkspace || !settings.enterpriseLicense
  return {
    project: serializeProject(project),
    workspace: workspace?.id ? { id: workspace.id, slug: workspace.slug, name: workspace.name } : null,
    role: personal ? facts.projectRole : effectiveProjectRole(facts, resource),
    permissions: projectPermissions(facts, resource, settings),
  }
}

/** Personal projects (no workspace) where the user holds an explicit role. */
export async function listPersonalProjects(userId: number) {
  const { projects: p, projectRoles: r } = tables
  const rows = await useDb().select({ project: p, role: r.role }).from(p)
    .innerJoin(r, and(eq(r.projectId, p.id), eq(r.userId, userId)))
    .where(isNull(p.workspaceId)).orderBy(desc(p.id))
  return rows.map(({ project, role }) => ({ ...serializeProject(project), role }))
}

/** A workspace's projects the caller may read, with their effective role on each; one query. */
export async function listVisibleWorkspaceProjects(workspaceId: number, actorId: number, facts: ActorFacts, readsRequireSession = false) {
  const { projects: p, projectRoles: r } = tables
  const settings = useServerSettings()
  const db = useDb()
  const rows = await db.select({
    project: p,
    explicit: r.role,
    modelCount: db.$count(tables.models, eq(tables.models.projectId, p.id)),
  }).from(p)
    .leftJoin(r, and(eq(r.projectId, p.id), eq(r.userId, actorId)))
    .where(eq(p.workspaceId, workspaceId)).orderBy(desc(p.id))
  return rows.flatMap(({ project, explicit, modelCount }) => {
    const who = { ...facts, projectRole: explicit }
    // As the project's own read decides: a session scoped to some projects lists only those where reads need one.
    const resource = projectResource(project, readsRequireSession)
    if (!authorize('project.read', who, resource, settings).authorized) return []
    return [{ ...serializeProject(project), role: effectiveProjectRole(who, resource), modelCount }]
  })
}

/**
 * Creates a project; its creator becomes the first explicit Owner. A server admin creating through a
 * support session gets no role (SPEC 3.6): workspace Admins own it implicitly, and the session leaves
 * nothing behind for its holder.
 */
export async function createProject({ tx, actor, supportSessionId, audit }: WriteScope, input: { workspaceId: number | null, name: string, description: string, visibility: 'workspace' | 'private' }) {
  const { projects: p, projectRoles: r } = tables
  const project = (await tx.insert(p).values({ ...input, createdBy: actor.id }).returning())[0]!
  if (supportSessionId === null) await tx.insert(r).values({ projectId: project.id, userId: actor.id, role: 'owner' })
  if (input.workspaceId !== null) await audit({ workspaceId: input.workspaceId, action: 'project.created', targetType: 'project', targetId: project.id, data: { name: project.name, visibility: project.visibility } })
  return serializeProject(project)
}

type ProjectChanges = { name?: string, description?: string, visibility?: 'workspace' | 'private' }

/** Changes a project's settings; the audit event keeps each changed field's value before and after. */
export async function updateProject({ tx, audit, project }: WriteScope & { project: ProjectRow }, changes: ProjectChanges) {
  const p = tables.projects
  const [row] = await tx.update(p).set({ ...changes, updatedAt: new Date() }).where(eq(p.id, project.id)).returning()
  if (!row) throw apiError('ProjectNotFound', 'Project not found.')
  const fields = (Object.keys(changes) as (keyof ProjectChanges)[]).filter(key => project[key] !== row[key])
  if (project.workspaceId !== null && fields.length) {
    await audit({ action: 'project.updated', targetType: 'project', targetId: project.id, data: { name: project.name, changes: Object.fromEntries(fields.map(key => [key, { from: project[key], to: row[key] }])) } })
  }
  return serializeProject(row)
}

export async function deleteProject({ tx, audit, project }: WriteScope & { project: ProjectRow }) {
  const [gone] = await tx.delete(tables.projects).where(eq(tables.projects.id, project.id)).returning({ name: tables.projects.name })
  if (!gone) throw apiError('ProjectNotFound', 'Project not found.')
  if (project.workspaceId !== null) await audit({ action: 'project.deleted', targetType: 'project', targetId: project.id, data: { name: gone.name } })
}
