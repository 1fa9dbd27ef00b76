import { and, asc, eq, exists, or } from 'drizzle-orm'
import { supportSessionsShown, workspacePermissions, type ActorFacts, type ResourceFacts } from '#shared/permissions'
import { RESERVED_WORKSPACE_SLUGS } from '#shared/schemas/workspaces'
import type { DbOrTx } from '../../database'
import type { WriteScope } from '../write-scope'
import { activeSupportIn, pendingSupportRequests } from '../support/queries'
import { listVisibleWorkspaceProjects } from '../projects/projects'
import { unreviewedEmergencies } from '../support/review'
import { anyRow, tables, useDb } from '../../database'

/**
 * Workspaces the user belongs to, with their role, seat and the number of projects they can open there
 * (SPEC 3.1: Admins all, Members the workspace-visible ones, everyone those they hold a role on).
 */
export async function listMyWorkspaces(userId: number) {
  const { workspaces: w, workspaceMembers: m, projects: p, projectRoles: r } = tables
  const db = useDb()
  const visible = or(
    eq(m.role, 'admin'),
    and(eq(m.role, 'member'), eq(p.visibility, 'workspace')),
    exists(db.select({ x: r.projectId }).from(r).where(and(eq(r.projectId, p.id), eq(r.userId, userId)))),
  )
  const supportMode = useServerSettings().supportMode
  const rows = await db.select({
    id: w.id, slug: w.slug, name: w.name, plan: w.plan, role: m.role, seat: m.seat,
    projectCount: db.$count(p, and(eq(p.workspaceId, w.id), visible)),
  }).from(m).innerJoin(w, eq(w.id, m.workspaceId)).where(eq(m.userId, userId)).orderBy(asc(w.name))
  // Admins see how many support requests wait for them; nobody else can act on one.
  // Everyone sees whether a server admin can change the workspace right now (SPEC 3.8).
  return Promise.all(rows.map(async row => ({
    ...row,
    pendingSupportRequests: supportMode && row.role === 'admin' ? await pendingSupportRequests(db, row.id) : 0,
    activeSupport: supportMode ? (await activeSupportIn(row.id)).length : 0,
  })))
}

type WorkspaceRow = typeof tables.workspaces.$inferSelect

export function serializeWorkspace(w: WorkspaceRow) {
  return {
    id: w.id, slug: w.slug, name: w.name, description: w.description, plan: w.plan,
    discoverable: w.discoverable, autoJoin: w.autoJoin, domainProtection: w.domainProtection, createdAt: iso(w.createdAt),
  }
}

/** `GET /api/workspaces/:slug`: the workspace, my standing in it and what I may do. */
export async function workspaceView(workspace: WorkspaceRow, facts: ActorFacts, reader?: { actorId: number, resource: ResourceFacts }) {
  // The banner names a scope's projects only where the reader may open them, as their project list decides.
  const mayName = reader && (async () => {
    const readable = new Set((await listVisibleWorkspaceProjects(workspace.id, reader.actorId, facts, workspace.supportReadsRequireSession)).map(p => p.id))
    return (projectId: number) => readable.has(projectId)
  })
  const permissions = workspacePermissions(facts, useServerSettings())
  // A server admin kept out of the support area sees only their own session in the banner: the others' scopes name projects.
  const onlyOf = reader && supportSessionsShown(facts, reader.resource, useServerSettings()) === 'own' ? reader.actorId : undefined
  return {
    workspace: serializeWorkspace(workspace),
    role: facts.workspaceRole,
    seat: facts.seat,
    supportSession: facts.activeSupportSession && useServerSettings().supportMode,
    supportMode: useServerSettings().supportMode,
    permissions,
    pendingSupportRequests: permissions.canManageSupport.authorized ? await pendingSupportRequests(useDb(), workspace.id) : 0,
    // Everyone who can see the workspace sees who can change it through support access (SPEC 3.8).
    activeSupport: useServerSettings().supportMode ? await activeSupportIn(workspace.id, new Date(), onlyOf, mayName) : [],
    // SPEC 3.13: the badge until each emergency session is reviewed, for those who review it.
    unreviewedEmergencies: permissions.canManageSupport.authorized && useServerSettings().supportMode ? await unreviewedEmergencies(useDb(), workspace.id) : 0,
  }
}

export async function isSlugTaken(db: DbOrTx, slug: string): Promise<boolean> {
  return RESERVED_WORKSPACE_SLUGS.has(slug) || anyRow(db.select({ id: tables.workspaces.id }).from(tables.workspaces).where(eq(tables.workspaces.slug, slug)))
}

function slugify(name: string): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40)
  return base.length >= 2 ? base : `workspace-${base}`.replace(/-+$/, '')
}

/** Creates a workspace; its creator becomes Admin with an Editor seat. Reserved addresses get a suffix when derived from the name. */
export async function createWorkspace({ tx, actor, audit }: WriteScope, input: { name: string, slug?: string }) {
  const { workspaces: w, workspaceMembers: m } = tables
  let slug = input.slug ?? slugify(input.name)
  if (input.slug && await isSlugTaken(tx, slug)) throw apiError('WorkspaceSlugTaken', `The address “${slug}” is taken. Choose another.`)
  for (let n = 2; await isSlugTaken(tx, slug); n++) slug = `${slugify(input.name)}-${n}`
  const workspace = (await tx.insert(w).values({ name: input.name, slug }).returning())[0]!
  await tx.insert(m).values({ workspaceId: workspace.id, userId: actor.id, role: 'admin', seat: 'editor' })
  await audit({ workspaceId: workspace.id, action: 'workspace.created', targetType: 'workspace', targetId: workspace.id, data: { name: workspace.name } })
  return serializeWorkspace(workspace)
}

type WorkspaceChanges = Partial<Pick<WorkspaceRow, 'name' | 'description' | 'discoverable' | 'autoJoin' | 'domainProtection'>>

/** Changes workspace settings; the audit event keeps each changed field's value before and after. */
export async function updateWorkspace({ tx, audit, workspace }: WriteScope & { workspace: WorkspaceRow }, changes: WorkspaceChanges) {
  const w = tables.workspaces
  const row = (await tx.update(w).set(changes).where(eq(w.id, workspace.id)).returning())[0]!
  const fields = (Object.keys(changes) as (keyof WorkspaceChanges)[]).filter(key => workspace[key] !== row[key])
  await audit({ action: 'workspace.updated', targetType: 'workspace', targetId: workspace.id, data: { name: workspace.name, changes: Object.fromEntries(fields.map(key => [key, { from: workspace[key], to: row[key] }])) } })
  return serializeWorkspace(row)
}
