import { asc, eq } from 'drizzle-orm'
import { workspacePermissions, type ActorFacts } from '#shared/permissions'
import type { Actor } from '../utils/actor'
import { appendAudit } from './audit'

/** Workspaces the user belongs to, with their role and seat. */
export function listMyWorkspaces(userId: number) {
  const { workspaces: w, workspaceMembers: m, projects: p } = tables
  const db = useDb()
  return db.select({
    id: w.id, slug: w.slug, name: w.name, plan: w.plan, role: m.role, seat: m.seat,
    projectCount: db.$count(p, eq(p.workspaceId, w.id)),
  }).from(m).innerJoin(w, eq(w.id, m.workspaceId)).where(eq(m.userId, userId)).orderBy(asc(w.name)).all()
}

type WorkspaceRow = typeof tables.workspaces.$inferSelect

export function serializeWorkspace(w: WorkspaceRow) {
  return {
    id: w.id, slug: w.slug, name: w.name, description: w.description, plan: w.plan,
    discoverable: w.discoverable, autoJoin: w.autoJoin, domainProtection: w.domainProtection, createdAt: iso(w.createdAt),
  }
}

/** `GET /api/workspaces/:slug`: the workspace, my standing in it and what I may do. */
export function workspaceView(workspace: WorkspaceRow, facts: ActorFacts) {
  return {
    workspace: serializeWorkspace(workspace),
    role: facts.workspaceRole,
    seat: facts.seat,
    supportSession: facts.activeSupportSession,
    supportMode: useServerSettings().supportMode,
    permissions: workspacePermissions(facts, useServerSettings()),
  }
}

export function isSlugTaken(slug: string): boolean {
  return !!useDb().select({ id: tables.workspaces.id }).from(tables.workspaces).where(eq(tables.workspaces.slug, slug)).get()
}

function slugify(name: string): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40)
  return base.length >= 2 ? base : `workspace-${base}`.replace(/-+$/, '')
}

/** Creates a workspace; its creator becomes Admin with an Editor seat. */
export function createWorkspace(actor: Actor, input: { name: string, slug?: string }) {
  const { workspaces: w, workspaceMembers: m } = tables
  return useDb().transaction((tx) => {
    let slug = input.slug ?? slugify(input.name)
    if (input.slug && isSlugTaken(slug)) throw apiError('WorkspaceSlugTaken', `The address “${slug}” is taken. Choose another.`)
    for (let n = 2; isSlugTaken(slug); n++) slug = `${slugify(input.name)}-${n}`
    const workspace = tx.insert(w).values({ name: input.name, slug }).returning().get()
    tx.insert(m).values({ workspaceId: workspace.id, userId: actor.id, role: 'admin', seat: 'editor' }).run()
    appendAudit({ workspaceId: workspace.id, actorId: actor.id, action: 'workspace.created', targetType: 'workspace', targetId: workspace.id, data: { name: workspace.name } })
    return serializeWorkspace(workspace)
  }, { behavior: 'immediate' })
}

export function updateWorkspace(actor: Actor, workspaceId: number, changes: Partial<Pick<WorkspaceRow, 'name' | 'description' | 'discoverable' | 'autoJoin' | 'domainProtection'>>) {
  const w = tables.workspaces
  return useDb().transaction((tx) => {
    const row = tx.update(w).set(changes).where(eq(w.id, workspaceId)).returning().get()!
    appendAudit({ workspaceId, actorId: actor.id, action: 'workspace.updated', targetType: 'workspace', targetId: workspaceId, data: changes })
    return serializeWorkspace(row)
  }, { behavior: 'immediate' })
}
