import { and, asc, eq } from 'drizzle-orm'
import { workspacePermissions, type ActorFacts } from '#shared/permissions'

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

export function membershipOf(workspaceId: number, userId: number) {
  const m = tables.workspaceMembers
  return useDb().select().from(m).where(and(eq(m.workspaceId, workspaceId), eq(m.userId, userId))).get() ?? null
}
